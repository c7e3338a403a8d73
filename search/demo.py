"""Demo synonyms and segment aliases (run by seed_demo through ENABLEMENT_DEMO_SEEDERS)."""

from __future__ import annotations

import random

from content.models import SegmentTag
from search.models import SearchSynonym, SegmentAlias

DEMO_SYNONYMS = (
    "HIPAA = protected health information = PHI",
    "SOC 2 = SOC2 = security audit",
    "ROI = business case = return on investment",
    "TCO = total cost of ownership",
    "KYC = know your customer",
    "ERP = SAP",
    "BAA = business associate agreement",
)

DEMO_SEGMENT_ALIASES = {
    "Financial Services": ("bank", "banks", "banking", "finance", "insurer", "insurance"),
    "Healthcare": ("hospital", "hospitals", "clinic", "clinics", "health system"),
    "Public Sector": ("government", "municipality", "agency"),
    "Manufacturing": ("manufacturer", "factory", "plant"),
    "Retail": ("retailer", "store chain"),
    "Education": ("university", "college", "school"),
    "Logistics": ("freight", "shipping", "carrier"),
    "SMB": ("small business",),
    "Mid-Market": ("mid market", "midmarket"),
}


def seed_search_vocabulary(*, stdout=None, rng: random.Random | None = None) -> None:
    """Add the demo synonyms and the aliases of the demo segments that exist (idempotent)."""
    for terms in DEMO_SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)
    segments = {tag.name: tag for tag in SegmentTag.objects.all()}
    for name, aliases in DEMO_SEGMENT_ALIASES.items():
        if name not in segments:
            continue
        for alias in aliases:
            SegmentAlias.objects.get_or_create(alias=alias, defaults={"segment": segments[name]})
    if stdout is not None:
        stdout.write(f"Search vocabulary: {len(DEMO_SYNONYMS)} synonym groups, segment aliases.\n")
