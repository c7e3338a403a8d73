"""A rep's own corner of the library: starred assets and when they last looked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Favourite(models.Model):
    """A user starred an asset."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="favourites"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "asset"], name="favourite_once_per_user")
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} starred asset {self.asset_id}"


class HomeVisit(models.Model):
    """When the user last opened their home, and since when content counts as new to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_visit_at = models.DateTimeField()
    new_since = models.DateTimeField()

    def __str__(self) -> str:
        return f"home visit of user {self.user_id}"
