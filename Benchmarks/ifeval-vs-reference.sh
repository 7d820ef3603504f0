#!/usr/bin/env bash
# Benchmark: IFEval strict+loose scoring of the 541 GPT-4 responses, Swift against the Python reference.
#   Benchmarks/ifeval-vs-reference.sh [REPEAT]
# Times scoring only (files are loaded first) in both. Needs the reference venv and lm-eval source:
#   IFEVAL_PYTHON (default ~/.cache/shortlist/ifeval-ref/bin/python), LMEVAL_DIR (default ~/.cache/shortlist/lmeval),
#   NLTK_DATA (default $LMEVAL_DIR/nltk_data).
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-5}"
root=$(pwd)
input="$root/data/ifeval/input_data.jsonl"
responses="$root/data/ifeval/input_response_data_gpt4_20231107_145030.jsonl"
python="${IFEVAL_PYTHON:-$HOME/.cache/shortlist/ifeval-ref/bin/python}"
lmeval="${LMEVAL_DIR:-$HOME/.cache/shortlist/lmeval}"
export NLTK_DATA="${NLTK_DATA:-$lmeval/nltk_data}"

swift build -c release --product shortlist >/dev/null
swift_json=$(.build/release/shortlist benchmark ifeval --input "$input" --responses "$responses" --repeat "$repeat" --json)
single=$(echo "$swift_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["single_threaded_median_ms"])')
parallel=$(echo "$swift_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["parallel_median_ms"])')
jobs=$(echo "$swift_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["jobs"])')
echo "swift  single-threaded: median ${single} ms; ${jobs} tasks: median ${parallel} ms (${repeat} runs)"

reference=$(cd "$lmeval" && "$python" "$root/Benchmarks/ifeval-reference.py" "$input" "$responses" "$repeat" 2>/dev/null)
python_ms=$(echo "$reference" | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p')
echo "python reference: median ${python_ms} ms (${reference})"
python3 -c "print(f'ratio: {$python_ms / $single:.1f}x faster single-threaded, {$python_ms / $parallel:.1f}x with $jobs tasks')"
