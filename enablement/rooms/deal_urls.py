"""The deal page (included under /deals/)."""

from django.urls import path

from enablement.rooms import deal_views

app_name = "deal_pages"

urlpatterns = [
    # str, not int: a hostile id reaches the selector and is a 404 there, never a 500.
    path("<str:deal_id>/", deal_views.deal_detail, name="detail"),
]
