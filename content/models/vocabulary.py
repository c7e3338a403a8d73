"""Segments, deal stages, personas and products: django-taggit vocabularies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


class SegmentTag(TagBase):
    """A market segment (Enterprise, Healthcare, ...): a vocabulary marketers manage."""

    free_tagging = False

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]


class StageTag(TagBase):
    """A deal stage. The six defaults come from a data migration, in deal order."""

    free_tagging = False
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in the sales process.")
    )

    class Meta:
        verbose_name = _("deal stage")
        verbose_name_plural = _("deal stages")
        ordering = ["position", "name"]


class PersonaTag(TagBase):
    """Who the asset speaks to (CFO, IT director, ...). Free tagging."""

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")


class ProductTag(TagBase):
    """Which product the asset is about. Free tagging."""

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")


class TaggedSegment(ItemBase):
    tag = models.ForeignKey(SegmentTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_segments", on_delete=models.CASCADE
    )


class TaggedStage(ItemBase):
    tag = models.ForeignKey(StageTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_stages", on_delete=models.CASCADE
    )


class TaggedPersona(ItemBase):
    tag = models.ForeignKey(PersonaTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_personas", on_delete=models.CASCADE
    )


class TaggedProduct(ItemBase):
    tag = models.ForeignKey(ProductTag, related_name="tagged_assets", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "content.AssetPage", related_name="tagged_products", on_delete=models.CASCADE
    )
