"""POST /api/v1/events/ under hostile input: one bad item of any shape rejects that item
only, naming the field; only a body that is not ``{"events": [...]}`` is a 400."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import APIToken

from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

URL = "/api/v1/events/"
FIELDS = ("event_id", "asset_id", "kind", "occurred_at", "deal_id", "metadata")


def api_client(user) -> Client:
    _, key = APIToken.create_token(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def valid_event(asset, **overrides) -> dict:
    item = {
        "event_id": str(uuid.uuid4()),
        "asset_id": asset.pk,
        "kind": "view",
        "occurred_at": (timezone.now() - datetime.timedelta(minutes=5)).isoformat(),
        "metadata": {"source": "crm-plugin", "nested": {"ok": [1, 2.5, True, None]}},
    }
    item.update(overrides)
    return item


def nested(depth: int):
    value: object = "bottom"
    for _ in range(depth):
        value = {"k": value}
    return value


# Raw JSON that json.dumps cannot write: replaced into the body text after dumping.
RAW = {
    "__HUGE_INT__": "9" * 5000,  # longer than Python's int() accepts by default
    "__INFINITY__": "1e400",  # parses to float('inf'); PostgreSQL's jsonb refuses it
}


def hostile_items(asset, deal_external_id: str) -> list[tuple[dict | object, str]]:
    """(item, the one field it must be rejected for)."""
    now = timezone.now()
    naive = (now - datetime.timedelta(minutes=5)).replace(tzinfo=None).isoformat()
    return [
        (valid_event(asset, asset_id=10**30), "asset_id"),
        (valid_event(asset, asset_id=2**63), "asset_id"),
        (valid_event(asset, asset_id=-1), "asset_id"),
        (valid_event(asset, asset_id=[asset.pk]), "asset_id"),
        (valid_event(asset, asset_id={"id": asset.pk}), "asset_id"),
        (valid_event(asset, asset_id="²"), "asset_id"),  # str.isdigit() says yes
        (valid_event(asset, asset_id=True), "asset_id"),
        (valid_event(asset, asset_id=1.5), "asset_id"),
        (valid_event(asset, asset_id="__HUGE_INT__"), "asset_id"),
        (valid_event(asset, kind=["view"]), "kind"),
        (valid_event(asset, kind={"view": 1}), "kind"),
        (valid_event(asset, kind="view\x00"), "kind"),
        (valid_event(asset, kind=None), "kind"),
        (valid_event(asset, event_id="\x00"), "event_id"),
        (valid_event(asset, event_id=[str(uuid.uuid4())]), "event_id"),
        (valid_event(asset, event_id=12), "event_id"),
        (valid_event(asset, event_id="x" * 100_000), "event_id"),
        (valid_event(asset, occurred_at="0001-01-01T00:00:00Z"), "occurred_at"),
        (valid_event(asset, occurred_at="0001-01-01T00:00:00+05:00"), "occurred_at"),
        (valid_event(asset, occurred_at="1970-01-01T00:00:00Z"), "occurred_at"),
        (valid_event(asset, occurred_at="9999-12-31T23:59:59-05:00"), "occurred_at"),
        (valid_event(asset, occurred_at=naive), "occurred_at"),
        (valid_event(asset, occurred_at=1_700_000_000), "occurred_at"),
        (valid_event(asset, occurred_at=[now.isoformat()]), "occurred_at"),
        (valid_event(asset, occurred_at="2025-01-01T00:00:00\x00Z"), "occurred_at"),
        (valid_event(asset, deal_id=f"{deal_external_id}\x00"), "deal_id"),
        (valid_event(asset, deal_id=[deal_external_id]), "deal_id"),
        (valid_event(asset, deal_id={"id": deal_external_id}), "deal_id"),
        (valid_event(asset, deal_id="D" * 10_000), "deal_id"),
        (valid_event(asset, deal_id="\ud800"), "deal_id"),
        (valid_event(asset, metadata={"note": "a\x00b"}), "metadata"),
        (valid_event(asset, metadata={"a\x00": 1}), "metadata"),
        (valid_event(asset, metadata={"s": "\ud800"}), "metadata"),
        (valid_event(asset, metadata=nested(6)), "metadata"),
        (valid_event(asset, metadata=nested(300)), "metadata"),
        (valid_event(asset, metadata={"big": "x" * 5000}), "metadata"),
        (valid_event(asset, metadata={"many": list(range(3000))}), "metadata"),
        (valid_event(asset, metadata={"n": 10**30}), "metadata"),
        (valid_event(asset, metadata={"n": "__HUGE_INT__"}), "metadata"),
        (valid_event(asset, metadata={"n": "__INFINITY__"}), "metadata"),
        (valid_event(asset, metadata="a string"), "metadata"),
        (valid_event(asset, metadata=[1, 2]), "metadata"),
        ("not an object", "event"),
        (12345, "event"),
        (None, "event"),
        ([valid_event(asset)], "event"),
    ]


def body_text(payload) -> str:
    text = json.dumps(payload)
    for marker, literal in RAW.items():
        text = text.replace(f'"{marker}"', literal)
    return text


@pytest.mark.django_db
def test_1000_events_with_hostile_items_reject_exactly_those(library, sales_user):
    # given a batch of 1,000, one in twenty of them hostile in its own way
    asset = CaseStudyPageFactory()
    DealFactory(external_id="006MINE", owner=sales_user)
    hostile = hostile_items(asset, "006MINE")
    items: list = []
    expected: dict[int, str] = {}
    for index in range(1000):
        if index % 20 == 7 and len(expected) < len(hostile):
            item, field = hostile[len(expected)]
            expected[index] = field
            items.append(item)
        else:
            items.append(valid_event(asset, deal_id="006MINE" if index % 3 else None))
    assert len(expected) == len(hostile)

    # when posted
    response = api_client(sales_user).post(
        URL, data=body_text({"events": items}), content_type="application/json"
    )

    # then exactly the hostile items are rejected, each for its own field
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    rejected = {item["index"]: item for item in body["rejected"]}
    assert set(rejected) == set(expected)
    for index, field in expected.items():
        assert set(rejected[index]["errors"]) == {field}, (index, rejected[index])
        assert all(isinstance(m, str) for m in rejected[index]["errors"][field])
    assert body["accepted"] == 1000 - len(expected)
    assert UsageEvent.objects.count() == 1000 - len(expected)
    # a hostile event_id is echoed cut short, a structure not at all
    assert len(rejected[expected_index(expected, hostile, "x" * 100_000)]["event_id"]) == 100
    assert rejected[expected_index(expected, hostile, 12)]["event_id"] is None


def expected_index(expected, hostile, event_id) -> int:
    position = next(i for i, (item, _) in enumerate(hostile) if _event_id_of(item) == event_id)
    return sorted(expected)[position]


def _event_id_of(item):
    return item.get("event_id") if isinstance(item, dict) else None


@pytest.mark.django_db
def test_the_messages_say_what_is_wrong(library, sales_user):
    asset = CaseStudyPageFactory()
    now = timezone.now()
    items = [
        valid_event(asset, occurred_at="1970-01-01T00:00:00Z"),
        valid_event(asset, occurred_at=now.replace(tzinfo=None).isoformat()),
        valid_event(asset, metadata=nested(6)),
        valid_event(asset, metadata={"big": "x" * 5000}),
        valid_event(asset, metadata={"note": "a\x00b"}),
        valid_event(asset, asset_id=[1]),
    ]
    body = api_client(sales_user).post(
        URL, data=json.dumps({"events": items}), content_type="application/json"
    )
    errors = [item["errors"] for item in body.json()["rejected"]]
    assert errors == [
        {"occurred_at": ["Must not be before 2000-01-01."]},
        {"occurred_at": ["Needs a time zone (Z or an offset such as +02:00)."]},
        {"metadata": ["At most 5 levels of nesting."]},
        {"metadata": ["At most 4096 bytes as JSON."]},
        {"metadata": ["Values: Must not contain NUL characters."]},
        {"asset_id": ["Must be an integer (the asset's id)."]},
    ]


@pytest.mark.django_db
def test_metadata_at_the_limits_is_accepted(library, sales_user):
    asset = CaseStudyPageFactory()
    at_limit = {"text": "x" * (4096 - len('{"text":""}'))}
    items = [valid_event(asset, metadata=nested(4)), valid_event(asset, metadata=at_limit)]
    body = api_client(sales_user).post(
        URL, data=json.dumps({"events": items}), content_type="application/json"
    )
    assert body.json()["accepted"] == 2, body.json()
    assert UsageEvent.objects.get(event_id=items[1]["event_id"]).metadata == at_limit


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        '{"events": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "[" * 100_000 + "]" * 100_000,
        '{"events": [' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "]}",
        '{"events": [], "x": ' + "9" * 5000 + "}" + "",
        '{"events": [NaN]}',
        b'{"events": ["\xff\xfe"]}',
    ],
    ids=["deep-events", "deep-body", "deep-item", "huge-int-elsewhere", "nan", "not-utf8"],
)
def test_deeply_nested_or_invalid_json_body_is_a_400_not_a_500(library, sales_user, text):
    response = api_client(sales_user).post(URL, data=text, content_type="application/json")
    if isinstance(text, str) and text.startswith('{"events": [], "x"'):
        # a huge number outside the events list is no reason to refuse the body
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content[:500]
    assert response.json()["errors"]


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_a_400(library, sales_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    text = json.dumps({"events": [], "padding": "x" * 20_000})
    response = api_client(sales_user).post(URL, data=text, content_type="application/json")
    assert response.status_code == 400
    assert "larger than 10000 bytes" in response.json()["errors"]["detail"][0]


# -- property: whatever the items, no 500 and every item is accounted for ----------------

SPECIAL_TEXT = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "\ud800",
        "x" * 5000,
        "view",
        "0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00",
        "9999-12-31T23:59:59+00:00",
        "2026-01-01T00:00:00+14:00",
        "²",
        "1" * 30,
        str(uuid.UUID(int=0)),
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**63, -(2**63) - 1, 10**40])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | SPECIAL_TEXT
)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6) | SPECIAL_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
# An item: arbitrary JSON, or a valid event with some fields replaced or dropped.
ITEMS = st.one_of(
    JSON.map(lambda value: ("raw", value)),
    st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=3).map(lambda o: ("patch", o)),
    st.sets(st.sampled_from(FIELDS), max_size=2).map(lambda drop: ("drop", drop)),
)
ERROR_FIELDS = {*FIELDS, "event"}


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(ITEMS, min_size=1, max_size=12))
def test_any_items_are_accepted_duplicate_or_rejected_by_field(library, sales_user, specs):
    asset = _asset_for(sales_user)
    items = []
    for how, value in specs:
        if how == "raw":
            items.append(value)
        elif how == "patch":
            items.append({**valid_event(asset, deal_id="006PROP"), **value})
        else:
            items.append({k: v for k, v in valid_event(asset).items() if k not in value})
    response = api_client(sales_user).post(
        URL, data=json.dumps({"events": items}), content_type="application/json"
    )
    assert response.status_code == 200, response.content[:1000]
    body = response.json()
    assert body["accepted"] + body["duplicates"] + len(body["rejected"]) == len(items)
    for rejection in body["rejected"]:
        assert 0 <= rejection["index"] < len(items)
        assert rejection["errors"] and set(rejection["errors"]) <= ERROR_FIELDS
        for messages in rejection["errors"].values():
            assert messages and all(isinstance(m, str) and m for m in messages)
        assert rejection["event_id"] is None or isinstance(rejection["event_id"], str)
    untouched = [i for i, (how, value) in enumerate(specs) if how != "raw" and not value]
    rejected = {rejection["index"] for rejection in body["rejected"]}
    assert not rejected & set(untouched)


def _asset_for(user):
    """One asset and one open deal of ``user`` shared by every Hypothesis example."""
    from content.models import AssetPage

    asset = AssetPage.objects.filter(title="Hypothesis asset").first()
    if asset is None:
        asset = CaseStudyPageFactory(title="Hypothesis asset")
        DealFactory(external_id="006PROP", owner=user)
    return asset


@pytest.mark.django_db
def test_lone_surrogate_ids_are_echoed_safely_in_rejections(library, sales_user):
    # JSON may carry a lone surrogate ("\ud800"); echoing it back must not break UTF-8.
    response = api_client(sales_user).post(
        URL, data='{"events": [{"event_id": "\\ud800"}]}', content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["rejected"][0]["event_id"] == "?"
