#!/usr/bin/env bash
# Create .venv and install Dropwire with the versions in constraints.txt.
#   bash scripts/setup.sh          the library and the `dropwire` CLI
#   bash scripts/setup.sh --test   the same, plus what the test suite needs
# Safe to run again: an existing .venv is reused and brought up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
extras=""
for argument in "$@"; do
  case "$argument" in
    --test) extras="[test]" ;;
    *) echo "usage: bash scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Dropwire needs Python 3.11 or newer; $python is $("$python" --version 2>&1)" >&2
  exit 1
}

if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    # Debian ships venv's pip bootstrap separately.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$python" -m venv .venv
    else
      echo "'$python -m venv' failed: install Debian's python3-venv (sudo apt-get install python3-venv) and retry" >&2
      exit 1
    fi
  fi
fi

# Scans are read by Tesseract, a Debian package (pytesseract only drives it). Without it
# Dropwire still runs, and quarantines scans as needs_ocr until it is installed.
if ! command -v tesseract >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null \
      || echo "could not install tesseract-ocr: scans will be quarantined as needs_ocr" >&2
  else
    echo "OCR: to read scans, install Tesseract: sudo apt-get install tesseract-ocr tesseract-ocr-eng" >&2
  fi
fi

.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --constraint constraints.txt --editable ".${extras}"
echo "Dropwire is installed in .venv: run .venv/bin/dropwire --help"
