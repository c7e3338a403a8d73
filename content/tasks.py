from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from content.rendering import RenderTransientError
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


# The renderer stops itself at ENABLEMENT_PREVIEW_SECONDS; these limits are the backstop
# for a worker that hangs inside a native call.
@shared_task(bind=True, acks_late=True, max_retries=3, soft_time_limit=600, time_limit=660)
def render_document_pages(self, document_id: int, force: bool = False) -> None:
    """Render an attachment's page previews; retried on transient errors, never stuck:
    once retries are used up (or the worker's time limit hits) the document is failed."""
    from content.previews import document_render_fail, document_render_pages

    try:
        document_render_pages(document_id=document_id, force=force)
    except (RenderTransientError, ConnectionError) as error:
        if self.request.retries >= self.max_retries:
            document_render_fail(document_id=document_id, reason=f"Rendering kept failing: {error}")
            return
        raise self.retry(exc=error, countdown=min(600, 10 * 2**self.request.retries)) from error
    except SoftTimeLimitExceeded:
        document_render_fail(
            document_id=document_id, reason="Rendering took too long and was stopped."
        )


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def render_previews_sweep(limit: int = 50) -> int:
    """Queue previews for documents whose pages are not from their current file."""
    from content.previews import documents_needing_render

    document_ids = documents_needing_render(limit=limit)
    for document_id in document_ids:
        render_document_pages.delay(document_id)
    return len(document_ids)
