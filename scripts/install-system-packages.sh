#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the portal needs, but only those missing.
#
#   scripts/install-system-packages.sh [EXTRA_PACKAGE...]
#
# Always: Tesseract with English and Japanese and its orientation model, the fonts the demo invoices are
# rendered with, and python3-venv (Debian's python3 cannot make a venv without it).
# Extras come from the caller: chromium for browser tests, dovecot-imapd for the mailbox tests,
# postgresql, redis-server.
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-jpn tesseract-ocr-osd fonts-noto-cjk fonts-liberation fonts-dejavu-core python3-venv "$@")

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "warning: not a Debian/Ubuntu system; make sure these are installed: ${packages[*]}" >&2
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
    as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
    echo "error: missing system packages: ${missing[*]}; install them as root (no sudo here)" >&2
    exit 1
fi

echo "installing system packages: ${missing[*]}"
log=$(mktemp /tmp/portal-apt.XXXXXX.log)
# apt's output goes to a log that is shown only when something fails: CI logs stay short.
if ! { "${as_root[@]}" apt-get update -q \
       && "${as_root[@]}" apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"; } \
       >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: apt-get could not install: ${missing[*]}" >&2
    exit 1
fi
rm -f "$log"
