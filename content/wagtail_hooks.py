"""Wagtail admin hooks of the content app."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from content.models import SegmentTag, StageTag
from content.selectors import document_is_visible_to, user_sees_all_restricted


class SegmentViewSet(SnippetViewSet):
    """Marketing manages the segment vocabulary editors choose from (no free typing)."""

    model = SegmentTag
    icon = "tag"
    menu_label = _("Segments")
    panels = [FieldPanel("name")]
    list_display = ["name", Column("asset_count", label=_("Assets"), accessor="asset_count")]
    search_fields = ["name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        from django.db.models import Count

        return SegmentTag.objects.annotate(asset_count=Count("tagged_assets")).order_by("name")


class StageIndexView(IndexView):
    default_ordering = "position"


class StageViewSet(SnippetViewSet):
    """Deal stages come from a data migration in deal order; Marketing may only view them."""

    model = StageTag
    icon = "list-ol"
    menu_label = _("Deal stages")
    index_view_class = StageIndexView
    panels = [FieldPanel("name"), FieldPanel("position")]
    list_display = ["position", "name"]
    copy_view_enabled = False


class VocabularyGroup(SnippetViewSetGroup):
    items = (SegmentViewSet, StageViewSet)
    menu_icon = "tag"
    menu_label = _("Vocabularies")
    menu_order = 250


register_snippet(VocabularyGroup)


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """Attachment files follow their asset's visibility: no login, no file; a restricted
    or unpublished asset's deck is not downloadable by guessing its URL."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not document_is_visible_to(document=document, user=request.user):
        raise PermissionDenied(_("This file belongs to an asset you may not see."))
    return None


class PagePreviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_all_restricted(user=request.user)


@hooks.register("register_admin_urls")
def register_page_previews_report():
    from content.admin_views import PagePreviewsReportView, render_again
    from content.views import document_page_image

    urls = [
        path("", PagePreviewsReportView.as_view(), name="report"),
        path(
            "results/",
            PagePreviewsReportView.as_view(results_only=True),
            name="report_results",
        ),
        path("<int:document_id>/render/", render_again, name="render_again"),
        path(
            "<int:document_id>/pages/<int:number>/<str:size>/",
            document_page_image,
            name="page_image",
        ),
    ]
    return [path("content/previews/", include((urls, "content_previews")))]


@hooks.register("register_reports_menu_item")
def register_page_previews_menu_item():
    return PagePreviewsMenuItem(
        _("Page previews"), reverse("content_previews:report"), icon_name="doc-full", order=700
    )
