#!/usr/bin/env bash
# Times the newcomer path of the README: init, serve, edit a policy, build.
# Usage: cargo build --release && bash bench/newcomer.sh   (needs curl and bc)
set -euo pipefail
TB=${TB:-$(cd "$(dirname "$0")/.." && pwd)/target/release/trustbook}
PORT=${PORT:-8123}
work=$(mktemp -d)
trap 'kill "${S:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

a=$(now); "$TB" init acme --company "Acme" >/dev/null
echo "init: $(since "$a") s"

"$TB" serve acme --port "$PORT" >serve.log 2>&1 & S=$!
a=$(now)
until curl -sf "http://127.0.0.1:$PORT/" >/dev/null && curl -sf "http://127.0.0.1:$PORT/docs/" >/dev/null; do sleep 0.02; done
echo "serve: both sites answer after $(since "$a") s"

a=$(now); printf '\nNewcomer edit marker 4711.\n' >> acme/content/policies/access-control.md
until curl -sf "http://127.0.0.1:$PORT/docs/policies/access-control.html" | grep -q "marker 4711"; do sleep 0.02; done
echo "edit: the served page changed $(since "$a") s after the save"
kill "$S"; wait "$S" 2>/dev/null || true

a=$(now); "$TB" build acme >build.log 2>&1
echo "build (both sites, both PDFs, the package): $(since "$a") s"
