#!/usr/bin/env bash
# Set up and run Ombud from a fresh clone.
#   ./dev.sh demo    install into .venv, then run `ombud demo` (SQLite, console, no tokens)
#   ./dev.sh test    install into .venv, then lint, type-check, check the layering and the
#                    translations, and run the tests (PostgreSQL too when
#                    OMBUD_TEST_DATABASE_URL names a server)
#   ./dev.sh ombud ARGS...   run any ombud command in the project's environment
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${OMBUD_VENV:-.venv}

install() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.ombud-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]' \
      2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    touch "$stamp"
  fi
  VENV=$(cd "$VENV" && pwd)
  export PATH="$VENV/bin:$PATH"
}

checks() {
  echo "== ruff"
  ruff check .
  ruff format --check .
  echo "== mypy"
  mypy
  echo "== import-linter"
  lint-imports
  echo "== translations"
  python tools/i18n.py check
}

case "${1:-}" in
  demo)
    install
    shift
    exec ombud demo "$@"
    ;;
  test)
    install
    shift
    checks
    echo "== tests"
    exec python -m pytest "$@"
    ;;
  ombud)
    install
    shift
    exec ombud "$@"
    ;;
  *)
    sed -n '2,8p' "$0"
    exit 2
    ;;
esac
