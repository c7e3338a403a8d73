"""Attachments: Wagtail documents with their extracted text."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Rendered")
    FAILED = "failed", _("Failed")
    UNAVAILABLE = "unavailable", _("Unavailable (no LibreOffice)")


class AssetDocument(AbstractDocument):
    """A Wagtail document (PDF or PPTX) with the text extracted from it for search."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Extracted")
        FAILED = "failed", _("Failed")

    extracted_text = models.TextField(blank=True, editable=False)
    extraction_status = models.CharField(
        max_length=16, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_error = models.CharField(max_length=500, blank=True, editable=False)
    page_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text=_("Pages (PDF) or slides (PPTX).")
    )
    hidden_pages = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_("Numbers of the slides marked hidden in the deck (not shown, not searched)."),
    )
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    extracted_from = models.CharField(
        max_length=255, blank=True, editable=False, help_text=_("File name the text came from.")
    )

    # Page previews (content.previews): images and text per page, rendered by Celery.
    render_status = models.CharField(
        max_length=16, choices=RenderStatus.choices, default=RenderStatus.PENDING, editable=False
    )
    render_error = models.CharField(max_length=500, blank=True, editable=False)
    rendered_from = models.CharField(
        max_length=255, blank=True, editable=False, help_text=_("File name the pages came from.")
    )
    rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    render_seconds = models.FloatField(
        null=True, blank=True, editable=False, help_text=_("How long the last render took.")
    )

    @property
    def needs_render(self) -> bool:
        return bool(self.file) and self.rendered_from != self.file.name

    @property
    def needs_extraction(self) -> bool:
        return bool(self.file) and self.extracted_from != self.file.name

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = "documents"

    @property
    def kind(self) -> str:
        """``pdf`` or ``pptx``, from the stored file's extension (validated by content)."""
        return self.file_extension


# ---------------------------------------------------------------------------
# Page previews
# ---------------------------------------------------------------------------


def _preview_upload_to(instance: DocumentPage, filename: str) -> str:
    # Never served as plain media: enablement.core.views protects "previews/".
    return f"previews/{instance.document_id}/{filename}"


class DocumentPage(models.Model):
    """One rendered page (PDF) or slide (PPTX): its text and images at two sizes."""

    document = models.ForeignKey(AssetDocument, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text=_("1-based page or slide number."))
    text = models.TextField(blank=True)
    thumbnail = models.FileField(upload_to=_preview_upload_to, max_length=255)
    thumbnail_width = models.PositiveIntegerField()
    thumbnail_height = models.PositiveIntegerField()
    image = models.FileField(upload_to=_preview_upload_to, max_length=255)
    image_width = models.PositiveIntegerField()
    image_height = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_page")
        ]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"
