"""What marketing publishes: vocabularies, attachments and pages."""

from content.models.documents import AssetDocument, DocumentPage, RenderStatus
from content.models.pages import (
    ASSET_TYPES,
    AssetPage,
    CaseStudyPage,
    LibraryPage,
    ObjectionPage,
    PresentationPage,
)
from content.models.plays import PlayItem, PlayOpen, PlayPage
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
    "CaseStudyPage",
    "DocumentPage",
    "LibraryPage",
    "ObjectionPage",
    "PersonaTag",
    "PlayItem",
    "PlayOpen",
    "PlayPage",
    "PresentationPage",
    "ProductTag",
    "RenderStatus",
    "SegmentTag",
    "StageTag",
    "TaggedPersona",
    "TaggedProduct",
    "TaggedSegment",
    "TaggedStage",
]
