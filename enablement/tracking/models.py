"""Deals from the CRM, usage events, and what Celery derives from them.

``UsageEvent`` rows are the durable record (stored before anything else happens to an
event). Attribution (``DealInfluence``), daily rollups (``AssetDailyUsage``) and search
popularity (``AssetPopularity``) are derived and can be rebuilt from events and deals.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Deal-size bands: upper bounds (exclusive), in the deal's own currency; the last band
# has none. Insights' like-for-like strata group deals by them (``SIZE_BANDS`` labels
# them); each influence carries its deal's band (``DealInfluence.deal_band``).
DEAL_SIZE_BAND_BOUNDS: tuple[Decimal, ...] = (Decimal(10_000), Decimal(50_000), Decimal(250_000))


def deal_size_band(amount) -> int:
    """The index of the size band of a deal amount (0 .. ``len(DEAL_SIZE_BAND_BOUNDS)``)."""
    for index, upper in enumerate(DEAL_SIZE_BAND_BOUNDS):
        if amount < upper:
            return index
    return len(DEAL_SIZE_BAND_BOUNDS)


class Deal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    external_id = models.CharField(max_length=64, unique=True, help_text=_("CRM id."))
    name = models.CharField(max_length=255)
    account = models.CharField(max_length=255, db_index=True)
    segment = models.ForeignKey(
        "content.SegmentTag", null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    stage = models.ForeignKey(
        "content.StageTag", null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="USD")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "closed_at"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.account})"


class UsageEvent(models.Model):
    class Kind(models.TextChoices):
        VIEW = "view", _("View")
        DOWNLOAD = "download", _("Download")
        SHARE = "share", _("Share")
        PRESENT = "present", _("Present")
        COPY = "copy", _("Copy")
        ATTACH = "attach", _("Use in deal")
        FEEDBACK = "feedback", _("Feedback")

    event_id = models.UUIDField(unique=True, default=uuid.uuid4, help_text=_("Idempotency key."))
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="usage_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usage_events",
        help_text=_("Empty for a prospect opening a share link."),
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    occurred_at = models.DateTimeField(db_index=True)
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="usage_events"
    )
    metadata = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text=_("When attribution and rollups took it.")
    )

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["asset", "occurred_at"]),
            models.Index(fields=["deal", "asset"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of asset {self.asset_id} at {self.occurred_at:%Y-%m-%d %H:%M}"


class DealInfluence(models.Model):
    """An asset influenced a deal: an event linked them at or before the deal closed."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="influences")
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="deal_influences"
    )
    first_used_at = models.DateTimeField()
    last_used_at = models.DateTimeField()
    uses = models.PositiveIntegerField(default=0)

    # Copies of the deal's fields the year-long stats group by (its size band too), and
    # the deal's number of influences (its won amount's attribution share is 1 / that),
    # so insights reads a period's closed deals' influences from one covering index with
    # no join to deals (a year at 5,000,000 events: 166,861 rows). Kept equal to the deal
    # by ``tracking.services.deal_influences_refresh``, which every writer of deals or
    # influences calls (rollups, deal saves, asset deletion); the tag and owner copies
    # are nulled with the deal's own on deletion (SET_NULL).
    deal_status = models.CharField(max_length=8, choices=Deal.Status.choices, default="")
    deal_closed_at = models.DateTimeField(null=True, blank=True)
    deal_segment = models.ForeignKey(
        "content.SegmentTag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    deal_stage = models.ForeignKey(
        "content.StageTag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    deal_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    deal_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    deal_currency = models.CharField(max_length=3, default="")
    deal_influences = models.PositiveIntegerField(
        default=0, help_text=_("How many assets influenced the deal (this one included).")
    )
    deal_band = models.PositiveSmallIntegerField(
        default=0, help_text=_("The deal amount's size band (index, smallest first).")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deal", "asset"], name="unique_deal_influence")
        ]
        indexes = [
            # Covering: insights counts influences whose uses overlap a period from the
            # index alone (5M events: 108 ms -> 29 ms for the summary's count).
            models.Index(
                fields=["last_used_at", "first_used_at", "deal", "asset"],
                name="tracking_influence_window",
            ),
            # Covering, for closed deals' influences by close date: the stats' one pass
            # (outcomes and like-for-like strata per asset) from the index alone.
            models.Index(
                fields=["deal_closed_at"],
                include=[
                    "deal_status",
                    "asset",
                    "deal",
                    "deal_segment",
                    "deal_stage",
                    "deal_owner",
                    "deal_amount",
                    "deal_currency",
                    "deal_influences",
                    "deal_band",
                    "first_used_at",
                    "last_used_at",
                ],
                condition=models.Q(deal_status__in=["won", "lost"]),
                name="tracking_influence_closed",
            ),
        ]


class DealDataGeneration(models.Model):
    """One row (no row: nothing may be cached): a number that every write to deals or
    their influences replaces with a new random one, in the writer's transaction, so a
    figure derived from all deals (insights' account lifetime value) can be cached under
    it and is never read stale."""

    generation = models.PositiveBigIntegerField(default=0)


class AssetDailyUsage(models.Model):
    """Per asset per day: the rollup the stats read instead of raw events."""

    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="daily_usage"
    )
    day = models.DateField()
    uses = models.PositiveIntegerField(default=0)
    users = models.PositiveIntegerField(default=0)
    deals_influenced = models.PositiveIntegerField(default=0)
    by_kind = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "day"], name="unique_asset_day_usage")
        ]
        indexes = [models.Index(fields=["day"])]


