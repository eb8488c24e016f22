#!/usr/bin/env bash
# Set up what is missing, then build the whole site into site/.
#   ./build.sh                 build every language into site/
#   ./build.sh --serve         build, then serve site/ on http://127.0.0.1:8000/
#   ./build.sh --lang en       build German and English only (faster)
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/python -m generator build "$@"
