from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from enablement.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("enablement.api.urls")),
    path("insights/", include("enablement.insights.urls")),
    # governance first: /library/requests/ and /library/retired/ must not be shadowed.
    path("library/", include("content.governance.urls")),
    path("library/", include("search.urls")),
    path("library/", include("enablement.tracking.urls")),
    path("share/", include("enablement.tracking.share_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves asset pages at their tree URLs; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
