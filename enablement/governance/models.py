"""Governance records: retirement, review reminders, content requests.

These models lived in the content app until the governance app was split out; their
tables keep the old ``content_*`` names so existing data stays where it is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import AssetPage, SegmentTag, StageTag

# Kept out of AssetPage's own fields so revisions never carry or restore them.


class AssetRetirement(models.Model):
    """Why and when an asset left the library, and where its old URL now leads."""

    class Kind(models.TextChoices):
        RETIRED = "retired", _("Retired")
        EXPIRED = "expired", _("Expired")

    asset = models.OneToOneField(AssetPage, on_delete=models.CASCADE, related_name="retirement")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RETIRED)
    reason = models.TextField(blank=True)
    replacement = models.ForeignKey(
        AssetPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("The asset the old URL and share links now lead to."),
    )
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_at = models.DateTimeField(default=timezone.now)
    redirect = models.OneToOneField(
        "wagtailredirects.Redirect",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "content_assetretirement"
        verbose_name = _("asset retirement")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.asset_id}"


class ReviewNotification(models.Model):
    """One review reminder: at most one per asset, due date and kind (due soon / overdue)."""

    class Kind(models.TextChoices):
        DUE = "due", _("Review due")
        OVERDUE = "overdue", _("Review overdue")

    asset = models.ForeignKey(
        AssetPage, on_delete=models.CASCADE, related_name="review_notifications"
    )
    review_by = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "content_reviewnotification"
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "review_by", "kind"], name="unique_review_notification"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for asset {self.asset_id} ({self.review_by})"


class ContentRequest(models.Model):
    """Something sales needs that the library lacks; marketing triages it in the admin."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    class Urgency(models.TextChoices):
        LOW = "low", _("Nice to have")
        NORMAL = "normal", _("Needed this quarter")
        HIGH = "high", _("Needed for a live deal")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_requests"
    )
    what = models.TextField("what is missing")
    search_query = models.CharField(
        max_length=200, blank=True, help_text=_("The search that found nothing, if any.")
    )
    segment = models.ForeignKey(
        SegmentTag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        StageTag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deal stage"),
    )
    deal = models.ForeignKey(
        "tracking.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    resolution_asset = models.ForeignKey(
        AssetPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("new asset"),
        help_text=_("Required when done: the asset that answers the request."),
    )
    decline_reason = models.TextField(blank=True, help_text=_("Required when declined."))
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    requester_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "content_contentrequest"
        ordering = ["-created_at"]
        verbose_name = _("content request")

    def __str__(self) -> str:
        return self.what[:80]
