from pathlib import PurePath

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from content.files import AttachmentError, validate_attachment


class AssetDocumentForm(BaseDocumentForm):
    """Wagtail's document form, checking type by content, size and readability."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "size"):
            return upload
        if getattr(upload, "_committed", False) and not hasattr(upload, "content_type"):
            return upload  # the existing file, unchanged on edit
        try:
            upload.seek(0)
            kind = validate_attachment(upload, size=upload.size)
        except AttachmentError as error:
            raise forms.ValidationError(str(error), code="invalid_attachment") from error
        finally:
            upload.seek(0)
        # The type comes from the content: store it under the matching extension so a
        # PPTX uploaded as "deck.pdf" is served and read as the PPTX it is.
        name = PurePath(upload.name)
        if name.suffix.lower() != f".{kind}":
            upload.name = f"{name.stem}.{kind}"
        return upload
