"""The prospect's side of share links (included under /share/, no login)."""

from django.urls import path

from enablement.tracking import views

app_name = "share"

urlpatterns = [
    path("<str:token>/", views.share_view, name="view"),
    path("<str:token>/file/", views.share_download, name="download"),
]
