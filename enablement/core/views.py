import posixpath
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.static import serve as static_serve

from enablement.core.models import Branding


def home(request):
    return redirect("library:search" if request.user.is_authenticated else "login")


class LoginView(auth_views.LoginView):
    """Django's sign-in, named after the site's branding, not the request's host name."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django puts the host ("127.0.0.1:8000") in ``site_name``; the branding wins.
        context["site_name"] = Branding.load(request_or_site=self.request).display_name
        return context


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Attachments are only ever served by views that check the asset's visibility and
# liveness (Wagtail's document serve view with our before_serve_document hook, the
# tracked download and the share-link file). Their folder is never served as plain media.
PROTECTED_MEDIA_FOLDERS = frozenset({"documents", "previews"})


def media_serve(request, path: str):
    """Development only (``DEBUG``): serve ``MEDIA_ROOT`` except the attachments' folder."""
    if not settings.DEBUG:
        raise Http404
    # Normalise first, so "images/../documents/x.pdf" or "./documents" cannot slip past.
    normalised = posixpath.normpath(unquote(path)).lstrip("/")
    first = normalised.split("/", 1)[0]
    if first.lower() in PROTECTED_MEDIA_FOLDERS or first in {"", ".", ".."}:
        raise Http404
    return static_serve(request, normalised, document_root=settings.MEDIA_ROOT)
