"""The prospect's side of deal rooms (included under /room/, no login)."""

from django.urls import path

from enablement.rooms import prospect_views as views

app_name = "room"

urlpatterns = [
    path("<str:token>/", views.room_page, name="page"),
    path("<str:token>/items/<int:item_id>/", views.room_item, name="item"),
    path("<str:token>/items/<int:item_id>/file/", views.room_item_download, name="download"),
    path(
        "<str:token>/items/<int:item_id>/engagement/",
        views.room_item_engagement,
        name="engagement",
    ),
    path(
        "<str:token>/items/<int:item_id>/pages/<int:number>/<str:size>/",
        views.room_item_image,
        name="page-image",
    ),
]
