"""Library-side governance URLs, included at /library/ ahead of the search app."""

from django.urls import include, path

from enablement.governance import views

request_patterns = (
    [
        path("", views.request_list, name="mine"),
        path("new/", views.request_new, name="new"),
        path("<int:request_id>/", views.request_detail, name="detail"),
    ],
    "requests",
)

governance_patterns = (
    [
        path("retired/<int:asset_id>/", views.asset_retired, name="retired"),
        path("governance/assets/<int:asset_id>/feedback/", views.asset_feedback, name="feedback"),
        path("governance/assets/<int:asset_id>/verify/", views.asset_verify, name="verify"),
    ],
    "governance",
)

urlpatterns = [
    path("requests/", include(request_patterns)),
    path("", include(governance_patterns)),
]
