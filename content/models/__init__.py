"""What marketing publishes: vocabularies, attachments, pages and governance records."""

from content.models.documents import AssetDocument
from content.models.governance import AssetRetirement, ContentRequest, ReviewNotification
from content.models.pages import (
    ASSET_TYPES,
    AssetPage,
    CaseStudyPage,
    LibraryPage,
    ObjectionPage,
    PresentationPage,
)
from content.models.vocabulary import (
    PersonaTag,
    ProductTag,
    SegmentTag,
    StageTag,
    TaggedPersona,
    TaggedProduct,
    TaggedSegment,
    TaggedStage,
)

__all__ = [
    "ASSET_TYPES",
    "AssetDocument",
    "AssetPage",
    "AssetRetirement",
    "CaseStudyPage",
    "ContentRequest",
    "LibraryPage",
    "ObjectionPage",
    "PersonaTag",
    "PresentationPage",
    "ProductTag",
    "ReviewNotification",
    "SegmentTag",
    "StageTag",
    "TaggedPersona",
    "TaggedProduct",
    "TaggedSegment",
    "TaggedStage",
]
