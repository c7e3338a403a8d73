from django.urls import path

from search import views

app_name = "library"

urlpatterns = [
    path("", views.library_search, name="search"),
    path("prep/", views.prep_for_call, name="prep"),
    path("open/<int:asset_id>/", views.open_result, name="open"),
]
