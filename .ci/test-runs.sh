#!/usr/bin/env bash
# The whole suite twice, as `make test` promises: first on the real servers (PostgreSQL,
# Redis, Elasticsearch, Chromium, started by .ci/with-services.sh), then on the embedded
# default (SQLite, filesystem broker, database search) that `make run` uses. Both run even
# if the first fails; the script fails if either does, and prints each run's duration.
#
# The embedded run deselects `elasticsearch`, `postgres` and `redis` tests explicitly (with CI=true a
# missing server is a failure, not a skip; the first run covers them) and uses its own var
# folder (SQLite file, broker folders, test media), so it cannot collide with the first.
#
# Each run is .ci/suite.sh: parallel (pytest-xdist), the transactional tests in a session
# of their own.
set -uo pipefail
cd "$(dirname "$0")/.."

timed() {
  local name="$1" started status=0
  shift
  started=$(date +%s)
  "$@" || status=$?
  echo "[ci] $name run: $(( $(date +%s) - started ))s, status $status"
  return "$status"
}

servers=0 embedded=0
timed "PostgreSQL + Redis + Elasticsearch" bash .ci/with-services.sh bash .ci/suite.sh "" "$@" \
  || servers=$?
timed "embedded default (SQLite)" env -u DATABASE_URL -u CELERY_BROKER_URL -u ELASTICSEARCH_URL \
  -u MEDIA_ROOT ENABLEMENT_VAR_DIR="$PWD/var/embedded-test" \
  bash .ci/suite.sh "not elasticsearch and not postgres and not redis" "$@" || embedded=$?
(( servers == 0 && embedded == 0 ))
