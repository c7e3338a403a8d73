"""Plays follow the assets' review rule: their owner is reminded once when a review is near
and once when it is past (issue 14: "the same approval workflow and freshness rules")."""

from __future__ import annotations

import datetime

import pytest

from enablement.notifications.models import Notification
from enablement.notifications.services import play_review_reminders_send
from tests.factories import play_create

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def reminders(user):
    return list(
        Notification.objects.filter(recipient=user, kind=Notification.Kind.PLAY_REVIEW)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_due_then_overdue_each_reminds_the_owner_once(library, marketing_user):
    play = play_create(
        segment_name="SMB",
        title="SMB discovery",
        owner=marketing_user,
        review_by=datetime.date(2026, 6, 10),
    )

    first = play_review_reminders_send(today=TODAY)
    again = play_review_reminders_send(today=TODAY)

    assert (first.due, first.notified) == (1, 1)
    assert (again.due, again.notified) == (1, 0)  # same date, same kind: nothing twice
    [due] = reminders(marketing_user)
    assert due.startswith("Your play SMB discovery is due for review by")
    notification = Notification.objects.get(kind=Notification.Kind.PLAY_REVIEW)
    assert notification.url == f"/cms/pages/{play.pk}/edit/"

    play_review_reminders_send(today=datetime.date(2026, 6, 11))
    assert reminders(marketing_user)[1].startswith("Your play SMB discovery is overdue for review")
    assert len(reminders(marketing_user)) == 2


def test_far_reviews_unowned_and_unpublished_plays_remind_no_one(library, marketing_user):
    play_create(
        segment_name="SMB", title="Far", owner=marketing_user, review_by=datetime.date(2026, 9, 1)
    )
    play_create(
        segment_name="SMB", title="Nobody's", owner=None, review_by=datetime.date(2026, 5, 1)
    )
    play_create(
        segment_name="SMB",
        title="Draft",
        owner=marketing_user,
        review_by=datetime.date(2026, 5, 1),
        live=False,
    )
    play_create(segment_name="SMB", title="Undated", owner=marketing_user)

    run = play_review_reminders_send(today=TODAY)

    assert (run.due, run.notified) == (0, 0)
    assert reminders(marketing_user) == []


def test_a_new_review_date_reminds_again(library, marketing_user):
    play = play_create(
        segment_name="SMB",
        title="Pricing",
        owner=marketing_user,
        review_by=datetime.date(2026, 6, 5),
    )
    play_review_reminders_send(today=TODAY)
    play.review_by = datetime.date(2026, 6, 12)
    play.save_revision().publish()

    play_review_reminders_send(today=TODAY)

    assert len(reminders(marketing_user)) == 2


def test_the_daily_task_is_scheduled_and_runs(library, marketing_user):
    from django.conf import settings

    from enablement.celery import app
    from enablement.notifications.tasks import play_review_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-play-review-reminders"]
    assert entry["task"] == "notifications.play_review_reminders"
    assert entry["task"] in app.tasks
    play_create(segment_name="SMB", title="Overdue", owner=marketing_user, review_by=TODAY)

    assert play_review_reminders.apply().get() == {"due": 1, "notified": 1}
