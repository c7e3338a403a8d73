"""The interface language: a signed-in user's saved choice, then the cookie, then the browser.

Django's ``LocaleMiddleware`` picks the language from the language cookie, then
``Accept-Language``. ``UserLanguageMiddleware`` (after authentication) lets a signed-in
user's saved choice win: Wagtail's ``UserProfile.preferred_language``, the same field the
Wagtail admin follows, so the site and the admin speak the same language. The saved choice
is read once per session and kept there (no query per request); the header's switch
(``set_language`` below) updates the profile, the session and the cookie together.
The helpers apps use (``override_for``, ``money``...) live in ``content.i18n``. The
JavaScript catalogue (``javascript_catalogue``) gives the scripts their Polish strings.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import last_modified
from django.views.i18n import JavaScriptCatalog
from django.views.i18n import set_language as django_set_language

from content.i18n import save_language, saved_language, supported_language

SESSION_KEY = "enablement_language"


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            if SESSION_KEY not in request.session:
                request.session[SESSION_KEY] = saved_language(user) or ""
            code = supported_language(request.session[SESSION_KEY])
            if code:
                translation.activate(code)
                request.LANGUAGE_CODE = code
        return self.get_response(request)


def set_language(request):
    """The header's switch: Django's ``set_language`` (cookie, safe redirect), plus the
    signed-in user's profile and session, so the choice follows them everywhere."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = django_set_language(request)
    code = supported_language(request.POST.get("language"))
    if code and request.user.is_authenticated:
        save_language(request.user, code)
        request.session[SESSION_KEY] = code
    return response


# -- the JavaScript catalogue (/i18n/js/) ---------------------------------------------------

# Our apps only: Django's and Wagtail's own djangojs catalogues stay out of the site's pages.
# The Polish strings come from LOCALE_PATHS (locale/pl/LC_MESSAGES/djangojs.mo), which
# Django's catalogue always reads.
JS_CATALOGUE_PACKAGES = settings.PROJECT_APPS
JS_CATALOGUE_MAX_AGE = 24 * 60 * 60


def _js_catalogue_modified(request, *args, **kwargs) -> datetime.datetime:
    """When the newest compiled catalogue changed: a conditional GET gets a 304 until then."""
    stamps = [
        Path(root) / code / "LC_MESSAGES" / "djangojs.mo"
        for root in settings.LOCALE_PATHS
        for code, _name in settings.LANGUAGES
    ]
    newest = max((path.stat().st_mtime for path in stamps if path.exists()), default=0)
    return datetime.datetime.fromtimestamp(int(newest), tz=datetime.UTC)


# Pages link it as /i18n/js/?language=<code> (includes/_js_catalogue.html), so a browser
# keeps one copy per language and a switch of language never reuses the other's.
javascript_catalogue = cache_control(public=True, max_age=JS_CATALOGUE_MAX_AGE)(
    last_modified(_js_catalogue_modified)(JavaScriptCatalog.as_view(packages=JS_CATALOGUE_PACKAGES))
)
