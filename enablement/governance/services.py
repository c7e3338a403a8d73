"""Writes for governance: retire, expire, verify, review reminders, feedback, requests."""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log

from content.i18n import override_for
from content.models import AssetPage
from content.selectors import asset_is_live
from enablement.governance.models import AssetRetirement, ContentRequest, ReviewNotification
from enablement.governance.selectors import (
    REVIEW_DUE_WITHIN_DAYS,
    library_assets,
    user_can_govern,
    user_can_verify,
)
from enablement.governance.signals import asset_retired, content_request_done
from enablement.tracking.services import usage_event_record
from search.services import assets_mark_dirty

logger = logging.getLogger(__name__)

VERIFY_EXTENDS_DAYS = 180
"""Verifying an asset moves its ``review_by`` this many days past today."""

FEEDBACK_COMMENT_MAX = 2000


def _absolute(url: str) -> str:
    if url.startswith("http"):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _asset_old_path(asset: AssetPage) -> str | None:
    parts = asset.get_url_parts()
    if parts is None:
        return None
    return Redirect.normalise_path(parts[2])


def _redirect_replace(*, old_path: str, target: AssetPage | str) -> Redirect:
    # Site-less, so the redirect applies whatever host name serves the library.
    Redirect.objects.filter(old_path=old_path, site__isnull=True).delete()
    return Redirect.add_redirect(old_path, redirect_to=target, is_permanent=False)


# -- retire and expire --------------------------------------------------------


@transaction.atomic
def asset_retire(
    *, asset: AssetPage, user, reason: str, replacement: AssetPage | None = None
) -> AssetRetirement:
    """Take a live asset out of the library, keeping it (and its stats) in the database.

    It is unpublished (search drops it on ``page_unpublished``), its old URL redirects to
    ``replacement`` when given, else to a "retired" notice (410). Raises
    ``PermissionDenied`` for non-marketers and ``ValidationError`` ({field: [messages]}).
    """
    if not user_can_govern(user=user):
        raise PermissionDenied("Only Marketing can retire assets.")
    asset = AssetPage.objects.select_for_update().get(pk=asset.pk).specific
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the asset is retired.")]
    if not asset.live:
        errors["asset"] = [_("Only a live asset can be retired.")]
    if replacement is not None:
        if replacement.pk == asset.pk:
            errors["replacement"] = [_("An asset cannot replace itself.")]
        elif not library_assets().filter(pk=replacement.pk).exists():
            errors["replacement"] = [_("The replacement must be a live asset.")]
    if errors:
        raise ValidationError(errors)

    old_path = _asset_old_path(asset)
    UnpublishPageAction(asset, user=user).execute(skip_permission_checks=True)
    target = replacement or reverse("governance:retired", args=[asset.pk])
    redirect = _redirect_replace(old_path=old_path, target=target) if old_path else None
    AssetRetirement.objects.filter(asset=asset).delete()
    retirement = AssetRetirement.objects.create(
        asset=asset,
        kind=AssetRetirement.Kind.RETIRED,
        reason=reason,
        replacement=replacement,
        retired_by=user,
        redirect=redirect,
    )
    log(
        instance=asset,
        action="enablement.retire",
        user=user,
        data={
            "reason": reason,
            "replacement": {"id": replacement.pk, "title": replacement.title}
            if replacement
            else None,
        },
    )
    # Search's periodic sweep re-checks these assets (insurance for a lost task).
    assets_mark_dirty(asset_ids=[asset.pk])
    _announce_retired(asset=asset, replacement=replacement)
    return retirement


def _announce_retired(*, asset: AssetPage, replacement: AssetPage | None) -> None:
    transaction.on_commit(
        lambda: asset_retired.send(sender=AssetRetirement, asset=asset, replacement=replacement)
    )


def asset_expiry_record(*, asset: AssetPage) -> AssetRetirement | None:
    """Record an expired asset like a retired one (old URL shows the notice); idempotent.

    Called when Wagtail unpublishes an asset past its ``expire_at``.
    """
    if not asset.expired or AssetRetirement.objects.filter(asset_id=asset.pk).exists():
        return None
    with transaction.atomic():
        old_path = _asset_old_path(asset)
        redirect = (
            _redirect_replace(
                old_path=old_path, target=reverse("governance:retired", args=[asset.pk])
            )
            if old_path
            else None
        )
        expired_on = timezone.localtime(asset.expire_at) if asset.expire_at else timezone.now()
        retirement = AssetRetirement.objects.create(
            asset=asset,
            kind=AssetRetirement.Kind.EXPIRED,
            reason=f"Expired on {expired_on:%Y-%m-%d}.",
            redirect=redirect,
        )
        _announce_retired(asset=asset, replacement=None)
    # Search's periodic sweep re-checks these assets (insurance for a lost task).
    assets_mark_dirty(asset_ids=[asset.pk])
    return retirement


