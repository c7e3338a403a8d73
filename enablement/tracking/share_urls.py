"""The prospect's side of share links (included under /share/, no login)."""

from django.urls import path

from enablement.tracking import share_views

app_name = "share"

urlpatterns = [
    path("<str:token>/", share_views.share_view, name="view"),
    path("<str:token>/file/", share_views.share_download, name="download"),
    path(
        "<str:token>/pages/<int:number>/<str:size>/",
        share_views.share_page_image,
        name="page-image",
    ),
    path("<str:token>/engagement/", share_views.share_engagement, name="engagement"),
]
