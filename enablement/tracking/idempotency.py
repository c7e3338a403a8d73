"""Idempotency keys for events the product records itself (page views, downloads,
presents, and form posts without the page script's own key).

A double click, a reload or a retried request within the same ``CAPTURE_WINDOW`` maps to
the same ``event_id``, and ``UsageEvent.event_id`` is unique, so it is stored and counted
once. Windows are fixed (aligned to the epoch), so two requests straddling a boundary
count twice; with a 30 s window that happens to about one double click in a hundred.
"""

from __future__ import annotations

import datetime
import uuid

from django.utils.crypto import salted_hmac

CAPTURE_WINDOW = datetime.timedelta(seconds=30)


def capture_event_id(*, user, asset, kind: str, at: datetime.datetime, deal=None) -> uuid.UUID:
    """A deterministic ``event_id`` for (user, asset, kind, deal, window containing ``at``).

    Keyed with the site's secret (HMAC, like a UUID5 with a secret namespace): an API
    client cannot post the key of someone else's next view in advance to suppress it.
    """
    window = int(at.timestamp() // CAPTURE_WINDOW.total_seconds())
    user_key = user.pk if user is not None and user.is_authenticated else "anonymous"
    deal_key = deal.pk if deal is not None else ""
    name = f"{user_key}:{asset.pk}:{kind}:{deal_key}:{window}"
    digest = salted_hmac("enablement.tracking.capture_event_id", name).digest()
    return uuid.UUID(bytes=digest[:16], version=5)