def asset_retirement_clear(*, asset: AssetPage) -> bool:
    """A retired or expired asset was published again: drop its redirect and notice."""
    retirement = AssetRetirement.objects.filter(asset_id=asset.pk).first()
    if retirement is None:
        return False
    with transaction.atomic():
        if retirement.redirect_id:
            Redirect.objects.filter(pk=retirement.redirect_id).delete()
        retirement.delete()
    return True


# -- freshness ----------------------------------------------------------------


@transaction.atomic
def asset_verify(*, asset: AssetPage, user, days: int = VERIFY_EXTENDS_DAYS) -> datetime.date:
    """Confirm an asset is still accurate: ``review_by`` moves to today + ``days``.

    Saves a new revision (published at once when the live page has no pending draft, so a
    draft under review is never published by a verify). Returns the new date.
    """
    asset = AssetPage.objects.select_for_update().get(pk=asset.pk).specific
    if not user_can_verify(user=user, asset=asset):
        raise PermissionDenied("Only the owner or Marketing can verify this asset.")
    new_date = timezone.localdate() + datetime.timedelta(days=days)
    if asset.live and not asset.has_unpublished_changes:
        asset.review_by = new_date
        revision = asset.save_revision(user=user, log_action=False)
        revision.publish(user=user, skip_permission_checks=True, log_action=False)
    else:
        if asset.live:
            AssetPage.objects.filter(pk=asset.pk).update(review_by=new_date)
        draft = asset.get_latest_revision_as_object()
        draft.review_by = new_date
        draft.save_revision(user=user, log_action=False)
    log(
        instance=asset,
        action="enablement.verify",
        user=user,
        data={"review_by": new_date.isoformat()},
    )
    return new_date


@dataclass(frozen=True)
class ReminderRun:
    queued: int
    emails_sent: int
    notifications_sent: int


def review_reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Remind owners of assets whose review is due soon, and again once overdue.

    At most one reminder per asset, ``review_by`` date and kind, ever: a row per
    (asset, review_by, kind) is claimed first, then sent and stamped under a row lock, so
    running twice (or concurrently) sends nothing twice. One email per owner per run.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS)
    due = library_assets().filter(review_by__isnull=False, review_by__lte=horizon)
    rows = [
        ReviewNotification(
            asset_id=asset_id,
            review_by=review_by,
            kind=(
                ReviewNotification.Kind.OVERDUE
                if review_by < today
                else ReviewNotification.Kind.DUE
            ),
            recipient_id=owner_id,
        )
        for asset_id, review_by, owner_id in due.values_list("pk", "review_by", "owner_user_id")
    ]
    existing = set(
        ReviewNotification.objects.filter(asset_id__in=[row.asset_id for row in rows]).values_list(
            "asset_id", "review_by", "kind"
        )
    )
    rows = [row for row in rows if (row.asset_id, row.review_by, row.kind) not in existing]
    # ignore_conflicts: a concurrent run may claim the same rows; the constraint decides.
    ReviewNotification.objects.bulk_create(rows, ignore_conflicts=True)

    emails = notifications = 0
    recipients = (
        ReviewNotification.objects.filter(sent_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipients):
        sent = _review_reminders_deliver(recipient_id=recipient_id, today=today)
        notifications += sent
        emails += 1 if sent and recipient_id else 0
    return ReminderRun(queued=len(rows), emails_sent=emails, notifications_sent=notifications)


def _review_reminders_deliver(*, recipient_id: int | None, today: datetime.date) -> int:
    with transaction.atomic():
        pending = list(
            ReviewNotification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True, recipient_id=recipient_id)
            .select_related("asset", "recipient")
            .order_by("review_by")
        )
        # A reminder for a date the asset no longer has (verified since) is dropped unsent.
        current = [
            row
            for row in pending
            if asset_is_live(asset=row.asset) and row.asset.review_by == row.review_by
        ]
        recipient = pending[0].recipient if pending else None
        if current and recipient is not None and recipient.email:
            with override_for(recipient):
                subject = _reminder_subject(current)
                body = _reminder_body(current, today=today)
            send_mail(
                subject=subject, message=body, from_email=None, recipient_list=[recipient.email]
            )
        now = timezone.now()
        ReviewNotification.objects.filter(pk__in=[row.pk for row in pending]).update(sent_at=now)
    return len(current)


def _reminder_subject(rows: list[ReviewNotification]) -> str:
    overdue = sum(1 for row in rows if row.kind == ReviewNotification.Kind.OVERDUE)
    if overdue:
        return ngettext(
            "Enablement: %(overdue)d asset overdue for review, %(due)d due",
            "Enablement: %(overdue)d assets overdue for review, %(due)d due",
            overdue,
        ) % {"overdue": overdue, "due": len(rows) - overdue}
    return ngettext(
        "Enablement: %(count)d asset due for review",
        "Enablement: %(count)d assets due for review",
        len(rows),
    ) % {"count": len(rows)}


