"""Wagtail admin: the marketers' "My content performance" report (the edit-page panel is
``enablement.insights.panels.AssetUsagePanel``, a tab of every asset type), and the
insights settings admins manage (exchange rates, teams)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from content.selectors import user_is_marketer
from enablement.insights import admin_views
from enablement.insights.models import ExchangeRate, Team

admin_urlpatterns = (
    [path("my-assets/", admin_views.my_assets_report, name="my-assets")],
    "insights_admin",
)


@hooks.register("register_admin_urls")
def register_insights_admin_urls():
    return [path("insights/", include(admin_urlpatterns))]


class MarketingMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_marketer(user=request.user)


@hooks.register("register_reports_menu_item")
def register_my_assets_report():
    return MarketingMenuItem(
        "My content performance",
        reverse("insights_admin:my-assets"),
        icon_name="doc-full",
        order=50,
    )


@hooks.register("register_reports_menu_item")
def register_keep_fix_report():
    """Marketing decides what to fix or retire from the like-for-like lift: the page lives
    with the dashboards (same filters and charts), the Reports menu points to it."""
    return MarketingMenuItem(
        "What to keep, what to fix",
        reverse("insights:keep-fix"),
        icon_name="success",
        order=54,
    )


class ExchangeRateViewSet(ModelViewSet):
    model = ExchangeRate
    icon = "table"
    menu_label = _("Exchange rates")
    add_to_admin_menu = False
    list_display = ["currency", "rate", "base_currency", "updated_at"]
    search_fields = ["currency"]
    form_fields = ["currency", "rate", "base_currency"]


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    menu_label = _("Sales teams")
    add_to_admin_menu = False
    list_display = ["name", "manager"]
    search_fields = ["name"]
    form_fields = ["name", "manager", "members"]


class InsightsSettingsGroup(ModelViewSetGroup):
    menu_label = _("Insights settings")
    menu_icon = "cogs"
    items = (TeamViewSet("sales_teams"), ExchangeRateViewSet("exchange_rates"))


@hooks.register("register_admin_viewset")
def register_insights_settings():
    return InsightsSettingsGroup()
