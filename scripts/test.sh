#!/usr/bin/env bash
# Install everything the tests need, then run every test (browser tests too).
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  # Browser tests drive Debian's Chromium; Playwright's own browser download
  # cannot work on machines without internet access.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
command -v java >/dev/null 2>&1 || echo "warning: no java: the HTML validity test needs a Java runtime (apt-get install default-jre-headless)" >&2

if ! command -v npm >/dev/null 2>&1; then
  # npm brings the test tools package.json pins: axe-core and the current Nu HTML Checker.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm >/dev/null
  fi
fi
npm ci --no-audit --no-fund --loglevel=error

python -m pip install --quiet --disable-pip-version-check -e '.[test]'

set +e
python -m pytest "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "error: pytest collected no tests; that is not a pass" >&2
  exit 1
fi
exit "$code"
