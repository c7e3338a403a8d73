"""Settings shared by every environment.

Every external service comes from an environment variable with a working embedded
default, so a fresh clone runs with no servers installed:

- ``DATABASE_URL``: SQLite under ``var/`` unless set (PostgreSQL in scale mode).
- ``CELERY_BROKER_URL``: kombu's filesystem transport under ``var/`` unless set (Redis).
- ``ELASTICSEARCH_URL``: unset means the database search backend.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ENABLEMENT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Our apps with user-facing pages (their scripts' strings make the JavaScript catalogue).
PROJECT_APPS = [
    "enablement.core",
    "content",
    "search",
    "enablement.tracking",
    "enablement.governance",
    "enablement.notifications",
    "enablement.insights",
    "enablement.rooms",
    "enablement.home",
]

INSTALLED_APPS = [
    # our apps first so their templates and static files win
    *PROJECT_APPS,
    "enablement.api",
    # wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # after sessions, before common: the cookie, then Accept-Language (enablement/core/i18n.py)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # a signed-in user's saved language (Wagtail's UserProfile) wins over the cookie
    "enablement.core.i18n.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "enablement.core.csp.PathAwareCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Content-Security-Policy (django-csp 4): no inline script, nothing from other origins.
# Per-path relaxations (Wagtail's admin, pygal's chart styles) and why: enablement/core/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
CONTENT_SECURITY_POLICY_PATH_UPDATES = {
    "/cms/": {
        "script-src": ["'unsafe-inline'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["data:", "blob:"],
    },
    "/insights/": {"style-src": ["'unsafe-inline'"]},
    # Swagger UI (our static files, its start script from our own URL) draws its icons
    # from data: URIs in its CSS; that is all it needs beyond the strict policy.
    "/api/docs/": {"img-src": ["data:"]},
}

ROOT_URLCONF = "enablement.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "enablement.core.context_processors.navigation",
                "enablement.notifications.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "enablement.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'enablement.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker write without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT: the stats queries' estimates pass jit_above_cost and PostgreSQL spent ~370 ms
    # compiling a query that runs in 500 ms (5M-event benchmark); nothing here gains from it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/library/"
LOGOUT_REDIRECT_URL = "login"

# The interface speaks English (the source) and Polish (locale/pl/). The language follows a
# signed-in user's saved choice (the header's switch, or Wagtail's Account page), then the
# language cookie, then the browser's Accept-Language; English otherwise.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("pl", "Polski")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as "23 Mar 2026" / "23 marca 2026"; numbers in each language's own way.
FORMAT_MODULE_PATH = ["enablement.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "enablement" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: decks and case-study files are capped at 50 MB (checked again in the form).
ASSET_FILE_MAX_BYTES = 50 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Page previews (content.previews): guards for the worker and the two image widths. A PPTX
# needs LibreOffice (`soffice` on PATH, or this path); without it decks show their outline.
ENABLEMENT_PREVIEW_MAX_PAGES = int(os.environ.get("ENABLEMENT_PREVIEW_MAX_PAGES", "300"))
ENABLEMENT_PREVIEW_SECONDS = float(os.environ.get("ENABLEMENT_PREVIEW_SECONDS", "120"))
ENABLEMENT_PREVIEW_THUMBNAIL_WIDTH = 320
ENABLEMENT_PREVIEW_PAGE_WIDTH = 1400
ENABLEMENT_SOFFICE = os.environ.get("ENABLEMENT_SOFFICE", "")

# Wagtail
WAGTAIL_SITE_NAME = "Enablement"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "content.AssetDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "content.forms.AssetDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "pptx"]
# Files are streamed by Wagtail's serve view so its before_serve_document hook checks the
# asset's visibility and liveness on every download. Never "direct" or "redirect": those
# hand out MEDIA_URL links that no check stands in front of.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_MODERATION_ENABLED = True
# No gravatar: the admin would send a hash of every user's email to gravatar.com (and the
# CSP refuses the images anyway); users see their initials or an uploaded avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True

# Enablement search (search/): Elasticsearch when ELASTICSEARCH_URL is set, else database.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "enablement")
ENABLEMENT_SEARCH_BACKEND = (
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)
# Sentence encoder for meaning-based search and answers (search/embeddings.py): a dotted
# path to a factory returning an Encoder, or "" for lexical-only search.
ENABLEMENT_ENCODER = os.environ.get(
    "ENABLEMENT_ENCODER", "search.embeddings.UniversalSentenceEncoder"
)
# Polish lemmas at index and query time (search/polish.py): "simplemma", "stempel" or "".
ENABLEMENT_POLISH_ANALYSIS = os.environ.get("ENABLEMENT_POLISH_ANALYSIS", "simplemma")

# Celery
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_broker_dir / "control"),
    }
    # kombu's filesystem transport expects its folders to exist.
    for _folder in ("out", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
from enablement.celery_schedule import CELERY_BEAT_SCHEDULE  # noqa: E402,F401

# Periodic schedules live in code and are reviewed like code; apps add their entries
# in enablement/celery_schedule.py.

# Email
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Enablement <enablement@localhost>")

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "enablement.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's defaults, with a JSON parser that turns deep nesting into a 400, not a 500.
    "DEFAULT_PARSER_CLASSES": [
        "enablement.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "enablement.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Enablement API",
    "DESCRIPTION": "Search, usage events, deals and content stats for the Enablement library.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["enablement.api.schema.only_our_endpoints"],
    # The docs page's Swagger UI comes from the drf-spectacular-sidecar package (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}

# Every money figure of insights is in this ISO 4217 currency; deals in other currencies are
# converted with the exchange rates admins set (Insights settings > Exchange rates).
ENABLEMENT_DEFAULT_CURRENCY = os.environ.get("ENABLEMENT_DEFAULT_CURRENCY", "USD").strip().upper()
if not re.fullmatch(r"[A-Z]{3}", ENABLEMENT_DEFAULT_CURRENCY):
    raise ImproperlyConfigured(
        f"ENABLEMENT_DEFAULT_CURRENCY must be a three-letter ISO 4217 code, "
        f"not {ENABLEMENT_DEFAULT_CURRENCY!r}."
    )

# seed_demo runs these after the content library is seeded, in order. Each is a dotted
# path to a function ``(*, stdout, rng) -> None`` (apps append theirs here).
ENABLEMENT_DEMO_SEEDERS: list[str] = []
ENABLEMENT_DEMO_SEEDERS.append("enablement.tracking.demo.seed_usage_history")
ENABLEMENT_DEMO_SEEDERS.append("enablement.governance.demo.seed_governance")
ENABLEMENT_DEMO_SEEDERS.append("search.demo.seed_search_vocabulary")
ENABLEMENT_DEMO_SEEDERS.append("enablement.insights.demo.seed_teams")
ENABLEMENT_DEMO_SEEDERS.append("enablement.rooms.demo.seed_rooms")
ENABLEMENT_DEMO_SEEDERS.append("enablement.home.demo.seed_home")
