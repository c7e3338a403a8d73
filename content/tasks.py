from celery import shared_task

from content.services import document_extract_text


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def extract_document_text(document_id: int) -> None:
    document_extract_text(document_id=document_id)
