"""Attachments: Wagtail documents with their extracted text."""

from __future__ import annotations

from django.db import models
from wagtail.documents.models import AbstractDocument, Document

# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------


class AssetDocument(AbstractDocument):
    """A Wagtail document (PDF or PPTX) with the text extracted from it for search."""

    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Extracted"
        FAILED = "failed", "Failed"

    extracted_text = models.TextField(blank=True, editable=False)
    extraction_status = models.CharField(
        max_length=16, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_error = models.CharField(max_length=500, blank=True, editable=False)
    page_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Pages (PDF) or slides (PPTX)."
    )
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    extracted_from = models.CharField(
        max_length=255, blank=True, editable=False, help_text="File name the text came from."
    )

    @property
    def needs_extraction(self) -> bool:
        return bool(self.file) and self.extracted_from != self.file.name

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    @property
    def kind(self) -> str:
        """``pdf`` or ``pptx``, from the stored file's extension (validated by content)."""
        return self.file_extension
