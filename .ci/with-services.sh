#!/usr/bin/env bash
# Runs a command with PostgreSQL, Redis, Elasticsearch, Chromium and LibreOffice up on loopback and
# DATABASE_URL / CELERY_BROKER_URL / ELASTICSEARCH_URL pointing at them (installing and
# starting whatever is not running yet; servers already up are reused).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/services.sh
start_postgres
start_redis
start_elasticsearch
install_chromium
install_gettext
install_libreoffice
exec "$@"
