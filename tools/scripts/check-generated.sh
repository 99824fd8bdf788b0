#!/usr/bin/env bash
# Fails when the generated event contracts are stale: regenerates libs/shared/contracts/src/generated
# from proto/ (buf + protoc-gen-es, as `npx nx run shared-contracts:generate` does) and compares.
#   1. against what was in the directory before: a difference means someone edited proto/ (or the
#      generated code) without regenerating: fail, with the diff;
#   2. against git (`git status --porcelain` of the directory): with CI=true or --strict, any change
#      or untracked file fails (the committed generated code is not what proto/ generates);
#      elsewhere it is only reported, so that you can run this before committing.
# The directory is left regenerated. Usage: bash tools/scripts/check-generated.sh [--strict]
set -euo pipefail
cd "$(dirname "$0")/../.."

out=libs/shared/contracts/src/generated
strict=false
if [ "${1:-}" = "--strict" ] || [ "${CI:-}" = "true" ]; then strict=true; fi

buf=node_modules/.bin/buf
[ -x "$buf" ] || { echo "check-generated: $buf not found; run npm ci first" >&2; exit 2; }

snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
[ -d "$out" ] && cp -a "$out/." "$snapshot/"

rm -rf "$out"
"$buf" generate proto --template proto/buf.gen.yaml

if ! diff -ruN "$snapshot" "$out" >"$snapshot.diff" 2>&1; then
  echo "check-generated: FAILED: $out was stale, it is not what proto/ generates." >&2
  echo "It has now been regenerated; review and commit it with your proto change:" >&2
  echo "  npx nx run shared-contracts:generate   (never edit the generated files by hand)" >&2
  echo "Difference (before -> regenerated):" >&2
  sed "s#$snapshot#$out (before)#g" "$snapshot.diff" >&2
  rm -f "$snapshot.diff"
  exit 1
fi
rm -f "$snapshot.diff"

changes=$(git status --porcelain --untracked-files=all -- "$out")
if [ -n "$changes" ]; then
  if [ "$strict" = true ]; then
    echo "check-generated: FAILED: the generated code in $out differs from what is committed." >&2
    echo "Regenerate (npx nx run shared-contracts:generate) and commit it with the proto change." >&2
    echo "$changes" >&2
    git --no-pager diff -- "$out" >&2
    exit 1
  fi
  echo "check-generated: $out is up to date with proto/, but not committed yet (fails with CI=true):"
  echo "$changes"
  exit 0
fi
echo "check-generated: $out is up to date with proto/ and committed."
