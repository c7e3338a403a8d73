"""GET /api/v1/notifications/: only the token's user's notifications, unread first,
read-only; a bad limit is a 400 naming the field."""

from __future__ import annotations

import pytest
import yaml

from enablement.notifications.services import notification_mark_read, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_lists_own_notifications_unread_first(api, sales_user):
    read = notify(recipient=sales_user, kind="link_opened", title="Read one", dedupe_key="1")
    notification_mark_read(user=sales_user, notification_id=read.pk)
    notify(recipient=sales_user, kind="request_done", title="Unread one", dedupe_key="2")
    notify(
        recipient=UserFactory(username="x"), kind="link_opened", title="Not mine", dedupe_key="3"
    )

    body = api.get("/api/v1/notifications/").json()

    assert body["unread"] == 1
    assert [item["title"] for item in body["results"]] == ["Unread one", "Read one"]
    assert body["results"][1]["read_at"] is not None


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "9" * 40, "1.5", "%00", "%C2%B2"])
def test_bad_limit_is_a_400(api, limit):
    response = api.get(f"/api/v1/notifications/?limit={limit}")
    assert response.status_code == 400 and "limit" in response.json()["errors"]


def test_read_only_and_documented(api):
    assert api.post("/api/v1/notifications/", {}).status_code == 405
    schema = yaml.safe_load(
        api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content
    )
    assert "/api/v1/notifications/" in schema["paths"]
