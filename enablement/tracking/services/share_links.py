"""Share links: create, revoke, and record a prospect opening one."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from content.selectors import asset_is_live, asset_is_visible_to
from enablement.tracking.models import (
    Deal,
    ShareLink,
    UsageEvent,
)
from enablement.tracking.selectors import deal_open_for_user
from enablement.tracking.services.events import usage_event_record
from enablement.tracking.signals import share_link_first_opened

logger = logging.getLogger(__name__)

SHARE_LINK_DEFAULT_DAYS = 14
SHARE_LINK_MAX_DAYS = 90
# The lifetimes the share dialog offers; the view and service accept any 1..90.
SHARE_LINK_DAY_CHOICES = (7, 14, 30, 60, 90)


def share_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkError(Exception):
    """Why a share link cannot be created (shown to the salesperson)."""


def _interface_language() -> str:
    """The active language if the site offers it (the sharer's choice), else ""."""
    code = translation.get_language() or ""
    return code if code in dict(settings.LANGUAGES) else ""


def share_link_create(
    *,
    asset,
    deal: Deal,
    user,
    expires_in_days: int = SHARE_LINK_DEFAULT_DAYS,
    allow_download: bool = True,
    watermark: str = "",
) -> tuple[ShareLink, str]:
    """Create a link showing ``asset`` to the prospect of ``deal``; returns ``(link, token)``.

    The token (256 random bits) is returned once and only its hash stored. The user must
    see the live asset and own the open deal (superusers may share for any open deal).
    Records a ``share`` event on the deal. ``allow_download``: the prospect may download
    the file; ``watermark``: text drawn over every page image the prospect sees.
    """
    if not asset_is_live(asset=asset) or not asset_is_visible_to(asset=asset, user=user):
        raise ShareLinkError(_("You cannot share this asset."))
    if deal.status != Deal.Status.OPEN or deal_open_for_user(user=user, deal_id=deal.pk) is None:
        raise ShareLinkError(_("Pick one of your open deals."))
    if not 1 <= expires_in_days <= SHARE_LINK_MAX_DAYS:
        raise ShareLinkError(
            _("Links expire after 1 to %(days)d days.") % {"days": SHARE_LINK_MAX_DAYS}
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        link = ShareLink.objects.create(
            token_hash=share_token_hash(token),
            asset=asset,
            deal=deal,
            created_by=user,
            expires_at=now + datetime.timedelta(days=expires_in_days),
            allow_download=allow_download,
            watermark=watermark.strip()[:100],
            language=_interface_language(),
        )
        usage_event_record(
            event_id=uuid.uuid4(),
            asset=asset,
            user=user,
            kind=UsageEvent.Kind.SHARE,
            occurred_at=now,
            deal=deal,
            metadata={"share_link": link.pk, "expires_at": link.expires_at.isoformat()},
        )
    return link, token


def share_link_revoke(*, share_link: ShareLink, user) -> ShareLink:
    """Revoke a link (its creator or a superuser); revoking twice is harmless.

    The link stops serving at once (every prospect request resolves it again); after the
    commit a task deletes the watermarked page images kept for it (``tracking/watermark``).
    """
    if not (user.is_superuser or share_link.created_by_id == user.pk):
        raise PermissionError("Only the person who shared the link can revoke it.")
    if share_link.revoked_at is None:
        share_link.revoked_at = timezone.now()
        share_link.save(update_fields=["revoked_at"])
    _queue_watermarked_files_delete(link_id=share_link.pk)
    return share_link


def _queue_watermarked_files_delete(*, link_id: int) -> None:
    def send() -> None:
        from enablement.tracking.tasks import share_link_files_delete_task

        try:
            share_link_files_delete_task.apply_async(kwargs={"link_id": link_id}, retry=False)
        except Exception as error:  # the sweep deletes them later
            logger.warning("could not queue deleting share link %s files: %s", link_id, error)

    transaction.on_commit(send)


def share_link_open(*, share_link: ShareLink, download: bool = False, asset=None) -> UsageEvent:
    """Record a prospect opening (or downloading from) a share link: an event on the
    link's deal with no user and ``{"prospect": true}``.

    ``asset`` is what the prospect was shown when it is not the link's own asset (the
    replacement of a retired one); the event then counts for it, with metadata
    ``{"via_retired_asset": <the link's asset id>}``.
    """
    now = timezone.now()
    shown = asset if asset is not None else share_link.asset
    metadata = {"prospect": True, "share_link": share_link.pk}
    if shown.pk != share_link.asset_id:
        metadata["via_retired_asset"] = share_link.asset_id
    if not download:
        # The first open is the one that sets last_opened_at: one UPDATE decides it, so two
        # prospects opening at once never both count as first.
        first = ShareLink.objects.filter(pk=share_link.pk, last_opened_at__isnull=True).update(
            opens=F("opens") + 1, last_opened_at=now
        )
        if not first:
            ShareLink.objects.filter(pk=share_link.pk).update(
                opens=F("opens") + 1, last_opened_at=now
            )
        else:
            transaction.on_commit(lambda: _announce_first_open(share_link, now))
    event, _ = usage_event_record(
        event_id=uuid.uuid4(),
        asset=shown,
        user=None,
        kind=UsageEvent.Kind.DOWNLOAD if download else UsageEvent.Kind.VIEW,
        occurred_at=now,
        deal=share_link.deal,
        metadata=metadata,
    )
    return event


def _announce_first_open(link: ShareLink, opened_at) -> None:
    for receiver, result in share_link_first_opened.send_robust(
        sender=ShareLink, link=link, opened_at=opened_at
    ):
        if isinstance(result, Exception):
            logger.error(
                "share_link_first_opened receiver %r failed: %s",
                receiver,
                result,
                exc_info=result,
            )
