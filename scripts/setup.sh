#!/usr/bin/env bash
# Installs what the project needs where it is missing, on Debian (run as root for system packages):
#   - Debian packages: fonts-noto-core (all scripts: Latin, Arabic, Ethiopic, Tamil, Cyrillic),
#     poppler-utils (PDF checks in tests); with --test also chromium (browser tests, driven by
#     Playwright from PyPI: no browser download), nginx-light (tests/test_nginx.py serves a built
#     site with docs/nginx.conf) and npm for axe-core (accessibility tests)
#   - Python 3.11 virtual environment in .venv with the pinned requirements.txt, and this project
#     installed editable (pyproject.toml registers its MkDocs plugin `start-integration`)
# Nothing is downloaded at build time or at page view; only the package registries are used here.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-noto-core poppler-utils)
if [[ "${1:-}" == "--test" ]]; then packages+=(chromium nginx-light); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm (for axe-core) only when no npm is on the machine at all (it may come from another source)
if [[ "${1:-}" == "--test" ]] && ! command -v npm >/dev/null; then missing+=(npm); fi
if (( ${#missing[@]} )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing Debian packages: ${missing[*]} — run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "Installing Python packages (requirements.txt) and the generator with its MkDocs plugin (pyproject.toml)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  echo "$want" > "$stamp"
fi

if [[ "${1:-}" == "--test" ]]; then
  if [[ ! -f node_modules/axe-core/axe.min.js || ! -x node_modules/.bin/lighthouse ]]; then
    command -v npm >/dev/null || { echo "npm is missing" >&2; exit 1; }
    echo "Installing test tools from npm (axe-core; Lighthouse for bench/lighthouse.py)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
