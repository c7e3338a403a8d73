"""The rep's room pages (included under /library/)."""

from django.urls import path

from enablement.rooms import views

app_name = "rooms"

urlpatterns = [
    path("rooms/", views.room_list, name="list"),
    path("rooms/new/", views.room_create, name="create"),
    path("rooms/<int:pk>/", views.room_detail, name="detail"),
    path("rooms/<int:pk>/edit/", views.room_edit, name="edit"),
    path("rooms/<int:pk>/revoke/", views.room_revoke, name="revoke"),
    path("rooms/<int:pk>/renew/", views.room_renew, name="renew"),
    path("rooms/<int:pk>/items/<int:item_id>/move/", views.room_item_move, name="item-move"),
    path("rooms/<int:pk>/items/<int:item_id>/remove/", views.room_item_remove, name="item-remove"),
]
