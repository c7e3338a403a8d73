#!/usr/bin/env bash
# Installs and starts, on loopback, the servers the test suite needs:
# PostgreSQL and Redis from Debian packages, Elasticsearch (integ-test-zip) from Maven
# Central, Debian chromium for browser tests and LibreOffice (libreoffice-impress) for
# previews of decks. Idempotent: a server already up is reused.
# Source it (`. .ci/services.sh`) to get DATABASE_URL, CELERY_BROKER_URL, ELASTICSEARCH_URL.
set -euo pipefail

ES_VERSIONS="${ES_VERSIONS:-9.2.0 9.1.5 9.0.8 8.19.6}"   # newest first; 9.2.0 is what works here
ES_PORT="${ES_PORT:-9201}"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6380}"
# Not under $HOME: the unprivileged elastic user must be able to read it.
CACHE_DIR="${ENABLEMENT_CI_CACHE:-/var/cache/enablement-ci}"
mkdir -p "$CACHE_DIR"

log() { printf '[services] %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  apt_install postgresql
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main"; then
    pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL did not start"; return 1; }
  su postgres -c "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_roles WHERE rolname='enablement'\"" | grep -q 1 \
    || su postgres -c "psql -q -p $PG_PORT -c \"CREATE ROLE enablement LOGIN SUPERUSER PASSWORD 'enablement'\""
  su postgres -c "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_database WHERE datname='enablement'\"" | grep -q 1 \
    || su postgres -c "createdb -p $PG_PORT -O enablement enablement"
  export DATABASE_URL="${DATABASE_URL:-postgres://enablement:enablement@127.0.0.1:$PG_PORT/enablement}"
  log "PostgreSQL $version on 127.0.0.1:$PG_PORT"
}

start_redis() {
  apt_install redis-server
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" \
      --appendonly no --logfile "$CACHE_DIR/redis.log"
    for _ in $(seq 1 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  redis-cli -p "$REDIS_PORT" ping >/dev/null || { log "Redis did not start"; return 1; }
  export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:$REDIS_PORT/0}"
  export REDIS_PORT
  log "Redis on 127.0.0.1:$REDIS_PORT"
}

es_java_home() {
  local major="$1"
  if [[ "$major" -ge 9 ]]; then
    for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
      [[ -x "$jdk/bin/java" ]] && { echo "$jdk"; return; }
    done
    return 1
  fi
  echo /usr/lib/jvm/java-17-openjdk-amd64
}

fetch_elasticsearch() {
  local version zip
  for version in $ES_VERSIONS; do
    zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$version/elasticsearch-$version.zip"
    if [[ ! -f "$zip" ]]; then
      log "mvn dependency:get Elasticsearch $version"
      mvn -q dependency:get \
        -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version:zip" \
        >/dev/null 2>&1 || { log "Elasticsearch $version not served, trying the next"; continue; }
    fi
    if [[ ! -d "$CACHE_DIR/elasticsearch-$version" ]]; then
      unzip -q -o "$zip" -d "$CACHE_DIR"
    fi
    echo "$version"
    return 0
  done
  return 1
}

start_elasticsearch() {
  if curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null 2>&1; then
    export ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-http://127.0.0.1:$ES_PORT}"
    log "Elasticsearch already up on 127.0.0.1:$ES_PORT"
    return 0
  fi
  apt_install unzip curl maven
  local version home java_home
  version="$(fetch_elasticsearch)" || { log "no Elasticsearch version could be fetched"; return 1; }
  home="$CACHE_DIR/elasticsearch-$version"
  java_home="$(es_java_home "${version%%.*}")" || { log "no JDK 21+ for Elasticsearch $version"; return 1; }
  id elastic >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin elastic
  local data="$CACHE_DIR/es-data-$ES_PORT"
  rm -rf "$data" && mkdir -p "$data/data" "$data/logs"
  chown -R elastic "$home" "$data"
  log "starting Elasticsearch $version on 127.0.0.1:$ES_PORT (JDK $java_home)"
  su elastic -s /bin/bash -c "ES_JAVA_HOME='$java_home' ES_JAVA_OPTS='-Xms512m -Xmx512m' \
    '$home/bin/elasticsearch' -d -p '$data/es.pid' \
    -E discovery.type=single-node -E xpack.security.enabled=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E network.host=127.0.0.1 -E http.port=$ES_PORT -E transport.port=$((ES_PORT + 100)) \
    -E path.data='$data/data' -E path.logs='$data/logs' -E cluster.name=enablement-ci" \
    >"$data/stdout.log" 2>&1
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null \
    || { log "Elasticsearch did not become healthy"; tail -20 "$data/logs/"*.log >&2 || true; return 1; }
  export ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-http://127.0.0.1:$ES_PORT}"
  export ES_HOME="$home" ES_JAVA_HOME="$java_home" ES_PID_FILE="$data/es.pid" ES_DATA_DIR="$data"
  log "Elasticsearch $version healthy"
}

install_libreoffice() {
  # LibreOffice headless converts PPTX decks to PDF for page previews (content.rendering).
  # Started per conversion, not as a server; without it decks end in "preview unavailable".
  if ! command -v soffice >/dev/null 2>&1; then
    log "apt-get install libreoffice-impress (page previews of decks)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-impress fonts-dejavu-core >/dev/null
  fi
  command -v soffice >/dev/null 2>&1 || { log "LibreOffice did not install"; return 1; }
  log "LibreOffice at $(command -v soffice)"
}

install_chromium() {
  apt_install chromium fonts-dejavu-core
}

# GNU gettext (xgettext, msgfmt): the test that every string has its Polish translation
# runs makemessages; the app itself reads the committed locale/pl/.../django.mo.
install_gettext() {
  apt_install gettext
}
