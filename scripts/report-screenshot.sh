#!/usr/bin/env bash
# Renders the report of the demo history the way a person would see it:
# writes it as HTML, opens it in headless Chromium and saves a screenshot.
# Installs Debian's chromium first if it is missing. Prints the PNG's path.
#
#   scripts/report-screenshot.sh [OUT.png] [WIDTHxHEIGHT]
#
# OUT.png defaults to /tmp/report.png (the page goes beside it as
# /tmp/report.html); the window to 1200x3000.
#
# KNOTMAP_BIN names a built knotmap to use instead of `cargo run`.
set -euo pipefail

cd "$(dirname "$0")/.."
png="${1:-/tmp/report.png}"
size="${2:-1200x3000}"
html="$(dirname "$png")/$(basename "$png" .png).html"

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser="$candidate"
        break
    fi
done
if [ -z "$browser" ]; then
    echo "installing chromium..." >&2
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y chromium >&2 || { apt-get update >&2 && apt-get install -y chromium >&2; }
    else
        sudo apt-get install -y chromium >&2
    fi
    browser=chromium
fi

if [ -n "${KNOTMAP_BIN:-}" ]; then
    "$KNOTMAP_BIN" --demo report -o "$html"
else
    cargo run -q -- --demo report -o "$html"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$png" --window-size="${size/x/,}" "file://$html" >/dev/null 2>&1

if [ ! -s "$png" ]; then
    echo "no screenshot was written to $png" >&2
    exit 1
fi
echo "$png"
