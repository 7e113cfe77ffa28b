#!/usr/bin/env bash
# Times `trustbook build` of the example project as it is (12 pages) and with its pages copied
# 120 times (1,440 pages), and prints the cost per page: the build must stay linear in the input.
# Each copy gets its own id and title; copies keep the original's group and classification.
# Usage: cargo build --release && bash bench/scale.sh   (TIMES=120 to change the factor)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
TB=${TB:-$root/target/release/trustbook}
TIMES=${TIMES:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1780000000}

# shellcheck source=copies.sh
. "$root/bench/copies.sh"

# Seconds a build of the project takes (best of $RUNS, default 1).
time_build() {
  local best=""
  for _ in $(seq 1 "${RUNS:-1}"); do
    rm -rf "$1/out"
    local a b; a=$(date +%s.%N)
    "$TB" build "$1" --force >"$1.log" 2>&1 || { cat "$1.log"; exit 1; }
    b=$(date +%s.%N)
    local t; t=$(echo "$b - $a" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

copy_example "$root" "$work/small"
copy_example "$root" "$work/large"
multiply "$work/large/content/pages" "$TIMES"

small_pages=$(find "$work/small/content/pages" -name '*.md' | wc -l)
large_pages=$(find "$work/large/content/pages" -name '*.md' | wc -l)
small=$(time_build "$work/small")
large=$(time_build "$work/large")
per_small=$(echo "scale=2; $small * 1000 / $small_pages" | bc)
per_large=$(echo "scale=2; $large * 1000 / $large_pages" | bc)
printf '%6s pages: build %8.2f s, %8.2f ms per page\n' "$small_pages" "$small" "$per_small"
printf '%6s pages: build %8.2f s, %8.2f ms per page\n' "$large_pages" "$large" "$per_large"
marginal=$(echo "scale=2; ($large - $small) * 1000 / ($large_pages - $small_pages)" | bc)
printf 'per-page cost ratio (large / small): %.2f\n' "$(echo "scale=4; $per_large / $per_small" | bc)"
printf 'each added page: %.2f ms\n' "$marginal"
