"""Writes for usage tracking, one module per seam; the names are re-exported here so
``from enablement.tracking.services import X`` keeps working."""

from enablement.tracking.services.rollups import *  # noqa: F403
from enablement.tracking.services.rollups import _events_insert  # noqa: F401
