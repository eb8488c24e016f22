#!/usr/bin/env bash
# Set up what is missing (including the test tools), then run all tests.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
exec .venv/bin/python -m pytest -q tests "$@"
