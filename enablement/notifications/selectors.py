"""Reads for notifications."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from enablement.notifications.models import Notification, NotificationPreference


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
