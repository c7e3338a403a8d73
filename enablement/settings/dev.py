"""Embedded development settings: SQLite, database search, a filesystem Celery broker."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# WhiteNoise serves STATIC_ROOT; here the app finders serve files and the folder only has
# to exist (an absent one makes WhiteNoise warn on every request).
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
