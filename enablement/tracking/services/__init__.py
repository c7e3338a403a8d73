"""Writes for usage tracking, one module per seam (events, rollups, popularity, deals,
share links). The names are re-exported here, so ``from enablement.tracking.services
import X`` keeps working."""

from enablement.tracking.services.deals import (
    DEAL_FIELDS,
    DEAL_TEXT_MAX_LENGTH,
    OWNER_KEY_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
    DealBatchResult,
    deal_external_id_problem,
    deal_payload_validate,
    deal_upsert,
    deals_upsert_many,
)
from enablement.tracking.services.events import (
    MAX_BATCH,
    IngestResult,
    _events_insert,
    usage_event_record,
    usage_events_ingest,
)
from enablement.tracking.services.influences import deal_data_changed, deal_influences_refresh
from enablement.tracking.services.popularity import (
    POPULARITY_FIELDS,
    POPULARITY_MIN_CLOSED_DEALS,
    asset_popularity_refresh,
)
from enablement.tracking.services.rollups import (
    PROCESS_BATCH_SIZE,
    ROLLUP_LOCK_KEY,
    RollupReport,
    usage_events_process,
    usage_rollup_run,
    user_bitmaps_rebuild,
)
from enablement.tracking.services.share_links import (
    SHARE_LINK_DAY_CHOICES,
    SHARE_LINK_DEFAULT_DAYS,
    SHARE_LINK_MAX_DAYS,
    ShareLinkError,
    share_link_create,
    share_link_open,
    share_link_revoke,
    share_token_hash,
)

__all__ = [
    "DEAL_FIELDS",
    "DEAL_TEXT_MAX_LENGTH",
    "MAX_BATCH",
    "OWNER_KEY_MAX_LENGTH",
    "POPULARITY_FIELDS",
    "POPULARITY_MIN_CLOSED_DEALS",
    "PROCESS_BATCH_SIZE",
    "ROLLUP_LOCK_KEY",
    "SHARE_LINK_DAY_CHOICES",
    "SHARE_LINK_DEFAULT_DAYS",
    "SHARE_LINK_MAX_DAYS",
    "TAG_NAME_MAX_LENGTH",
    "DealBatchResult",
    "IngestResult",
    "RollupReport",
    "ShareLinkError",
    "_events_insert",
    "asset_popularity_refresh",
    "deal_data_changed",
    "deal_external_id_problem",
    "deal_influences_refresh",
    "deal_payload_validate",
    "deal_upsert",
    "deals_upsert_many",
    "share_link_create",
    "share_link_open",
    "share_link_revoke",
    "share_token_hash",
    "usage_event_record",
    "usage_events_ingest",
    "usage_events_process",
    "usage_rollup_run",
    "user_bitmaps_rebuild",
]