def _reminder_body(rows: list[ReviewNotification], *, today: datetime.date) -> str:
    lines = [
        _("These assets you own need a check that they are still accurate."),
        _("Open each one and press Verify (or update it and submit it for approval)."),
        "",
    ]
    for row in rows:
        overdue = row.kind == ReviewNotification.Kind.OVERDUE
        state = _("OVERDUE since") if overdue else _("due by")
        url = row.asset.url or ""
        lines.append(f"- {row.asset.title}: {state} {row.review_by:%Y-%m-%d} {_absolute(url)}")
    report = _absolute(reverse("governance_reports:needs_review"))
    lines += ["", _("Needs review report: %(url)s") % {"url": report}]
    return "\n".join(lines)


# -- feedback -----------------------------------------------------------------


def asset_feedback_record(*, asset: AssetPage, user, helpful: bool, comment: str = ""):
    """Store "Was this helpful?" as a ``feedback`` usage event; returns the event."""
    metadata = {"helpful": bool(helpful), "comment": (comment or "").strip()[:FEEDBACK_COMMENT_MAX]}
    event, _created = usage_event_record(
        event_id=uuid.uuid4(),
        asset=asset,
        user=user,
        kind="feedback",
        occurred_at=timezone.now(),
        metadata=metadata,
    )
    return event


# -- content requests ---------------------------------------------------------


def content_request_create(
    *,
    requester,
    what: str,
    search_query: str = "",
    segment=None,
    stage=None,
    deal=None,
    urgency: str = ContentRequest.Urgency.NORMAL,
) -> ContentRequest:
    """A salesperson asks for content the library lacks."""
    content_request = ContentRequest(
        requester=requester,
        what=(what or "").strip(),
        search_query=(search_query or "").strip()[:200],
        segment=segment,
        stage=stage,
        deal=deal,
        urgency=urgency,
    )
    content_request.full_clean()
    content_request.save()
    return content_request


def content_request_validate_triage(
    *, status: str, resolution_asset: AssetPage | None, decline_reason: str
) -> dict[str, list[str]]:
    """Errors of a triage decision: done needs the new asset, declined needs a reason."""
    errors: dict[str, list[str]] = {}
    if status == ContentRequest.Status.DONE and resolution_asset is None:
        errors["resolution_asset"] = [_("Link the asset that answers the request.")]
    if status == ContentRequest.Status.DECLINED and not (decline_reason or "").strip():
        errors["decline_reason"] = [_("Tell the requester why it is declined.")]
    return errors


def content_request_triage(
    *,
    content_request: ContentRequest,
    user,
    status: str,
    resolution_asset: AssetPage | None = None,
    decline_reason: str = "",
) -> ContentRequest:
    """Marketing moves a request to planned, done (with the new asset) or declined."""
    if not user_can_govern(user=user):
        raise PermissionDenied("Only Marketing triages content requests.")
    if status not in ContentRequest.Status.values:
        raise ValidationError({"status": [_("Unknown status %(status)r.") % {"status": status}]})
    errors = content_request_validate_triage(
        status=status, resolution_asset=resolution_asset, decline_reason=decline_reason
    )
    if errors:
        raise ValidationError(errors)
    content_request.status = status
    content_request.resolution_asset = resolution_asset
    content_request.decline_reason = (decline_reason or "").strip()
    content_request.triaged_by = user
    content_request.save()
    content_request_notify_requester(content_request=content_request)
    return content_request


def content_request_notify_requester(*, content_request: ContentRequest) -> bool:
    """Email the requester once their request is done or declined; idempotent."""
    final = {ContentRequest.Status.DONE, ContentRequest.Status.DECLINED}
    if content_request.status not in final:
        return False
    with transaction.atomic():
        claimed = ContentRequest.objects.filter(
            pk=content_request.pk, requester_notified_at__isnull=True
        ).update(requester_notified_at=timezone.now())
        if not claimed:
            return False
        content_request.refresh_from_db()
        if content_request.status == ContentRequest.Status.DONE:
            done = content_request
            transaction.on_commit(
                lambda: content_request_done.send(sender=ContentRequest, content_request=done)
            )
        requester = content_request.requester
        if not requester.email:
            return False
        with override_for(requester):
            subject, body = _request_update_email(content_request)
        send_mail(subject, body, None, [requester.email])
    return True


def _request_update_email(content_request: ContentRequest) -> tuple[str, str]:
    """Subject and body telling the requester their request is done or declined."""
    my_requests = _absolute(reverse("requests:mine"))
    asked = _("You asked for: %(what)s") % {"what": content_request.what}
    if content_request.status == ContentRequest.Status.DONE:
        asset = content_request.resolution_asset
        subject = _("Your content request is done")
        link = _absolute(asset.url) if asset is not None and asset.url else my_requests
        outcome = _("It is in the library now: %(link)s") % {"link": link}
    else:
        subject = _("Your content request was declined")
        outcome = _("Marketing declined it: %(reason)s") % {
            "reason": content_request.decline_reason
        }
    body = f"{asked}\n\n{outcome}\n"
    body += "\n" + _("All your requests: %(url)s") % {"url": my_requests} + "\n"
    return subject, body