class AssetPopularity(models.Model):
    """Performance figures pushed into the search index for ranking."""

    asset = models.OneToOneField(
        "content.AssetPage", on_delete=models.CASCADE, related_name="popularity", primary_key=True
    )
    deals_influenced = models.PositiveIntegerField(default=0)
    deals_won = models.PositiveIntegerField(default=0)
    win_rate = models.FloatField(null=True, blank=True)
    uses_30d = models.PositiveIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class AssetUserDailyUsage(models.Model):
    """Per asset, per user, per day: distinct users over any period and adoption by rep."""

    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="user_daily_usage"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_asset_usage"
    )
    day = models.DateField()
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "user", "day"], name="unique_asset_user_day")
        ]
        indexes = [
            models.Index(fields=["day", "user"]),
            # Covering: distinct users per asset over days, answered from the index alone.
            models.Index(fields=["day", "asset", "user"], name="tracking_userdaily_day_asset"),
        ]


class AssetUserMonthlyUsage(models.Model):
    """Per asset, per user, per calendar month (UTC; ``month`` is its first day).

    Derived from ``AssetUserDailyUsage`` so distinct users over a long period read whole
    months here and only the partial months at its edges from the daily rows.
    """

    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="user_monthly_usage"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_asset_usage"
    )
    month = models.DateField(help_text=_("The first day of the month."))
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "user", "month"], name="unique_asset_user_month"
            )
        ]
        indexes = [
            # Covering, for distinct users per asset over whole months.
            models.Index(fields=["month", "asset", "user"], name="tracking_usermonth_m_a_u"),
            # "Did this user use anything in these months": one probe per user.
            models.Index(fields=["user", "month", "asset"], name="tracking_usermonth_u_m_a"),
        ]


class AssetUserBitmap(models.Model):
    """Per asset, per day or per calendar month (UTC): the set of its users as a bitmap.

    Bit ``pk`` is set for each user with a use in the period: byte ``pk // 8``, mask
    ``0x80 >> pk % 8`` (most significant bit first, so PostgreSQL reads the hex of the
    bytes as a bit string with user ``pk`` at position ``pk``). Distinct users over any
    period are the bit count of the OR of its whole months' and edge days' bitmaps:
    exact. ``PREFIX`` rows hold a month's users from its first day to ``start``,
    ``SUFFIX`` rows from ``start`` to its last day, so a partial month at a period's edge
    is one row: a year reads <= 14 rows per asset, 30 days 2, instead of millions of
    (asset, user) pairs to sort. Derived from ``AssetUserDailyUsage`` by the rollups.
    """

    class Grain(models.TextChoices):
        DAY = "D", _("Day")
        MONTH = "M", _("Month")
        PREFIX = "P", _("Month start to day")
        SUFFIX = "S", _("Day to month end")

    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="user_bitmaps"
    )
    grain = models.CharField(max_length=1, choices=Grain.choices)
    start = models.DateField(
        help_text=_("The day, the month's first day, or a prefix's last or suffix's first day.")
    )
    bits = models.BinaryField(default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "grain", "start"], name="unique_asset_user_bitmap"
            )
        ]
        indexes = [models.Index(fields=["grain", "start"], name="tracking_userbits_g_s")]


class ShareLink(models.Model):
    """An expiring, revocable link that shows one asset to a prospect without login.

    Only a SHA-256 hash of the token is stored: the full URL is shown once, when created.
    """

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="share_links"
    )
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    opens = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    allow_download = models.BooleanField(
        default=True, help_text=_("The prospect may download the file.")
    )
    watermark = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text=_("Drawn over every page image the prospect sees (their email, the deal)."),
    )
    # The sharer's interface language when they created the link: the prospect's page
    # speaks it ("" for links made before languages: the prospect's browser decides).
    language = models.CharField(max_length=8, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return f"share of asset {self.asset_id} for deal {self.deal_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, *, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


class PageTimedVisit(models.Model):
    """A visit with reading time per page (``tracking.services.engagement``): a share
    link's, or a deal room item's (``rooms.RoomItemVisit``)."""

    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    pages = models.JSONField(default=dict, blank=True, help_text='{"page number": seconds}')

    class Meta:
        abstract = True


class ShareLinkVisit(PageTimedVisit):
    """A prospect's visit through a share link: reading time counted only while the tab
    was visible and the reader active; activity within ``VISIT_GAP`` of the last merges
    into the same visit (DocSend's definition). Derived from ``ShareLinkBeat`` rows."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="visits")
    asset = models.ForeignKey(
        "content.AssetPage",
        on_delete=models.CASCADE,
        related_name="share_visits",
        help_text=_("What the prospect was shown (the replacement of a retired asset)."),
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["link", "last_activity_at"]),
            models.Index(fields=["asset", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"visit of share link {self.link_id} at {self.started_at:%Y-%m-%d %H:%M}"


class ShareLinkBeat(models.Model):
    """One batch of page timings posted by the prospect's browser: the durable record,
    idempotent by the client's ``batch_id`` (a retried post is stored once)."""

    batch_id = models.UUIDField(unique=True)
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="beats")
    visit = models.ForeignKey(ShareLinkVisit, on_delete=models.CASCADE, related_name="beats")
    received_at = models.DateTimeField()
    pages = models.JSONField(default=dict)
