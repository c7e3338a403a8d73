"""In-app notifications and each user's email choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message for one user; ``dedupe_key`` makes each event notify at most once."""

    class Kind(models.TextChoices):
        LINK_OPENED = "link_opened", _("A prospect opened your link")
        ROOM_OPENED = "room_opened", _("A prospect opened your deal room")
        REQUEST_DONE = "request_done", _("Your content request is done")
        ASSET_RETIRED = "asset_retired", _("An asset you used was retired")
        PLAY_ASSET_RETIRED = "play_asset_retired", _("An asset in your play was retired")
        PLAY_REVIEW = "play_review", _("A play you own is due for review")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


EMAIL_ON_BY_DEFAULT = frozenset({Notification.Kind.LINK_OPENED, Notification.Kind.ROOM_OPENED})
"""Kinds emailed unless the user turned them off: a prospect's first open is the moment to
follow up. Every other kind follows ``NotificationPreference.email_opt_in`` (off)."""

EMAIL_NOT_SENT_HERE = frozenset({Notification.Kind.REQUEST_DONE})
"""Kinds another app already emails (governance mails every requester)."""


class NotificationPreference(models.Model):
    """Whether a user also gets notifications by email: the general switch (off until they
    opt in), for every kind without its own ``NotificationEmailChoice`` and not in
    ``EMAIL_ON_BY_DEFAULT``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_opt_in = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"notification preference of user {self.user_id}"


class NotificationEmailChoice(models.Model):
    """A user's own choice to get one kind of notification by email, or not; it overrides
    the kind's default (``EMAIL_ON_BY_DEFAULT``, else the general switch)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_emails"
    )
    kind = models.CharField(max_length=32, choices=Notification.Kind.choices)
    enabled = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_email")
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.kind} email {state} for user {self.user_id}"
