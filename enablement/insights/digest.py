"""The weekly digest: what Sales and Marketing share, emailed every Monday.

Each recipient gets the past ISO week's top assets, new, updated and retired content,
content gaps and request status, and the shared KPIs (trailing 90 days), in HTML and
plain text. Assets are filtered per recipient with content.selectors, so restricted
titles never reach someone outside their groups.

Once per week, however often the task runs: the week's ``DigestRun`` row is claimed with
``get_or_create`` (unique per week), and each recipient's ``DigestDelivery`` row (unique
per run and user) is inserted in the same transaction as the send, so a second run skips
whoever already got it and a failed send leaves no claim behind.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from content.groups import MARKETING, SALES
from content.i18n import override_for
from content.models import AssetPage
from content.selectors import asset_visibility_q, assets_live, assets_visible_to
from enablement.governance.models import AssetRetirement
from enablement.insights import selectors
from enablement.insights.models import DigestDelivery, DigestPreference, DigestRun
from enablement.insights.money import default_currency
from enablement.tracking.models import AssetDailyUsage

logger = logging.getLogger(__name__)

TOP_ASSETS = 5
KPI_DAYS = 90


@dataclass
class DigestReport:
    week_start: datetime.date
    sent: int = 0
    skipped: int = 0
    already_done: bool = False


def user_wants_digest(*, user) -> bool:
    preference = DigestPreference.objects.filter(user=user).first()
    return preference.weekly_digest if preference else True


def digest_preference_set(*, user, weekly_digest: bool) -> DigestPreference:
    """Opt ``user`` in or out of the weekly digest."""
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"weekly_digest": weekly_digest}
    )
    return preference


def digest_week(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the last full ISO week before ``today``."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    monday = this_monday - datetime.timedelta(days=7)
    return monday, monday + datetime.timedelta(days=6)


def digest_recipients():
    """Active Sales and Marketing members with an email who have not opted out."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[SALES, MARKETING])
        .exclude(email="")
        .exclude(digest_preference__weekly_digest=False)
        .distinct()
        .order_by("pk")
    )


def _shared_context(*, monday: datetime.date, sunday: datetime.date) -> dict:
    start, end = selectors.period_bounds(since=monday, until=sunday)
    top_ids = list(
        AssetDailyUsage.objects.filter(day__gte=monday, day__lte=sunday)
        .order_by()
        .values("asset_id")
        .annotate(n=Sum("uses"))
        .order_by("-n", "asset_id")
        .values_list("asset_id", flat=True)[:50]
    )
    top = [
        row
        for row in selectors.asset_performance(since=monday, until=sunday, asset_ids=top_ids)
        if row.uses
    ]
    assets = assets_live()
    new = list(assets.filter(first_published_at__gte=start, first_published_at__lt=end))
    updated = list(
        assets.filter(
            last_published_at__gte=start, last_published_at__lt=end, first_published_at__lt=start
        )
    )
    retired_ids = set(
        PageLogEntry.objects.filter(
            action="wagtail.unpublish", timestamp__gte=start, timestamp__lt=end
        ).values_list("page_id", flat=True)
    )
    # Governance records retirements (with a replacement); plain unpublishing counts too.
    retired_ids |= set(
        AssetRetirement.objects.filter(retired_at__gte=start, retired_at__lt=end).values_list(
            "asset_id", flat=True
        )
    )
    retired = list(AssetPage.objects.filter(pk__in=retired_ids, live=False).order_by("title"))
    kpi_since = sunday - datetime.timedelta(days=KPI_DAYS - 1)
    return {
        "monday": monday,
        "sunday": sunday,
        "top": top,
        "new": sorted(new, key=lambda a: a.title),
        "updated": sorted(updated, key=lambda a: a.title),
        "retired": retired,
        "gaps": selectors.content_gaps(since=monday, until=sunday, limit=5),
        "kpis": selectors.summary(since=kpi_since, until=sunday, include_gaps=False),
        "kpi_since": kpi_since,
        "currency": default_currency(),
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "library_path": reverse("library:search"),
        "preferences_path": reverse("insights:digest-preferences"),
    }


def _context_for(*, user, shared: dict) -> dict:
    """The shared digest narrowed to what ``user`` may see."""
    candidate_ids = {row.asset_id for row in shared["top"]}
    candidate_ids |= {asset.pk for asset in shared["new"] + shared["updated"]}
    visible = set(
        assets_visible_to(user=user).filter(pk__in=candidate_ids).values_list("pk", flat=True)
    )
    retired_visible = set(
        AssetPage.objects.filter(pk__in=[a.pk for a in shared["retired"]])
        .filter(asset_visibility_q(user=user))
        .values_list("pk", flat=True)
    )
    return {
        **shared,
        "user": user,
        "top": [row for row in shared["top"] if row.asset_id in visible][:TOP_ASSETS],
        "new": [a for a in shared["new"] if a.pk in visible],
        "updated": [a for a in shared["updated"] if a.pk in visible],
        "retired": [a for a in shared["retired"] if a.pk in retired_visible],
    }


def digest_message(*, user, shared: dict) -> EmailMultiAlternatives:
    """The digest for ``user``, in their language (their saved choice, else English)."""
    context = _context_for(user=user, shared=shared)
    with override_for(user):
        subject = _("Enablement weekly digest: week of %(date)s") % {
            "date": formats.date_format(shared["monday"], "DATE_FORMAT")
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("insights/email/digest.txt", context),
            to=[user.email],
        )
        html = render_to_string("insights/email/digest.html", context)
    message.attach_alternative(html, "text/html")
    return message


def digest_weekly_send(*, today: datetime.date | None = None) -> DigestReport:
    """Email last week's digest to every subscribed recipient, once per ISO week."""
    monday, sunday = digest_week(today=today or timezone.localdate())
    report = DigestReport(week_start=monday)
    run, _ = DigestRun.objects.get_or_create(week_start=monday)
    if run.finished_at is not None:
        report.already_done = True
        return report
    shared = _shared_context(monday=monday, sunday=sunday)
    for user in digest_recipients():
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(run=run, user=user)
                digest_message(user=user, shared=shared).send()
        except IntegrityError:  # claimed by an earlier or concurrent run
            report.skipped += 1
            continue
        report.sent += 1
    DigestRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), sent=DigestDelivery.objects.filter(run=run).count()
    )
    logger.info("weekly digest for %s: %s sent, %s skipped", monday, report.sent, report.skipped)
    return report
