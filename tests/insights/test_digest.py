"""The weekly digest through Django's mail outbox: content, visibility, once a week, opt-out."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from content.groups import MANAGERS, MARKETING, SALES
from enablement.insights.digest import digest_weekly_send
from enablement.insights.models import DigestRun
from enablement.insights.tasks import weekly_digest_task
from enablement.tracking.services import usage_event_record, usage_rollup_run
from tests.factories import CaseStudyPageFactory, PresentationPageFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 30)  # reports on Mon 23 - Sun 29 March
UTC = datetime.UTC


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, 10, tzinfo=UTC)


@pytest.fixture
def week(library):
    rep = UserFactory(username="rep", first_name="Rita", groups=[SALES])
    marketer = UserFactory(username="marketer", groups=[MARKETING])
    UserFactory(username="quiet", groups=[SALES])
    UserFactory(username="boss", groups=[MANAGERS])  # not a digest recipient
    UserFactory(username="no-mail", email="", groups=[SALES])
    public = PresentationPageFactory(title="Public pricing deck")
    secret = CaseStudyPageFactory(title="Secret merger story", groups=[MANAGERS])
    old = CaseStudyPageFactory(title="Old story")
    type(public).objects.filter(pk=public.pk).update(
        first_published_at=at(24), last_published_at=at(24)
    )
    type(secret).objects.filter(pk=secret.pk).update(
        first_published_at=at(24), last_published_at=at(24)
    )
    for asset, uses in ((public, 3), (secret, 5)):
        for _ in range(uses):
            usage_event_record(
                event_id=uuid.uuid4(), asset=asset, user=rep, kind="view", occurred_at=at(25)
            )
    old.unpublish()
    PageLogEntry.objects.filter(page=old, action="wagtail.unpublish").update(timestamp=at(26))
    usage_rollup_run()
    return {"rep": rep, "marketer": marketer}


def _message_to(username: str):
    return next(m for m in mail.outbox if m.to == [f"{username}@example.com"])


def test_digest_content_and_parts(week):
    report = digest_weekly_send(today=MONDAY)

    assert report.week_start == datetime.date(2026, 3, 23)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "marketer@example.com",
        "quiet@example.com",
        "rep@example.com",
    ]
    message = _message_to("rep")
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "week of 23 Mar 2026" in message.subject
    for part in (message.body, html):
        assert "Public pricing deck" in part  # top asset and new content
        assert "Old story" in part  # retired
        assert "Secret merger story" not in part  # restricted to Managers
        assert "Win rate with content" in part
        assert "/insights/digest/" in part  # opt-out link
    assert "3 uses" in message.body


def test_marketing_sees_restricted_titles(week):
    digest_weekly_send(today=MONDAY)

    assert "Secret merger story" in _message_to("marketer").body


def test_sent_once_per_week_even_if_run_twice(week):
    weekly_digest_task.delay(today=MONDAY.isoformat())
    first = len(mail.outbox)
    second = digest_weekly_send(today=MONDAY)
    # A run that died after claiming the week: recipients already served are skipped.
    DigestRun.objects.update(finished_at=None)
    third = digest_weekly_send(today=MONDAY)

    assert first == 3
    assert second.already_done and second.sent == 0
    assert (third.sent, third.skipped) == (0, 3)
    assert len(mail.outbox) == 3
    assert DigestRun.objects.get().sent == 3
    # The next week is a new run.
    assert digest_weekly_send(today=MONDAY + datetime.timedelta(days=7)).sent == 3


def test_opt_out_and_back_in(week, client):
    client.force_login(week["rep"])

    assert "checked" in client.get("/insights/digest/").content.decode()
    response = client.post("/insights/digest/", {})
    digest_weekly_send(today=MONDAY)

    assert response.status_code == 302
    assert "rep@example.com" not in [m.to[0] for m in mail.outbox]
    client.post("/insights/digest/", {"weekly_digest": "on"})
    digest_weekly_send(today=MONDAY + datetime.timedelta(days=7))
    assert [m.to[0] for m in mail.outbox].count("rep@example.com") == 1


def test_beat_schedule_runs_on_mondays():
    from enablement.celery_schedule import CELERY_BEAT_SCHEDULE

    entry = CELERY_BEAT_SCHEDULE["insights-weekly-digest"]
    assert entry["task"] == weekly_digest_task.name
    assert entry["schedule"].day_of_week == {1}
