"""Writes for notifications: notify (idempotent), mark read, email choices."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from content.i18n import override_for
from enablement.notifications.models import (
    EMAIL_NOT_SENT_HERE,
    Notification,
    NotificationEmailChoice,
    NotificationPreference,
)
from enablement.notifications.selectors import user_wants_email

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length
DEDUPE_MAX = Notification._meta.get_field("dedupe_key").max_length


def _clip(text: str, limit: int) -> str:
    text = (text or "").replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify(
    *,
    recipient,
    kind: str,
    title: str,
    dedupe_key: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notification | None:
    """Tell ``recipient`` something once: a second call with the same ``dedupe_key`` is a
    no-op and returns ``None``. Returns the new notification.

    When the recipient wants this kind by email (``user_wants_email``: a prospect's first
    open unless they turned it off, other kinds once they opted in) and has an address, a
    Celery task mails it after the commit (``email=False``: the sender already mails it
    itself). Inactive users and users without an id get nothing.
    """
    if recipient is None or not getattr(recipient, "pk", None) or not recipient.is_active:
        return None
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    dedupe_key = dedupe_key[:DEDUPE_MAX]
    if Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=_clip(title, TITLE_MAX),
                body=(body or "").replace("\x00", ""),
                url=url if url and len(url) <= URL_MAX else "",
                dedupe_key=dedupe_key,
            )
    except IntegrityError:  # a concurrent call stored it first
        return None
    if email and recipient.email and user_wants_email(user=recipient, kind=kind):
        from enablement.notifications.tasks import send_notification_email

        notification_id = notification.pk
        transaction.on_commit(lambda: send_notification_email.delay(notification_id))
    return notification


def notification_email_deliver(*, notification_id: int) -> bool:
    """Email one notification to its recipient, at most once (claimed by ``emailed_at``),
    if they still want its kind by email."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        recipient = notification.recipient
        if not recipient.email or not user_wants_email(user=recipient, kind=notification.kind):
            return False
        body = notification.body
        if notification.url:
            link = notification.url
            if not link.startswith("http"):
                link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link
            body = f"{body}\n\n{link}\n" if body else f"{link}\n"
        send_mail(notification.title, body, None, [recipient.email])
    return True


def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the user's notifications read; ``False`` if it is not theirs (or read)."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_email_opt_in_set(*, user, enabled: bool) -> NotificationPreference:
    """Turn email notifications on or off for the user: the general switch and every
    kind's own choice (so "off" also stops the prospect-open emails that are on by
    default)."""
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.update_or_create(
            user=user, defaults={"email_opt_in": bool(enabled)}
        )
        notification_email_choices_set(user=user, kinds=EMAILED_KINDS if enabled else set())
    return preference


EMAILED_KINDS = frozenset(set(Notification.Kind.values) - EMAIL_NOT_SENT_HERE)
"""The kinds a user can choose to get by email."""


def notification_email_choices_set(*, user, kinds) -> None:
    """Email the user exactly these kinds of notification from now on (each a value of
    ``EMAILED_KINDS``; anything else is a ``ValueError``): one choice per kind."""
    kinds = set(kinds)
    unknown = kinds - EMAILED_KINDS
    if unknown:
        raise ValueError(f"Unknown notification kinds {sorted(unknown)!r}.")
    with transaction.atomic():
        for kind in sorted(EMAILED_KINDS):
            NotificationEmailChoice.objects.update_or_create(
                user=user, kind=kind, defaults={"enabled": kind in kinds}
            )


@dataclass(frozen=True)
class PlayReminderRun:
    due: int
    notified: int


def play_review_reminders_send(*, today: datetime.date | None = None) -> PlayReminderRun:
    """Plays get the assets' freshness rule: their owner hears when a live play's
    ``review_by`` is within ``REVIEW_DUE_WITHIN_DAYS`` and again once it is past, once per
    (play, review date, due|overdue) however often this runs (the dedupe key). Email goes
    with it where the owner opted in; a play without an owner reminds no one (the admin's
    "Review overdue" chip still shows it)."""
    from content.plays import plays_live
    from enablement.governance.selectors import REVIEW_DUE_WITHIN_DAYS

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS)
    due = list(
        plays_live()
        .filter(review_by__isnull=False, review_by__lte=horizon, owner_user__isnull=False)
        .select_related("owner_user")
        .order_by("review_by", "pk")
    )
    notified = 0
    for play in due:
        overdue = play.review_by < today
        with override_for(play.owner_user):
            title = (
                _("Your play %(play)s is overdue for review (since %(date)s)")
                if overdue
                else _("Your play %(play)s is due for review by %(date)s")
            ) % {"play": play.title, "date": formats.date_format(play.review_by)}
            body = _(
                "Check that its assets and guidance are still right, then update its review date."
            )
        kind = "overdue" if overdue else "due"
        created = notify(
            recipient=play.owner_user,
            kind=Notification.Kind.PLAY_REVIEW,
            title=title,
            body=body,
            url=_edit_url(play.pk),
            dedupe_key=f"play_review:{play.pk}:{play.review_by.isoformat()}:{kind}",
        )
        notified += created is not None
    return PlayReminderRun(due=len(due), notified=notified)


def _edit_url(page_id: int) -> str:
    try:
        return reverse("wagtailadmin_pages:edit", args=[page_id])
    except NoReverseMatch:
        return ""
