"""Marketing reports in the Wagtail admin (Reports menu), under /cms/governance/reports/.

Governance owns "Needs review" and the registry of Marketing reports; apps above it add
theirs from ``ready()`` with ``marketing_report_register`` (insights adds unused content,
content gaps and coverage), so every report keeps one URL namespace and one menu.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from enablement.governance import selectors


class MarketingReportView(ReportView):
    """Reports only Marketing (and superusers) may open."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.user_can_govern(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{datetime.date.today():%Y-%m-%d}"


class NeedsReviewReportView(MarketingReportView):
    page_title = gettext_lazy("Needs review")
    header_icon = "time"
    results_template_name = "governance/admin/needs_review_results.html"
    index_url_name = "governance_reports:needs_review"
    index_results_url_name = "governance_reports:needs_review_results"
    export_filename = "needs-review"
    list_export = ["title", "owner_user", "review_by", "url"]
    export_headings = {
        "owner_user": gettext_lazy("Owner"),
        "review_by": gettext_lazy("Review by"),
        "url": gettext_lazy("URL"),
    }

    def get_queryset(self):
        return selectors.assets_needing_review()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["today"] = timezone.localdate()
        return context


class MarketingReportMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.user_can_govern(user=request.user)


@dataclass(frozen=True)
class MarketingReport:
    """A report's URL name (in ``governance_reports``), path, view and Reports menu entry."""

    name: str
    path: str
    view: type[ReportView]
    label: str
    icon_name: str
    order: int

    def menu_item(self) -> MarketingReportMenuItem:
        return MarketingReportMenuItem(
            self.label,
            reverse(f"governance_reports:{self.name}"),
            icon_name=self.icon_name,
            order=self.order,
        )


_marketing_reports: dict[str, MarketingReport] = {}


def marketing_report_register(
    *, name: str, path: str, view: type[ReportView], label: str, icon_name: str, order: int
) -> None:
    """Add a report to /cms/governance/reports/ and the Reports menu (Marketing only)."""
    is_new = name not in _marketing_reports
    _marketing_reports[name] = MarketingReport(
        name=name, path=path, view=view, label=label, icon_name=icon_name, order=order
    )
    if is_new:
        # Menus are built on first use, after every app is ready; the item is looked up
        # then, so a report registered again (tests) shows once, as last registered.
        hooks.register("register_reports_menu_item", lambda: _marketing_reports[name].menu_item())


def marketing_reports() -> list[MarketingReport]:
    """The registered Marketing reports, in menu order."""
    return sorted(_marketing_reports.values(), key=lambda report: report.order)


marketing_report_register(
    name="needs_review",
    path="needs-review/",
    view=NeedsReviewReportView,
    label=gettext_lazy("Needs review"),
    icon_name="time",
    order=50,
)
