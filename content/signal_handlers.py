from django.db import transaction
from django.db.models.signals import post_save

from content.models import AssetDocument


def queue_text_extraction(sender, instance: AssetDocument, **kwargs) -> None:
    if instance.needs_extraction:
        from content.tasks import extract_document_text

        document_id = instance.pk
        transaction.on_commit(lambda: extract_document_text.delay(document_id))


def connect() -> None:
    post_save.connect(
        queue_text_extraction, sender=AssetDocument, dispatch_uid="content.queue_text_extraction"
    )
