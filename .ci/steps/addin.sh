#!/usr/bin/env bash
# The add-in's checks that need system packages: the manifest against Microsoft's 2019 XSDs
# (kept outside the repo in ../shared/reference/manifest-xsd, see SOURCE.md there), for the
# committed manifest.xml and for a manifest built for another origin. `npm test` already ran
# our own manifest checks and the Chromium end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SHARED_DIR="${CROSSDOCK_SHARED_DIR:-$ROOT/../shared}"
[ -d "$SHARED_DIR/reference" ] || SHARED_DIR=/work/shared
XSD_DIR="${CROSSDOCK_MANIFEST_XSD_DIR:-$SHARED_DIR/reference/manifest-xsd}"

if ! command -v xmllint >/dev/null; then
  echo "xmllint is missing: apt-get install -y libxml2-utils" >&2
  exit 1
fi
if [ ! -f "$XSD_DIR/OfficeAppManifestV1_1.xsd" ]; then
  echo "manifest XSDs not found in $XSD_DIR (set CROSSDOCK_MANIFEST_XSD_DIR)" >&2
  exit 1
fi

validate() {
  # Run from the XSD folder so the schema's sibling xs:import files resolve, never the network.
  (cd "$XSD_DIR" && xmllint --noout --nonet --schema OfficeAppManifestV1_1.xsd "$1")
}

echo "manifest.xml against the Office add-in XSDs"
validate "$ROOT/manifest.xml"

echo "manifest built for another origin"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
sed 's#https://localhost:3000#https://crossdock.example.com#g' "$ROOT/manifest.xml" > "$OUT/manifest.xml"
validate "$OUT/manifest.xml"

echo "a manifest the schema must reject (elements out of order) is rejected"
awk '/<Permissions>/{perm=$0; next} /<DefaultSettings>/{print perm} {print}' "$ROOT/manifest.xml" > "$OUT/broken.xml"
if validate "$OUT/broken.xml" 2>/dev/null; then
  echo "the XSD check accepted a broken manifest: it is not checking anything" >&2
  exit 1
fi
echo "add-in manifest: ok"
