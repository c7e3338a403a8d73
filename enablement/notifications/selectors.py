"""Reads for notifications."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from enablement.notifications.models import (
    EMAIL_NOT_SENT_HERE,
    EMAIL_ON_BY_DEFAULT,
    Notification,
    NotificationEmailChoice,
    NotificationPreference,
)


def notifications_for_user(*, user) -> QuerySet[Notification]:
    """The user's notifications, unread first, then newest first."""
    unread_first = Case(
        When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return Notification.objects.filter(recipient=user).order_by(unread_first, "-created_at", "-pk")


def notifications_unread_count(*, user) -> int:
    """How many of the user's notifications are unread (0 for anonymous users)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def user_email_opt_in(*, user) -> bool:
    """Whether the user asked for notifications by email too (default: no)."""
    return NotificationPreference.objects.filter(user=user, email_opt_in=True).exists()


def user_wants_email(*, user, kind: str) -> bool:
    """Whether ``user`` gets notifications of ``kind`` by email: their own choice for the
    kind where they made one, else on for ``EMAIL_ON_BY_DEFAULT`` (a prospect's first
    open), else the general switch (``user_email_opt_in``, off by default)."""
    if kind in EMAIL_NOT_SENT_HERE:
        return False
    choice = (
        NotificationEmailChoice.objects.filter(user=user, kind=kind)
        .values_list("enabled", flat=True)
        .first()
    )
    if choice is not None:
        return choice
    if kind in EMAIL_ON_BY_DEFAULT:
        return True
    return user_email_opt_in(user=user)


@dataclass(frozen=True)
class EmailSetting:
    kind: str
    label: str
    enabled: bool


def user_email_settings(*, user) -> list[EmailSetting]:
    """Every kind the user can have emailed, with whether it is now (the settings form);
    two queries."""
    chosen = dict(NotificationEmailChoice.objects.filter(user=user).values_list("kind", "enabled"))
    general = user_email_opt_in(user=user)
    return [
        EmailSetting(
            kind=kind,
            label=str(label),
            enabled=chosen.get(kind, kind in EMAIL_ON_BY_DEFAULT or general),
        )
        for kind, label in Notification.Kind.choices
        if kind not in EMAIL_NOT_SENT_HERE
    ]
