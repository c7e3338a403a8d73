"""Admin wiring owned by the project: the Reports index at /cms/reports/."""

from django.urls import path
from wagtail import hooks

from enablement.core.admin_views import ReportsIndexView


@hooks.register("register_admin_urls")
def register_reports_index():
    # Wagtail serves its reports under /cms/reports/<name>/ but has no page at the prefix.
    return [path("reports/", ReportsIndexView.as_view(), name="reports_index")]
