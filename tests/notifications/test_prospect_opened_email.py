"""A prospect's first open of a share link or a deal room is emailed to the rep by
default (through the Celery task, once), each kind can be turned off, and every other kind
still waits for the user to opt in."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from enablement.notifications import services
from enablement.notifications.models import (
    Notification,
    NotificationEmailChoice,
    NotificationPreference,
)
from enablement.notifications.selectors import user_wants_email
from enablement.notifications.tasks import send_notification_email
from enablement.rooms.services import room_create
from enablement.tracking.services import share_link_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link_token(asset, deal, sales_user):
    _link, token = share_link_create(asset=asset, deal=deal, user=sales_user)
    return token


@pytest.fixture
def room_token(asset, deal, sales_user):
    _room, token = room_create(user=sales_user, deal=deal, title="Globex room", assets=[asset])
    return token


def _open(client, url, capture):
    with capture(execute=True):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_first_open_of_a_share_link_sends_one_email_and_a_second_none(
    client, link_token, sales_user, django_capture_on_commit_callbacks
):
    # when: the prospect opens the link
    _open(client, f"/share/{link_token}/", django_capture_on_commit_callbacks)
    # then: exactly one email, sent by the task (which claims the notification)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [sales_user.email]
    assert message.subject == "Globex opened your link to Acme ROI story"
    assert "/library/share-links/" in message.body
    notification = Notification.objects.get(recipient=sales_user)
    assert notification.kind == Notification.Kind.LINK_OPENED
    assert notification.emailed_at is not None
    # and a second open (another visitor, same link) sends nothing
    _open(client, f"/share/{link_token}/", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    # a redelivered task sends nothing either
    assert send_notification_email.delay(notification.pk).get() is False
    assert len(mail.outbox) == 1


def test_the_first_open_of_a_deal_room_sends_one_email_of_its_own_kind(
    client, room_token, sales_user, django_capture_on_commit_callbacks
):
    _open(client, f"/room/{room_token}/", django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["Globex opened your deal room Globex room"]
    notification = Notification.objects.get(recipient=sales_user)
    assert notification.kind == Notification.Kind.ROOM_OPENED
    client.cookies.clear()  # another prospect
    _open(client, f"/room/{room_token}/", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_rep_who_turned_the_kind_off_gets_no_email_but_still_the_notification(
    client, link_token, room_token, sales_user, django_capture_on_commit_callbacks
):
    # given: on the settings form the rep unticks "opened your link", keeps the room one
    rep = client
    rep.force_login(sales_user)
    saved = rep.post(reverse("notifications:email-kinds"), {"kinds": ["room_opened"]})
    assert saved.status_code == 302
    rep.logout()
    # when
    _open(client, f"/share/{link_token}/", django_capture_on_commit_callbacks)
    # then
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=sales_user, kind="link_opened").exists()
    _open(client, f"/room/{room_token}/", django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["Globex opened your deal room Globex room"]


def test_stop_emails_stops_the_prospect_open_emails_too(
    client, link_token, sales_user, django_capture_on_commit_callbacks
):
    services.notification_email_opt_in_set(user=sales_user, enabled=False)
    _open(client, f"/share/{link_token}/", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_choice_made_after_the_notification_is_honoured_by_the_task(sales_user):
    notification = services.notify(
        recipient=sales_user, kind="link_opened", title="Opened", dedupe_key="k", email=False
    )
    services.notification_email_choices_set(user=sales_user, kinds=[])
    assert send_notification_email.delay(notification.pk).get() is False
    assert mail.outbox == []


def test_other_kinds_keep_their_default_off(sales_user, django_capture_on_commit_callbacks):
    assert user_wants_email(user=sales_user, kind="link_opened") is True
    assert user_wants_email(user=sales_user, kind="room_opened") is True
    for kind in ("asset_retired", "play_asset_retired", "play_review", "request_done"):
        assert user_wants_email(user=sales_user, kind=kind) is False
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipient=sales_user, kind="asset_retired", title="x", dedupe_key="r")
    assert mail.outbox == []


def test_the_settings_form_shows_each_kind_with_its_default(client, sales_user):
    client.force_login(sales_user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'value="link_opened" checked' in page
    assert 'value="room_opened" checked' in page
    assert 'value="asset_retired">' in page
    assert 'value="request_done"' not in page  # governance mails those itself
    client.post(reverse("notifications:email-kinds"), {"kinds": ["asset_retired"]})
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'value="link_opened">' in page and 'value="asset_retired" checked' in page
    assert NotificationEmailChoice.objects.filter(user=sales_user, enabled=True).count() == 1


@pytest.mark.parametrize(
    "kinds",
    [["nope"], ["link_opened", "request_done"], ["link_opened\x00"], ["x" * 5000], ["'; --"]],
)
def test_bad_kinds_are_a_400_naming_the_field(client, sales_user, kinds):
    client.force_login(sales_user)
    response = client.post(reverse("notifications:email-kinds"), {"kinds": kinds})
    assert response.status_code == 400
    assert "kinds" in response.json()["errors"]
    assert not NotificationEmailChoice.objects.filter(user=sales_user).exists()


def test_the_migration_gives_rooms_their_kind_and_keeps_opted_out_users_off(sales_user):
    migration = importlib.import_module("enablement.notifications.migrations.0003_email_by_kind")
    opted_out = UserFactory(username="quiet")
    NotificationPreference.objects.create(user=opted_out, email_opt_in=False)
    room_note = services.notify(
        recipient=sales_user, kind="link_opened", title="room", dedupe_key="room_opened:7"
    )
    link_note = services.notify(
        recipient=sales_user, kind="link_opened", title="link", dedupe_key="link_opened:7"
    )
    migration.forwards(apps, None)
    room_note.refresh_from_db()
    link_note.refresh_from_db()
    assert (room_note.kind, link_note.kind) == ("room_opened", "link_opened")
    assert user_wants_email(user=opted_out, kind="link_opened") is False
    assert user_wants_email(user=opted_out, kind="room_opened") is False
    assert user_wants_email(user=sales_user, kind="link_opened") is True
