"""Deal rooms: a rep's set of assets for one of their deals, behind one expiring link.

The prospect's opens and item views are ``tracking.UsageEvent`` rows on the room's deal
(the durable ingestion, so the items influence the deal through the usual rollups); the
room keeps only what is its own: the items' order, the link's hash and lifetime, who
opened it (``RoomVisitor``) and how long each visitor read each page of an item
(``RoomItemVisit``, from the same page-timing batches as share links, ``RoomBeat``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enablement.tracking.models import PageTimedVisit

ROOM_TITLE_MAX_LENGTH = 200
ROOM_NOTE_MAX_LENGTH = 4000
ROOM_MAX_ITEMS = 30


class Room(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deal_rooms"
    )
    deal = models.ForeignKey("tracking.Deal", on_delete=models.CASCADE, related_name="rooms")
    title = models.CharField(_("title"), max_length=ROOM_TITLE_MAX_LENGTH)
    note = models.TextField(
        _("personal note"),
        blank=True,
        max_length=ROOM_NOTE_MAX_LENGTH,
        help_text=_("Plain text, shown above the items."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    email_gate = models.BooleanField(
        _("ask for an email address"),
        default=False,
        help_text=_("The prospect types their email address before seeing the room."),
    )
    allow_download = models.BooleanField(
        _("allow downloads"),
        default=False,
        help_text=_("Let the prospect download the files (PDF, PPTX) of the items."),
    )
    first_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, *, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_serving(self) -> bool:
        return not self.is_revoked and not self.is_expired()


class RoomItem(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(
        "content.AssetPage", on_delete=models.CASCADE, related_name="room_items"
    )
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["room", "asset"], name="unique_room_asset")]


class RoomVisitor(models.Model):
    """One prospect (a browser session, or an email address where the room asks for one)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="visitors")
    visitor_key = models.CharField(max_length=64)
    email = models.EmailField(blank=True)
    first_opened_at = models.DateTimeField()
    last_opened_at = models.DateTimeField()
    opens = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["room", "visitor_key"], name="unique_room_visitor")
        ]


class RoomItemVisit(PageTimedVisit):
    """A visitor's reading of one item, with time per page: the share-link visit rules
    (``tracking.services.engagement``: only visible, active time; a pause longer than
    ``VISIT_GAP`` starts a new visit)."""

    visitor = models.ForeignKey(RoomVisitor, on_delete=models.CASCADE, related_name="visits")
    asset = models.ForeignKey(
        "content.AssetPage",
        on_delete=models.CASCADE,
        related_name="room_visits",
        help_text=_("What the visitor was shown (the replacement of a retired asset)."),
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["visitor", "asset", "last_activity_at"])]

    def __str__(self) -> str:
        return f"room visit {self.pk} of visitor {self.visitor_id}"


class RoomBeat(models.Model):
    """One batch of page timings from a visitor's browser, stored once by its ``batch_id``."""

    batch_id = models.UUIDField(unique=True)
    visit = models.ForeignKey(RoomItemVisit, on_delete=models.CASCADE, related_name="beats")
    received_at = models.DateTimeField()
    pages = models.JSONField(default=dict)
