#!/usr/bin/env bash
# One run of the suite: `.ci/suite.sh MARKS [pytest args...]`, MARKS a marker expression
# ("" for every test). Used by .ci/test-runs.sh for each of its two runs.
#
# Parallel with pytest-xdist (PYTEST_WORKERS processes, 2 by default; 0 runs serially in one
# session) as two sessions: the ordinary tests, then the `transactional` ones (live server,
# real worker). A transactional test flushes the database when it ends: in one serial
# session pytest-django orders them last, but xdist hands out whole files in its own order,
# so a flush would reach ordinary tests run after it on the same worker. Whole files go to
# one worker (`--dist loadfile`), so a module's index or encoder is built once.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST="${PYTEST:-.venv/bin/pytest}"
WORKERS="${PYTEST_WORKERS:-2}"
marks="$1"
shift

if [[ "$WORKERS" == "0" ]]; then
  exec "$PYTEST" ${marks:+-m "$marks"} "$@"
fi
status=0
for phase in "not transactional" "transactional"; do
  code=0
  "$PYTEST" -n "$WORKERS" --dist loadfile -m "${marks:+($marks) and }$phase" "$@" || code=$?
  # 5: the phase collected nothing (e.g. a single file passed on the command line).
  (( code == 0 || code == 5 )) || status=$code
done
exit "$status"
