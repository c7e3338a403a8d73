"""The personal API tokens page: make, list, revoke; keys shown once, stored hashed
(issue 17, item 5)."""

from __future__ import annotations

import importlib
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from wagtail.models import APIToken

from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db

KEY_IN_PAGE = re.compile(r'id="new-token-key"[^>]*value="([^"]+)"')


def _make(client, name: str):
    return client.post("/api/tokens/", {"name": name})


def _key_from(response) -> str:
    match = KEY_IN_PAGE.search(response.content.decode())
    assert match, "the new key is not on the page"
    return match.group(1)


def _api_status(key: str, asset) -> int:
    return Client(HTTP_AUTHORIZATION=f"Token {key}").get(f"/api/v1/assets/{asset.pk}/").status_code


@pytest.fixture
def asset(library):
    return CaseStudyPageFactory(title="Harborview story")


@pytest.fixture
def signed_in(client, sales_user):
    client.force_login(sales_user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/api/tokens/")["Location"] == "/login/?next=/api/tokens/"
    response = client.post("/api/tokens/", {"name": "sneaky"})
    assert response.status_code == 302
    assert not APIToken.objects.exists()


def test_a_token_is_made_shown_once_and_works_against_the_api(signed_in, sales_user, asset):
    # when
    response = _make(signed_in, "Salesforce sync")

    # then: the key is on the page, the page must not be cached, the key works
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = _key_from(response)
    assert _api_status(key, asset) == 200
    token = APIToken.objects.get(user=sales_user)
    assert token.name == "Salesforce sync"
    assert token.last_used_at is not None
    # and never again: the list shows its name and prefix only
    listing = signed_in.get("/api/tokens/").content.decode()
    assert "Salesforce sync" in listing
    assert f"{token.prefix}…" in listing
    assert key not in listing
    assert token.prefix != key and key.startswith(token.prefix)


def test_only_a_digest_of_the_key_is_stored(signed_in, sales_user):
    key = _key_from(_make(signed_in, "laptop script"))

    token = APIToken.objects.get(user=sales_user)
    assert token.key_hash != key and len(token.key_hash) == 64
    assert token.key_hash == APIToken.hash_token(key)
    # the key appears in no column of the table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {APIToken._meta.db_table}")
        stored = [str(value) for row in cursor.fetchall() for value in row]
    assert not any(key in value for value in stored)


def test_each_user_sees_only_their_own_tokens(client, sales_user, marketing_user):
    APIToken.create_token(user=marketing_user, name="Mark's secret integration")
    APIToken.create_token(user=sales_user, name="Sally's script")
    client.force_login(sales_user)

    page = client.get("/api/tokens/").content.decode()

    assert "Sally&#x27;s script" in page
    assert "Mark" not in page


def test_revoking_stops_the_token_at_once(signed_in, sales_user, asset):
    key = _key_from(_make(signed_in, "old script"))
    token = APIToken.objects.get(user=sales_user)

    response = signed_in.post(f"/api/tokens/{token.pk}/revoke/", follow=True)

    assert response.status_code == 200
    assert "The token “old script” was revoked" in response.content.decode()
    assert _api_status(key, asset) == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    # a second revoke finds nothing to revoke
    assert signed_in.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404


def test_someone_elses_token_cannot_be_revoked(signed_in, marketing_user, asset):
    token, key = APIToken.create_token(user=marketing_user, name="theirs")

    response = signed_in.post(f"/api/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _api_status(key, asset) == 200


@pytest.mark.parametrize("token_id", ["0", "999999", str(2**63), "9" * 40])
def test_unknown_or_huge_token_ids_are_not_found(signed_in, token_id):
    assert signed_in.post(f"/api/tokens/{token_id}/revoke/").status_code == 404


def test_revoke_needs_a_post(signed_in, sales_user):
    token, _ = APIToken.create_token(user=sales_user, name="mine")

    assert signed_in.get(f"/api/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_forms_without_the_csrf_token_are_refused(sales_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)
    token, _ = APIToken.create_token(user=sales_user, name="mine")

    assert client.post("/api/tokens/", {"name": "forged"}).status_code == 403
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 403

    assert list(APIToken.objects.values_list("name", "revoked_at")) == [("mine", None)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("    ", "This field is required."),
        ("x" * 101, "Ensure this value has at most 100 characters"),
        ("a\x00b", "Null characters are not allowed."),
        ("red\x1b[31m", "Use letters, digits, spaces and punctuation only."),
        ("tab\there", "Use letters, digits, spaces and punctuation only."),
    ],
)
def test_bad_names_are_refused_with_a_message(signed_in, name, message):
    response = _make(signed_in, name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="new-token-key"' not in response.content.decode()
    assert not APIToken.objects.exists()


def test_a_huge_name_is_a_400_not_a_500(signed_in):
    response = _make(signed_in, "x" * 200_000)

    assert response.status_code == 400
    assert not APIToken.objects.exists()


def test_quotes_and_markup_in_a_name_are_kept_and_escaped(signed_in, sales_user):
    name = "\"quoted\" 'name' <script>alert(1)</script>"

    response = _make(signed_in, name)

    assert response.status_code == 200
    assert APIToken.objects.get(user=sales_user).name == name
    page = signed_in.get("/api/tokens/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_name_is_used_once_among_active_tokens(signed_in, sales_user):
    _make(signed_in, "CRM")

    assert _make(signed_in, "CRM").status_code == 400
    token = APIToken.objects.get(user=sales_user)
    signed_in.post(f"/api/tokens/{token.pk}/revoke/")
    # once revoked, the name is free again
    assert _make(signed_in, "CRM").status_code == 200


def test_at_most_twenty_tokens_are_active(signed_in, sales_user):
    for number in range(20):
        APIToken.create_token(user=sales_user, name=f"token {number}")

    response = _make(signed_in, "one too many")

    assert response.status_code == 400
    assert "At most 20 tokens can be active" in response.content.decode()


def test_a_token_of_a_deactivated_user_stops_working(sales_user, asset):
    _, key = APIToken.create_token(user=sales_user, name="script")
    sales_user.is_active = False
    sales_user.save(update_fields=["is_active"])

    assert _api_status(key, asset) == 401


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token \x7f", "Token " + "k" * 5000])
def test_malformed_or_unknown_keys_are_a_401(header, asset):
    response = Client(HTTP_AUTHORIZATION=header).get(f"/api/v1/assets/{asset.pk}/")

    assert response.status_code == 401
    assert response.json()["errors"]


def test_drf_create_token_still_makes_a_working_token(sales_user, asset):
    out = StringIO()

    call_command("drf_create_token", "sally", stdout=out)

    match = re.fullmatch(r"Generated token (\S+) for user sally\n", out.getvalue())
    assert match
    assert _api_status(match.group(1), asset) == 200
    assert not Token.objects.exists()  # nothing in DRF's plain-text table


def test_drf_create_token_reset_revokes_the_earlier_ones(sales_user, asset):
    first, second = StringIO(), StringIO()
    _, my_key = APIToken.create_token(user=sales_user, name="made on the page")
    call_command("drf_create_token", "sally", stdout=first)

    call_command("drf_create_token", "sally", "--reset", stdout=second)

    first_key = first.getvalue().split()[2]
    second_key = second.getvalue().split()[2]
    assert _api_status(first_key, asset) == 401
    assert _api_status(second_key, asset) == 200
    assert _api_status(my_key, asset) == 200  # tokens made elsewhere are left alone


def test_drf_create_token_for_an_unknown_user_fails_clearly(db):
    with pytest.raises(CommandError, match="user nobody does not exist"):
        call_command("drf_create_token", "nobody")


def test_existing_plain_text_tokens_are_hashed_by_the_migration(sales_user, asset):
    # given a token made the old way (DRF's table, key in plain text)
    legacy = Token.objects.create(user=sales_user)
    migration = importlib.import_module("enablement.api.migrations.0002_hash_drf_tokens")

    # when the data migration runs
    migration.hash_drf_tokens(apps, None)

    # then the plain copy is gone, the same key still works, and only its digest is kept
    assert not Token.objects.exists()
    migrated = APIToken.objects.get(user=sales_user)
    assert migrated.key_hash == APIToken.hash_token(legacy.key)
    assert migrated.created == legacy.created
    assert _api_status(legacy.key, asset) == 200


def test_the_schema_documents_the_token_header(client, sales_user):
    client.force_login(sales_user)

    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == "Authorization"


def test_the_footer_links_to_the_tokens_page(signed_in, library):
    footer = re.search(r"<footer.*?</footer>", signed_in.get("/library/").content.decode(), re.S)
    assert footer and 'href="/api/tokens/"' in footer.group(0)


def test_any_signed_in_user_may_have_tokens(client):
    outsider = UserFactory(username="otto")
    client.force_login(outsider)

    assert client.get("/api/tokens/").status_code == 200
