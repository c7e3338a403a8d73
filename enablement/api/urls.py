"""API v1 routes. Each domain adds its views from ``enablement/api/views/<domain>.py``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from enablement.api.views import assets

app_name = "api"

urlpatterns = [
    path("assets/<int:pk>/", assets.AssetDetailView.as_view(), name="asset-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
