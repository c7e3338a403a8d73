"""Receivers: what the apps below announce becomes a notification for the right people.

Connected in ``NotificationsConfig.ready()``. A receiver never raises: the change that
announced it is already stored (the signals are sent on commit).
"""

from __future__ import annotations

import datetime
import functools
import logging

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enablement.notifications.models import Notification
from enablement.notifications.services import notify

logger = logging.getLogger(__name__)

RETIRED_USERS_WITHIN_DAYS = 90
"""Who hears that an asset was retired: everyone who used it in this many days."""


def _never_raise(receiver):
    @functools.wraps(receiver)
    def wrapped(*args, **kwargs):
        try:
            receiver(*args, **kwargs)
        except Exception:  # the sender's change is stored; a lost notice must not undo it
            logger.exception("notification receiver %s failed", receiver.__name__)

    return wrapped


def _reverse_or_blank(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@_never_raise
def on_share_link_first_opened(sender, *, link, opened_at=None, **kwargs) -> None:
    deal = link.deal
    prospect = deal.account or deal.name
    notify(
        recipient=link.created_by,
        kind=Notification.Kind.LINK_OPENED,
        title=_("%(prospect)s opened your link to %(asset)s")
        % {"prospect": prospect, "asset": link.asset.title},
        body=_("Deal: %(deal)s") % {"deal": deal.name},
        url=_reverse_or_blank("tracking:share-links"),
        dedupe_key=f"link_opened:{link.pk}",
    )


@_never_raise
def on_room_first_opened(sender, *, room, opened_at=None, **kwargs) -> None:
    deal = room.deal
    notify(
        recipient=room.owner,
        kind=Notification.Kind.ROOM_OPENED,
        title=_("%(prospect)s opened your deal room %(room)s")
        % {"prospect": deal.account or deal.name, "room": room.title},
        body=_("Deal: %(deal)s") % {"deal": deal.name},
        url=_reverse_or_blank("rooms:detail", room.pk),
        dedupe_key=f"room_opened:{room.pk}",
    )


@_never_raise
def on_content_request_done(sender, *, content_request, **kwargs) -> None:
    asset = content_request.resolution_asset
    url = (asset.url if asset is not None else "") or _reverse_or_blank(
        "requests:detail", content_request.pk
    )
    notify(
        recipient=content_request.requester,
        kind=Notification.Kind.REQUEST_DONE,
        title=_("Your content request is done: %(what)s") % {"what": content_request.what[:120]},
        body=_("It is in the library now: %(title)s") % {"title": asset.title} if asset else "",
        url=url or "",
        dedupe_key=f"request_done:{content_request.pk}",
        email=False,  # governance already emails every requester when a request is done
    )


def asset_recent_users(*, asset_id: int, now: datetime.datetime | None = None):
    """Active users who used the asset in the last ``RETIRED_USERS_WITHIN_DAYS`` days."""
    from enablement.tracking.models import UsageEvent

    since = (now or timezone.now()) - datetime.timedelta(days=RETIRED_USERS_WITHIN_DAYS)
    user_ids = (
        UsageEvent.objects.filter(asset_id=asset_id, occurred_at__gte=since, user__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


@_never_raise
def on_asset_retired(sender, *, asset, replacement=None, **kwargs) -> None:
    today = timezone.localdate().isoformat()
    if replacement is not None:
        title = _("%(asset)s was retired: use %(replacement)s instead") % {
            "asset": asset.title,
            "replacement": replacement.title,
        }
        url = replacement.url or ""
    else:
        title = _("%(asset)s was retired") % {"asset": asset.title}
        url = ""
    for user in asset_recent_users(asset_id=asset.pk):
        notify(
            recipient=user,
            kind=Notification.Kind.ASSET_RETIRED,
            title=title,
            url=url,
            dedupe_key=f"asset_retired:{asset.pk}:{today}:{user.pk}",
        )


@_never_raise
def on_asset_retired_in_plays(sender, *, asset, replacement=None, **kwargs) -> None:
    # With a replacement, plays show it by themselves (content.plays); without one the
    # play has a hole its owner must fill.
    if replacement is not None:
        return
    from content.plays import plays_containing

    today = timezone.localdate().isoformat()
    for play in plays_containing(asset_id=asset.pk).select_related("owner_user"):
        if play.owner_user is None:
            continue
        notify(
            recipient=play.owner_user,
            kind=Notification.Kind.PLAY_ASSET_RETIRED,
            title=_("%(asset)s in your play %(play)s was retired with no replacement")
            % {"asset": asset.title, "play": play.title},
            body=_("Reps no longer see it in the play. Pick another asset."),
            url=_reverse_or_blank("wagtailadmin_pages:edit", play.pk),
            dedupe_key=f"play_asset_retired:{play.pk}:{asset.pk}:{today}",
        )


def connect() -> None:
    from enablement.governance.signals import asset_retired, content_request_done
    from enablement.rooms.signals import room_first_opened
    from enablement.tracking.signals import share_link_first_opened

    share_link_first_opened.connect(on_share_link_first_opened, dispatch_uid="notify-link-opened")
    room_first_opened.connect(on_room_first_opened, dispatch_uid="notify-room-opened")
    content_request_done.connect(on_content_request_done, dispatch_uid="notify-request-done")
    asset_retired.connect(on_asset_retired, dispatch_uid="notify-asset-retired")
    asset_retired.connect(on_asset_retired_in_plays, dispatch_uid="notify-play-asset-retired")
