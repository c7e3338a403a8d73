"""The admin's Reports index: every report in the Reports menu this user may open."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import reports_menu
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class ReportsIndexView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Reports")
    header_icon = "site"
    template_name = "core/admin/reports_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The same items, in the same order, as the Reports menu shows this user.
        items = sorted(reports_menu.menu_items_for_request(self.request), key=lambda i: i.order)
        context["reports"] = [
            {"label": item.label, "url": item.url, "icon_name": item.icon_name} for item in items
        ]
        return context
