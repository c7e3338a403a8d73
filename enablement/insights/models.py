"""Weekly digest bookkeeping: who opted out, and which weeks were sent to whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DigestPreference(models.Model):
    """Per-user opt-out of the weekly digest (no row means subscribed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    weekly_digest = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} weekly digest {'on' if self.weekly_digest else 'off'}"


class DigestRun(models.Model):
    """One row per ISO week: claimed atomically so the digest goes out once a week."""

    week_start = models.DateField(unique=True, help_text="Monday of the ISO week reported on.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return f"digest for week of {self.week_start}"


class DigestDelivery(models.Model):
    """One recipient of one week's digest; the unique row is claimed before sending."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="unique_digest_delivery")
        ]
