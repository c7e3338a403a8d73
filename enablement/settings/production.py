"""Production settings: refuse to start on a missing secret or host list."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50+ characters.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site is served on.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not os.environ.get("CELERY_BROKER_URL"):
    raise ImproperlyConfigured("CELERY_BROKER_URL must point at Redis in production.")

DEBUG = False
# The front server (nginx, a CDN, ...) may serve STATIC_ROOT, but must NOT serve MEDIA_ROOT's
# documents/ folder (or MEDIA_URL at all): asset files are only handed out by the views
# that check visibility and liveness (/documents/<id>/<name>, the tracked download and the
# share-link file), which stream them from MEDIA_ROOT themselves.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's editor shows its live preview in a same-origin iframe, so DENY would break it;
# SAMEORIGIN still blocks framing by other sites. Hence the deploy check W019 is silenced.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
