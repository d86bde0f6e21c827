#!/usr/bin/env bash
# Renders the example specs as the HTML site and takes a screenshot of each
# dashboard with headless Chromium (apt-get install chromium), into
# guide/screenshots/, as linked from the README. Run from the repository root.
set -euo pipefail
site=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$site" "$profile"' EXIT
cargo run --quiet -- render --format html --out "$site"
mkdir -p guide/screenshots
for spec in phase7-release rustydb-v065 007-optimize-build-times; do
  chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1280,2200 \
    --screenshot="guide/screenshots/$spec.png" "file://$site/$spec/index.html" 2>/dev/null
done
ls -l guide/screenshots
