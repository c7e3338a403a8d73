"""Library screens that record usage (included under /library/)."""

from django.urls import path

from enablement.tracking import assemble_views, views

app_name = "tracking"

urlpatterns = [
    path("assets/<int:asset_id>/events/", views.asset_event, name="asset-event"),
    path("assets/<int:asset_id>/use-in-deal/", views.asset_use_in_deal, name="asset-use-in-deal"),
    path("assets/<int:asset_id>/share/", views.asset_share, name="asset-share"),
    path("assets/<int:asset_id>/download/", views.asset_download, name="asset-download"),
    path("assets/<int:asset_id>/present/", views.asset_present, name="asset-present"),
    path("assemble/", assemble_views.assemble, name="assemble"),
    path("share-links/", views.share_link_list, name="share-links"),
    path("share-links/<int:pk>/revoke/", views.share_link_revoke, name="share-link-revoke"),
]
