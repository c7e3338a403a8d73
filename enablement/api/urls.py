"""API v1 routes. Each domain adds its views from ``enablement/api/views/<domain>.py``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from enablement.api.views import answers as answer_views
from enablement.api.views import assets
from enablement.api.views import deals as deal_views
from enablement.api.views import events as event_views
from enablement.api.views import notifications as notification_views
from enablement.api.views import plays as play_views
from enablement.api.views import rooms as room_views
from enablement.api.views import search as search_views
from enablement.api.views import stats as stats_views

app_name = "api"

urlpatterns = [
    path("assets/<int:pk>/", assets.AssetDetailView.as_view(), name="asset-detail"),
    path("events/", event_views.EventBatchView.as_view(), name="events"),
    path("deals/", deal_views.DealBatchView.as_view(), name="deals"),
    path("deals/<str:external_id>/", deal_views.DealUpsertView.as_view(), name="deal-upsert"),
    path("stats/summary/", stats_views.StatsSummaryView.as_view(), name="stats-summary"),
    path("stats/assets/", stats_views.StatsAssetsView.as_view(), name="stats-assets"),
    path("rooms/", room_views.RoomListView.as_view(), name="rooms"),
    path("rooms/<int:pk>/", room_views.RoomDetailView.as_view(), name="room-detail"),
    path("rooms/<int:pk>/items/", room_views.RoomItemsView.as_view(), name="room-items"),
    path(
        "rooms/<int:pk>/items/<int:asset_id>/",
        room_views.RoomItemDetailView.as_view(),
        name="room-item",
    ),
    path("rooms/<int:pk>/revoke/", room_views.RoomRevokeView.as_view(), name="room-revoke"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("plays/", play_views.PlayListView.as_view(), name="plays"),
    path("plays/<int:pk>/", play_views.PlayDetailView.as_view(), name="play-detail"),
    path(
        "notifications/",
        notification_views.NotificationListView.as_view(),
        name="notifications",
    ),
    path("answers/", answer_views.AnswersView.as_view(), name="answers"),
    path("suggest/", search_views.SuggestView.as_view(), name="suggest"),
    # Signed-in callers only, as the docs page that reads it.
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="schema",
    ),
]
