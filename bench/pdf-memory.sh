#!/usr/bin/env bash
# Peak memory of the auditor PDF as the document grows: the example project with its
# policies copied 1, 8, 32 and 128 times (about 145 to 7,000 pages). Each copy gets its own
# id and title. The PDF is written page by page, so its cost should stay flat while the page
# count grows; what grows is the project itself (read before the PDF starts).
# Usage: bash bench/pdf-memory.sh   (FACTORS="1 8 32" to change the sizes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --example pdf_memory --manifest-path "$root/Cargo.toml" >/dev/null 2>&1
BIN=$root/target/release/examples/pdf_memory
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=copies.sh
. "$root/bench/copies.sh"

for n in ${FACTORS:-1 8 32 128}; do
  p=$work/x$n
  copy_example "$root" "$p"
  multiply "$p/content/policies" "$n"
  printf 'policies x%-4s ' "$n"
  "$BIN" "$p"
done
