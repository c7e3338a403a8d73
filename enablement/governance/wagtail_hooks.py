"""Wagtail admin hooks for governance: reports, retire and verify actions, review panel,
content-request triage and the audit-log actions."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import AssetPage
from enablement.governance import admin_messages, admin_views, reports, selectors, services
from enablement.governance.forms import ContentRequestTriageForm
from enablement.governance.models import ContentRequest

# Clear messages after approve, request changes and publish (instead of "has been updated").
hooks.register("after_edit_page", admin_messages.messages_after_edit_clarify)

# -- URLs ---------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_governance_admin_urls():
    report_patterns = []
    for report in reports.marketing_reports():
        report_patterns += [
            path(report.path, report.view.as_view(), name=report.name),
            path(
                f"{report.path}results/",
                report.view.as_view(results_only=True),
                name=f"{report.name}_results",
            ),
        ]
    action_patterns = [
        path("retire/<int:page_id>/", admin_views.retire, name="retire"),
        path("retire/<int:page_id>/quick/", admin_views.quick_retire, name="quick_retire"),
        path("verify/<int:page_id>/", admin_views.verify, name="verify"),
    ]
    return [
        path("governance/reports/", include((report_patterns, "governance_reports"))),
        path("governance/", include((action_patterns, "governance_admin"))),
    ]


# -- Reports menu -------------------------------------------------------------


# -- Retire actions on pages --------------------------------------------------


def _can_retire(page, user) -> bool:
    return (
        isinstance(page.specific_deferred, AssetPage)
        and page.live
        and selectors.user_can_govern(user=user)
    )


class RetireButton(PageMenuItem):
    label = _("Retire…")
    icon_name = "bin"

    def __init__(self, *, page, next_url=None, priority=35):
        super().__init__(page=page, next_url=next_url, priority=priority)
        url = reverse("governance_admin:retire", args=[page.pk])
        if next_url:
            from django.utils.http import urlencode

            url += "?" + urlencode({"next": next_url})
        self.url = url


@hooks.register("register_page_listing_more_buttons")
def page_listing_retire_button(page, user, next_url=None):
    if _can_retire(page, user):
        yield RetireButton(page=page, next_url=next_url)


@hooks.register("register_page_header_buttons")
def page_header_retire_button(page, user, view_name, next_url=None):
    if _can_retire(page, user):
        yield RetireButton(page=page, next_url=next_url, priority=55)


class RetireActionMenuItem(ActionMenuItem):
    label = _("Retire…")
    name = "action-retire"
    icon_name = "bin"
    order = 60

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and page is not None
            and _can_retire(page, context["request"].user)
        )

    def get_url(self, parent_context):
        return reverse("governance_admin:retire", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_retire_action_menu_item():
    return RetireActionMenuItem()


# -- Review reminders on the admin home --------------------------------------


class ReviewDuePanel(Component):
    name = "governance_review_due"
    template_name = "governance/admin/review_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        mine = list(selectors.assets_needing_review(owner=user)[:20])
        context = {
            "assets": mine,
            "all_count": (
                selectors.assets_needing_review().count()
                if selectors.user_can_govern(user=user)
                else None
            ),
            "csrf_token": parent_context.get("csrf_token"),
            "request": request,
        }
        for asset in mine:
            asset.review_state = selectors.review_state(asset=asset)
        return context


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel())


# -- Content requests: triage in the admin -----------------------------------


class ContentRequestViewSet(SnippetViewSet):
    model = ContentRequest
    icon = "help"
    menu_label = _("Content requests")
    menu_name = "content-requests"
    # The model moved from the content app; its admin URLs (bookmarked, linked from
    # e-mails and reports) stay where they were.
    url_prefix = "snippets/content/contentrequest"
    url_namespace = "wagtailsnippets_content_contentrequest"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["what", "requester", "segment", "stage", "urgency", "status", "created_at"]
    list_filter = ["status", "urgency", "segment", "stage"]
    search_fields = ["what", "search_query"]
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("what", read_only=True),
                    FieldPanel("search_query", read_only=True),
                    FieldPanel("requester", read_only=True),
                    FieldPanel("segment", read_only=True),
                    FieldPanel("stage", read_only=True),
                    FieldPanel("deal", read_only=True),
                    FieldPanel("urgency", read_only=True),
                ],
                heading=_("Request"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("resolution_asset"),
                    FieldPanel("decline_reason"),
                ],
                heading=_("Triage"),
            ),
        ],
        base_form_class=ContentRequestTriageForm,
    )


register_snippet(ContentRequestViewSet)


@hooks.register("after_edit_snippet")
def after_content_request_triaged(request, instance):
    if isinstance(instance, ContentRequest):
        ContentRequest.objects.filter(pk=instance.pk).update(triaged_by=request.user)
        services.content_request_notify_requester(content_request=instance)


# -- Audit log ----------------------------------------------------------------


@hooks.register("register_log_actions")
def register_governance_log_actions(actions):
    @actions.register_action("enablement.retire")
    class RetireLogFormatter(LogFormatter):
        label = _("Retire")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            replacement = data.get("replacement") or {}
            message = _("Retired: %(reason)s") % {"reason": data.get("reason", "")}
            if replacement:
                message += " " + _("(replaced by “%(title)s”)") % {
                    "title": replacement.get("title")
                }
            return message

    @actions.register_action("enablement.verify")
    class VerifyLogFormatter(LogFormatter):
        label = _("Verify")

        def format_message(self, log_entry):
            review_by = (log_entry.data or {}).get("review_by", "")
            return _("Verified as accurate; next review by %(date)s") % {"date": review_by}
