from django.db import transaction
from django.db.models.signals import post_delete, post_save

from content.models import AssetDocument, DocumentPage


def queue_text_extraction(sender, instance: AssetDocument, **kwargs) -> None:
    if instance.needs_extraction:
        from content.tasks import extract_document_text

        document_id = instance.pk
        transaction.on_commit(lambda: extract_document_text.delay(document_id))


def queue_page_render(sender, instance: AssetDocument, **kwargs) -> None:
    """A new or replaced file gets page previews (upload, import, seed_demo)."""
    if instance.needs_render:
        from content.tasks import render_document_pages

        document_id = instance.pk
        transaction.on_commit(lambda: render_document_pages.delay(document_id))


def delete_page_files(sender, instance: DocumentPage, **kwargs) -> None:
    """A page's images leave storage once its row is gone for good (re-render, delete)."""
    from content.previews import document_page_files_delete

    names = [name for name in (instance.thumbnail.name, instance.image.name) if name]
    transaction.on_commit(lambda: document_page_files_delete(names=names))


def connect() -> None:
    post_save.connect(
        queue_text_extraction, sender=AssetDocument, dispatch_uid="content.queue_text_extraction"
    )
    post_save.connect(
        queue_page_render, sender=AssetDocument, dispatch_uid="content.queue_page_render"
    )
    post_delete.connect(
        delete_page_files, sender=DocumentPage, dispatch_uid="content.delete_page_files"
    )
