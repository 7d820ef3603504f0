#!/usr/bin/env bash
# Benchmark: 'shortlist fit --all' over a 10,000-entry generated catalog.
#   Benchmarks/fit-all.sh [N]
# Reports (1) the fit arithmetic over N in-memory models (shortlist benchmark fit) and (2) the whole CLI run
# on an N-entry YAML catalog file, which adds parsing that file. Release build; needs python3 with PyYAML.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
swift build -c release >/dev/null
bin=.build/release/shortlist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== fit arithmetic, in memory"
"$bin" benchmark fit --models "$count" --repeats 7

echo "== whole CLI: parse a ${count}-entry YAML catalog, then fit --all"
python3 Benchmarks/generate-catalog.py "$count" "$work/catalog.yaml"
echo "catalog file: $(du -h "$work/catalog.yaml" | cut -f1)"
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$bin" fit --all --gpu a100-80gb --context 8k --catalog "$work/catalog.yaml" >/dev/null
    end=$(date +%s.%N)
    echo "run $run: $(echo "$end - $start" | bc) s"
done
start=$(date +%s.%N)
"$bin" catalog gpus --catalog "$work/catalog.yaml" >/dev/null
end=$(date +%s.%N)
echo "of which loading the catalog alone: $(echo "$end - $start" | bc) s"
