#!/usr/bin/env bash
# Set up vnreport on a fresh Debian/Ubuntu machine: the system packages it needs, then a virtual
# environment at .venv with vnreport and its test tools installed (Debian's own pip is "externally
# managed", so nothing is installed into the system Python). Safe to run again.
#
#   bash scripts/bootstrap.sh && .venv/bin/vnreport fix samples/report-scan.pdf -o report.txt
#   bash scripts/bootstrap.sh && .venv/bin/python -m pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# Tesseract with its Vietnamese and English models (OCR), Poppler (PDF pages to images), fonts with
# Vietnamese glyphs (rendering the sample and test pages), Python with venv support; headless
# Chromium and the Tinos/Arimo fonts (fonts-croscore) and DejaVu Serif Condensed (fonts-dejavu-extra),
# which its tune families name, print the appendix pages of benchmarks/layouts, the benchmark's second, independent table generator; the review-page tests
# drive the same Chromium through Playwright (no browser is downloaded).
APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng
  poppler-utils
  fonts-liberation2 fonts-dejavu-core fonts-freefont-ttf
  chromium fonts-croscore fonts-dejavu-extra
  python3 python3-venv python3-pip
)

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# Ubuntu names the browser package chromium-browser.
if ! apt-cache show chromium >/dev/null 2>&1; then APT_PACKAGES=("${APT_PACKAGES[@]/#chromium/chromium-browser}"); fi
$SUDO apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
.venv/bin/vnreport doctor
