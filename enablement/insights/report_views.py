"""Marketing's analytics reports in the Wagtail admin: unused content, content gaps, coverage.

They are registered with governance's Marketing reports (same URLs under
/cms/governance/reports/, same Reports menu) when the insights app is ready.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from enablement.governance.reports import MarketingReportView, marketing_report_register
from enablement.insights import reports
from search.selectors import unanswered_questions


class UnusedContentReportView(MarketingReportView):
    page_title = gettext_lazy("Unused content")
    page_subtitle = format_lazy(
        gettext_lazy("no use in {days} days"), days=reports.UNUSED_AFTER_DAYS
    )
    header_icon = "warning"
    results_template_name = "governance/admin/unused_results.html"
    index_url_name = "governance_reports:unused"
    index_results_url_name = "governance_reports:unused_results"
    export_filename = "unused-content"
    list_export = ["title", "owner_user", "first_published_at", "last_used_at", "url"]
    export_headings = {
        "owner_user": gettext_lazy("Owner"),
        "first_published_at": gettext_lazy("Published"),
        "last_used_at": gettext_lazy("Last used"),
        "url": gettext_lazy("URL"),
    }

    def get_queryset(self):
        return reports.assets_unused()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["unused_days"] = reports.UNUSED_AFTER_DAYS
        return context


class ContentGapsReportView(MarketingReportView):
    page_title = gettext_lazy("Content gaps")
    header_icon = "search"
    results_template_name = "governance/admin/content_gaps_results.html"
    index_url_name = "governance_reports:content_gaps"
    index_results_url_name = "governance_reports:content_gaps_results"
    export_filename = "zero-result-searches"
    list_export = ["query", "count", "last_seen"]
    paginate_by = None

    def get_queryset(self):
        self.gaps = reports.content_gaps_all_time(limit=50)
        return self.gaps.zero_result_queries

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["search_analytics_available"] = True
        context["open_requests"] = self.gaps.open_requests[:100]
        context["unanswered_questions"] = list(unanswered_questions(limit=50))
        return context


class CoverageReportView(MarketingReportView):
    # No subtitle: Wagtail joins it to the title with a ":" that shows as a stray colon.
    page_title = gettext_lazy("Coverage")
    header_icon = "table"
    results_template_name = "governance/admin/coverage_results.html"
    index_url_name = "governance_reports:coverage"
    index_results_url_name = "governance_reports:coverage_results"
    paginate_by = None

    def get_queryset(self):
        self.coverage = reports.coverage_matrix()
        return self.coverage.rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        coverage = self.coverage
        context["coverage"] = coverage
        # Shade each cell by its share of the fullest pair: a heat map people scan for gaps.
        context["shaded_rows"] = [
            {
                "segment": row.segment,
                "total": row.total,
                "cells": [
                    {
                        "count": count,
                        "level": 0
                        if not count or not coverage.max_count
                        else 1 + (4 * count) // (coverage.max_count + 1),
                    }
                    for count in row.counts
                ],
            }
            for row in coverage.rows
        ]
        return context


def register() -> None:
    """Add the three reports to governance's Marketing reports (called from ``ready()``)."""
    marketing_report_register(
        name="unused",
        path="unused/",
        view=UnusedContentReportView,
        label=gettext_lazy("Unused content"),
        icon_name="warning",
        order=51,
    )
    marketing_report_register(
        name="content_gaps",
        path="content-gaps/",
        view=ContentGapsReportView,
        label=gettext_lazy("Content gaps"),
        icon_name="search",
        order=52,
    )
    marketing_report_register(
        name="coverage",
        path="coverage/",
        view=CoverageReportView,
        label=gettext_lazy("Coverage"),
        icon_name="table",
        order=53,
    )
