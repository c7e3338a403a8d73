"""Stars, at /library/favourites/<asset id>/ (included ahead of the search app)."""

from django.urls import path

from enablement.home import views

app_name = "home"

urlpatterns = [
    path("favourites/<int:asset_id>/", views.favourite, name="favourite"),
]
