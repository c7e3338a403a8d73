"""Notifications: one per event (dedupe key), email only when opted in, and the three
announcements (link first opened, request done, asset retired) reach the right people."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from enablement.governance import services as governance
from enablement.notifications import services
from enablement.notifications.models import Notification
from enablement.notifications.selectors import notifications_for_user, notifications_unread_count
from enablement.tracking.signals import share_link_first_opened
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import UsageEventFactory

pytestmark = pytest.mark.django_db


def test_notify_is_idempotent_on_the_dedupe_key(sales_user):
    first = services.notify(recipient=sales_user, kind="link_opened", title="One", dedupe_key="k:1")
    second = services.notify(
        recipient=sales_user, kind="link_opened", title="Two", dedupe_key="k:1"
    )

    assert first is not None and second is None
    assert list(Notification.objects.values_list("title", flat=True)) == ["One"]
    assert notifications_unread_count(user=sales_user) == 1


def test_notify_rejects_unknown_kinds_and_cleans_hostile_text(sales_user):
    with pytest.raises(ValueError):
        services.notify(recipient=sales_user, kind="nope", title="x", dedupe_key="k")

    hostile = services.notify(
        recipient=sales_user,
        kind="link_opened",
        title='"Quotes" \x00 and ' + "x" * 1000,
        body="NUL\x00here",
        url="/library/" + "a" * 1000,
        dedupe_key="k:" + "9" * 500,
    )

    hostile.refresh_from_db()
    assert "\x00" not in hostile.title and "\x00" not in hostile.body
    assert len(hostile.title) == 255 and hostile.title.startswith('"Quotes"')
    assert hostile.url == ""  # too long to be a link we made
    assert len(hostile.dedupe_key) == 200


def test_inactive_users_get_nothing(sales_user):
    sales_user.is_active = False
    sales_user.save()
    notification = services.notify(
        recipient=sales_user, kind="link_opened", title="x", dedupe_key="k"
    )
    assert notification is None and Notification.objects.count() == 0


def test_email_only_when_opted_in_and_only_once(sales_user, django_capture_on_commit_callbacks):
    # (a prospect's first open is emailed by default: test_prospect_opened_email.py)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipient=sales_user, kind="asset_retired", title="Before", dedupe_key="a", url="/x/"
        )
    assert mail.outbox == []  # off by default

    services.notification_email_opt_in_set(user=sales_user, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            recipient=sales_user, kind="asset_retired", title="After", dedupe_key="b", url="/x/"
        )

    assert [message.subject for message in mail.outbox] == ["After"]
    assert mail.outbox[0].to == [sales_user.email]
    assert "/x/" in mail.outbox[0].body
    # a redelivered task sends nothing more
    assert services.notification_email_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_first_open_of_a_share_link_notifies_its_creator(
    share_link, sales_user, django_capture_on_commit_callbacks
):
    # given a13's sender lands in parallel, the signal is sent as its docstring says
    share_link_first_opened.send(sender=type(share_link), link=share_link, opened_at=timezone.now())
    share_link_first_opened.send(sender=type(share_link), link=share_link, opened_at=timezone.now())

    [notification] = notifications_for_user(user=sales_user)
    assert notification.title == "Globex opened your link to Acme ROI story"
    assert notification.kind == Notification.Kind.LINK_OPENED
    assert notification.url == "/library/share-links/"


def test_a_failing_receiver_never_breaks_the_sender(share_link, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr("enablement.notifications.signal_handlers.notify", boom)
    share_link_first_opened.send(sender=type(share_link), link=share_link, opened_at=None)
    assert Notification.objects.count() == 0


def test_request_done_notifies_the_requester_once(
    library, sales_user, marketing_user, django_capture_on_commit_callbacks
):
    request = governance.content_request_create(requester=sales_user, what="ROI deck")
    asset = CaseStudyPageFactory(title="ROI deck for CFOs")

    with django_capture_on_commit_callbacks(execute=True):
        governance.content_request_triage(
            content_request=request, user=marketing_user, status="planned"
        )
    assert Notification.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        governance.content_request_triage(
            content_request=request, user=marketing_user, status="done", resolution_asset=asset
        )
        governance.content_request_triage(
            content_request=request, user=marketing_user, status="done", resolution_asset=asset
        )

    [notification] = Notification.objects.all()
    assert notification.recipient == sales_user
    assert notification.title == "Your content request is done: ROI deck"
    assert notification.url == asset.url
    assert len(mail.outbox) == 1  # governance's own email; the notification adds none


def test_declined_request_is_not_a_done_notification(
    library, sales_user, marketing_user, django_capture_on_commit_callbacks
):
    request = governance.content_request_create(requester=sales_user, what="Gossip")
    with django_capture_on_commit_callbacks(execute=True):
        governance.content_request_triage(
            content_request=request, user=marketing_user, status="declined", decline_reason="No"
        )
    assert Notification.objects.count() == 0


def test_retired_asset_notifies_recent_users_with_the_replacement(
    library, sales_user, marketing_user, django_capture_on_commit_callbacks
):
    old = CaseStudyPageFactory(title="Old story")
    new = CaseStudyPageFactory(title="New story")
    long_ago = UserFactory(username="lapsed")
    UsageEventFactory(asset=old, user=sales_user, occurred_at=timezone.now())
    UsageEventFactory(asset=old, user=sales_user, occurred_at=timezone.now())
    UsageEventFactory(
        asset=old, user=long_ago, occurred_at=timezone.now() - datetime.timedelta(days=100)
    )

    with django_capture_on_commit_callbacks(execute=True):
        governance.asset_retire(asset=old, user=marketing_user, reason="Old", replacement=new)

    [notification] = Notification.objects.all()
    assert notification.recipient == sales_user
    assert notification.title == "Old story was retired: use New story instead"
    assert notification.url == new.url


def test_rolled_back_retirement_notifies_nobody(
    library, sales_user, marketing_user, django_capture_on_commit_callbacks
):
    old = CaseStudyPageFactory(title="Old story")
    UsageEventFactory(asset=old, user=sales_user)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        governance.asset_retire(asset=old, user=marketing_user, reason="Old")
        raise RuntimeError("the request failed after retiring")

    assert Notification.objects.count() == 0


def test_expired_asset_notifies_recent_users_without_a_link(
    library, sales_user, django_capture_on_commit_callbacks
):
    asset = CaseStudyPageFactory(title="Dated story")
    UsageEventFactory(asset=asset, user=sales_user)
    asset.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    asset.expired = True
    asset.live = False
    asset.save()

    with django_capture_on_commit_callbacks(execute=True):
        governance.asset_expiry_record(asset=asset)

    [notification] = Notification.objects.all()
    assert notification.title == "Dated story was retired"
    assert notification.url == ""
