"""Marketing reports in the Wagtail admin (Reports menu): review, unused, gaps, coverage."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.admin.views.reports import ReportView

from content.governance import selectors


class MarketingReportView(ReportView):
    """Reports only Marketing (and superusers) may open."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.user_can_govern(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{datetime.date.today():%Y-%m-%d}"


class NeedsReviewReportView(MarketingReportView):
    page_title = "Needs review"
    header_icon = "time"
    results_template_name = "governance/admin/needs_review_results.html"
    index_url_name = "governance_reports:needs_review"
    index_results_url_name = "governance_reports:needs_review_results"
    export_filename = "needs-review"
    list_export = ["title", "owner_user", "review_by", "url"]
    export_headings = {"owner_user": "Owner", "review_by": "Review by", "url": "URL"}

    def get_queryset(self):
        return selectors.assets_needing_review()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["today"] = timezone.localdate()
        return context


class UnusedContentReportView(MarketingReportView):
    page_title = "Unused content"
    page_subtitle = f"no use in {selectors.UNUSED_AFTER_DAYS} days"
    header_icon = "warning"
    results_template_name = "governance/admin/unused_results.html"
    index_url_name = "governance_reports:unused"
    index_results_url_name = "governance_reports:unused_results"
    export_filename = "unused-content"
    list_export = ["title", "owner_user", "first_published_at", "last_used_at", "url"]
    export_headings = {
        "owner_user": "Owner",
        "first_published_at": "Published",
        "last_used_at": "Last used",
        "url": "URL",
    }

    def get_queryset(self):
        return selectors.assets_unused()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["unused_days"] = selectors.UNUSED_AFTER_DAYS
        return context


class ContentGapsReportView(MarketingReportView):
    page_title = "Content gaps"
    header_icon = "search"
    results_template_name = "governance/admin/content_gaps_results.html"
    index_url_name = "governance_reports:content_gaps"
    index_results_url_name = "governance_reports:content_gaps_results"
    export_filename = "zero-result-searches"
    list_export = ["query", "count", "last_seen"]
    paginate_by = None

    def get_queryset(self):
        return selectors.zero_result_queries(limit=50) or []

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["search_analytics_available"] = selectors.zero_result_queries(limit=1) is not None
        context["open_requests"] = selectors.content_requests_open()[:100]
        context["unanswered_questions"] = selectors.unanswered_questions(limit=50) or []
        return context


class CoverageReportView(MarketingReportView):
    page_title = "Coverage"
    page_subtitle = "live assets per segment and deal stage"
    header_icon = "table"
    results_template_name = "governance/admin/coverage_results.html"
    index_url_name = "governance_reports:coverage"
    index_results_url_name = "governance_reports:coverage_results"
    paginate_by = None

    def get_queryset(self):
        self.coverage = selectors.coverage_matrix()
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
