#!/usr/bin/env bash
# QTI 3.0 interchange check (docs/qti.md): export the shipped bank and forms twice (a delivery
# package, and a review package with rationales and one section per domain), check that a rerun
# gives a byte-identical ZIP, validate every exported XML file and manifest against the 1EdTech
# QTI 3.0 schemas with ../shared/qti3/validate (xmllint, from Debian's libxml2-utils), and import
# the delivery package into an empty bank. Run from the repository root; exits non-zero on any
# failure. QTI3_VALIDATE may name the validator when shared/ is elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."

validator="${QTI3_VALIDATE:-../shared/qti3/validate}"
if [ ! -x "$validator" ]; then
  echo "qti.sh: error: $validator not found (CI puts shared/ beside the repository)" >&2
  exit 1
fi
if ! command -v xmllint >/dev/null; then
  echo "== installing libxml2-utils (xmllint)"
  if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq libxml2-utils >/dev/null
fi

swift build >/dev/null
itembench=.build/debug/itembench
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== itembench export qti (delivery and review packages)"
"$itembench" export qti --out "$out" --name delivery --unpacked
"$itembench" export qti --out "$out" --name review --with-rationale --sections domain --unpacked

echo "== a rerun gives a byte-identical archive"
"$itembench" export qti --out "$out/again" --name delivery >/dev/null
cmp "$out/delivery.zip" "$out/again/delivery.zip"
echo "identical: $(wc -c < "$out/delivery.zip") bytes"

echo "== validate every XML file and manifest with $validator"
find "$out/delivery" "$out/review" -name '*.xml' | LC_ALL=C sort > "$out/files.txt"
status=0
xargs -P 2 -n 50 "$validator" < "$out/files.txt" > "$out/validate.log" 2>&1 || status=1
total=$(wc -l < "$out/files.txt")
valid=$(grep -c ' validates$' "$out/validate.log" || true)
grep -v ' validates$' "$out/validate.log" || true
echo "$valid of $total files validate"
if [ "$status" -ne 0 ] || [ "$valid" -ne "$total" ]; then
  echo "qti.sh: error: QTI validation failed" >&2
  exit 1
fi

echo "== import the delivery package into an empty bank"
mkdir -p "$out/bank"
cp -R Items/blueprints "$out/bank/"
"$itembench" import qti "$out/delivery.zip" --bank "$out/bank" > "$out/import.log"
imported=$(grep -c '^wrote ' "$out/import.log" || true)
items=$(ls "$out"/delivery/items/*.xml | wc -l)
echo "imported $imported of $items items"
[ "$imported" -eq "$items" ]
