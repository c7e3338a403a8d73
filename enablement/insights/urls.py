from django.urls import path

from enablement.insights.views import dashboards, keep_fix, plays, preferences

app_name = "insights"

urlpatterns = [
    path("", dashboards.overview, name="overview"),
    path("assets/", dashboards.assets, name="assets"),
    path("assets/<int:asset_id>/", dashboards.asset_detail, name="asset-detail"),
    path("adoption/", dashboards.adoption, name="adoption"),
    path("heatmap/", dashboards.heatmap, name="heatmap"),
    path("keep-or-fix/", keep_fix.keep_fix, name="keep-fix"),
    path("plays/", plays.play_list, name="plays"),
    path("plays/<int:play_id>/", plays.play_scorecard, name="play-scorecard"),
    path("digest/", preferences.digest_preferences, name="digest-preferences"),
]
