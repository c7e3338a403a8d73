"""The notifications page and the header badge: own notifications only, unread first,
mark read / all read, email opt-in; bad input is a 400 naming the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enablement.notifications import services
from enablement.notifications.models import Notification
from enablement.notifications.selectors import user_email_opt_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make(user, key, title, *, read=False, url=""):
    notification = services.notify(
        recipient=user, kind="link_opened", title=title, dedupe_key=key, url=url
    )
    if read:
        services.notification_mark_read(user=user, notification_id=notification.pk)
    return notification


def test_login_required(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_page_lists_own_notifications_unread_first_and_badge_counts(client, sales_user):
    other = UserFactory(username="someone")
    make(sales_user, "1", "Old and read", read=True)
    make(sales_user, "2", "Fresh unread")
    make(other, "3", "Not yours")
    client.force_login(sales_user)

    html = client.get(reverse("notifications:list")).content.decode()

    assert html.index("Fresh unread") < html.index("Old and read")
    assert "Not yours" not in html
    assert 'data-unread-count="1"' in html


def test_mark_read_only_touches_own_notifications(client, sales_user):
    other = UserFactory(username="someone")
    theirs = make(other, "t", "Theirs")
    mine = make(sales_user, "m", "Mine")
    client.force_login(sales_user)

    client.post(reverse("notifications:read", args=[theirs.pk]))
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"next": "/library/"})

    assert response.status_code == 302 and response["Location"] == "/library/"
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None and mine.read_at is not None


def test_mark_read_never_redirects_off_site_and_survives_huge_ids(client, sales_user):
    mine = make(sales_user, "m", "Mine")
    client.force_login(sales_user)

    away = client.post(
        reverse("notifications:read", args=[mine.pk]), {"next": "https://evil.example/"}
    )
    huge = client.post(f"/notifications/{10**30}/read/")

    assert away["Location"] == reverse("notifications:list")
    assert huge.status_code in (302, 404)
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405


def test_mark_all_read(client, sales_user):
    make(sales_user, "1", "One")
    make(sales_user, "2", "Two")
    client.force_login(sales_user)

    client.post(reverse("notifications:read-all"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "data-unread-count" not in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("value", ["", "yes", "on\x00", "'; drop table", "1" * 10000])
def test_email_opt_in_rejects_anything_but_on_or_off(client, sales_user, value):
    client.force_login(sales_user)
    response = client.post(reverse("notifications:email"), {"email_opt_in": value})
    assert response.status_code == 400
    assert "email_opt_in" in response.json()["errors"]
    assert user_email_opt_in(user=sales_user) is False


def test_email_opt_in_toggles(client, sales_user):
    client.force_login(sales_user)
    client.post(reverse("notifications:email"), {"email_opt_in": "on"})
    assert user_email_opt_in(user=sales_user) is True
    client.post(reverse("notifications:email"), {"email_opt_in": "off"})
    assert user_email_opt_in(user=sales_user) is False
