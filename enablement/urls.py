import re

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from enablement.core import i18n as core_i18n
from enablement.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_i18n.set_language, name="set_language"),
    path("i18n/js/", core_i18n.javascript_catalogue, name="javascript-catalog"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("enablement.api.urls")),
    path("api/", include("enablement.api.site_urls")),
    path("insights/", include("enablement.insights.urls")),
    path("notifications/", include("enablement.notifications.urls")),
    # governance first: /library/requests/ and /library/retired/ must not be shadowed.
    path("library/", include("enablement.governance.urls")),
    path("library/", include("enablement.home.urls")),
    path("library/", include("search.urls")),
    path("library/", include("enablement.tracking.urls")),
    path("library/", include("enablement.rooms.urls")),
    path("library/", include("content.urls")),
    path("share/", include("enablement.tracking.share_urls")),
    path("room/", include("enablement.rooms.room_urls")),
    path("deals/", include("enablement.rooms.deal_urls")),
]

# Uploaded media in development (the view answers 404 unless DEBUG). Attachments are not
# among them: files of assets are only served by views that check who may see them.
urlpatterns += [
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", core_views.media_serve)
]

# Wagtail serves asset pages at their tree URLs; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
