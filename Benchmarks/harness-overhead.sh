#!/usr/bin/env bash
# Benchmark: the evaluation harness's own cost per request, against a zero-delay fake server.
#   Benchmarks/harness-overhead.sh [REQUESTS] [CONCURRENCY]
# The fake server (shortlist-fault-server --mode fake) runs in its own process, so the figures
# `shortlist benchmark harness` prints are the client's alone: process CPU per request, and per request
# the time from being scheduled to being stored minus the request/response exchange itself.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-2000}"
concurrency="${2:-64}"

swift build -c release --product shortlist >/dev/null
swift build -c release --product shortlist-fault-server >/dev/null

log=$(mktemp)
.build/release/shortlist-fault-server --port 0 --mode fake --tokens 16 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$log" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; echo "the fake server did not start" >&2; exit 1; }

for run in 1 2 3; do
    echo "run $run: $(.build/release/shortlist benchmark harness --endpoint "$url/v1" --requests "$requests" --concurrency "$concurrency")"
done
