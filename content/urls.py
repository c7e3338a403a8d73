from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path(
        "assets/<int:asset_id>/pages/<int:number>/<str:size>/",
        views.asset_page_image,
        name="page-image",
    ),
]
