"""The "Page previews" report in the Wagtail admin: documents by render state."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from content.models import AssetDocument, RenderStatus
from content.previews import documents_by_render_status
from content.selectors import user_sees_all_restricted


class RenderStatusFilterSet(WagtailFilterSet):
    render_status = django_filters.ChoiceFilter(
        label=_("Render state"), choices=RenderStatus.choices, empty_label=_("Any state")
    )

    class Meta:
        model = AssetDocument
        fields = ["render_status"]


class PagePreviewsReportView(ReportView):
    """Every attachment with its preview state, pages rendered, time taken and reason."""

    page_title = _("Page previews")
    header_icon = "doc-full"
    results_template_name = "content/admin/page_previews_results.html"
    index_url_name = "content_previews:report"
    index_results_url_name = "content_previews:report_results"
    filterset_class = RenderStatusFilterSet
    export_filename = "page-previews"
    list_export = ["title", "render_status", "rendered_pages", "render_error", "rendered_at"]
    export_headings = {
        "render_status": _("Render state"),
        "rendered_pages": _("Pages"),
        "render_error": _("Reason"),
        "rendered_at": _("Rendered at"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not user_sees_all_restricted(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return documents_by_render_status()


@require_POST
def render_again(request, document_id: int):
    """Queue a fresh render of one document (after installing LibreOffice, a fixed file)."""
    if not user_sees_all_restricted(user=request.user):
        raise PermissionDenied
    from content.tasks import render_document_pages

    document = get_object_or_404(AssetDocument, pk=document_id)
    AssetDocument.objects.filter(pk=document.pk).update(
        render_status=RenderStatus.PENDING, render_error=""
    )
    transaction.on_commit(lambda: render_document_pages.delay(document.pk, force=True))
    messages.success(
        request,
        _("“%(title)s” will be rendered again shortly.") % {"title": document.title},
    )
    return redirect("content_previews:report")
