"""Wagtail admin: the marketers' "My content performance" report (the edit-page panel is
``enablement.insights.panels.AssetUsagePanel``, a tab of every asset type)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from enablement.insights import admin_views

admin_urlpatterns = (
    [path("my-assets/", admin_views.my_assets_report, name="my-assets")],
    "insights_admin",
)


@hooks.register("register_admin_urls")
def register_insights_admin_urls():
    return [path("insights/", include(admin_urlpatterns))]


class MarketingMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_is_marketer(request.user)


@hooks.register("register_reports_menu_item")
def register_my_assets_report():
    return MarketingMenuItem(
        "My content performance",
        reverse("insights_admin:my-assets"),
        icon_name="doc-full",
        order=50,
    )
