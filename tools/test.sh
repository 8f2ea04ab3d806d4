#!/usr/bin/env bash
# The test command: the whole suite on SQLite, plus the PostgreSQL tests when
# OMBUD_TEST_DATABASE_URL names a server.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python -m pytest "$@"
