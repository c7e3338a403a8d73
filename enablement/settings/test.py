"""Test settings: the same services as configured by the environment (.ci/run sets
PostgreSQL, Redis and Elasticsearch); nothing here swaps a server for a fake."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks inline; tests of Celery itself start a real worker
# (tests/conftest.py `celery_real_worker`) and switch this off for their duration.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise serves STATIC_ROOT; here the app finders serve files and the folder only has
# to exist (an absent one makes WhiteNoise warn on every request).
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Lexical-only by default, so search assertions elsewhere stay exact; the semantic tests
# (tests/search/test_semantic.py, test_relevance.py) switch the real encoder on.
ENABLEMENT_ENCODER = ""
