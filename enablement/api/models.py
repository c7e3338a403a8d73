"""Integration users. API tokens themselves are Wagtail's ``APIToken`` (named, stored as
an HMAC-SHA-256 digest, shown once, revocable, last use recorded)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IntegrationAccount(models.Model):
    """Marks a user a manager created for a system (a CRM sync, a webhook): it signs in with
    tokens only and may write deals and backfill usage (``tracking.change_deal``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="integration_account"
    )
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self) -> str:
        return self.user.get_username()
