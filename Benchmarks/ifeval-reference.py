#!/usr/bin/env python3
"""Times the reference IFEval scoring (strict + loose, as google-research's evaluation_lib) over a responses file.

Usage: ifeval-reference.py INPUT_JSONL RESPONSES_JSONL [REPEAT]
Run from lm-eval's source folder (it imports lm_eval.tasks.ifeval) with NLTK_DATA set; only scoring is timed.
Prints: median_ms=<ms> prompt_strict=<n>/<N> prompt_loose=<n>/<N>
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())  # lm-eval's source folder
from lm_eval.tasks.ifeval import instructions_registry  # noqa: E402


def follows(instruction_id, kwargs, text):
    checker = instructions_registry.INSTRUCTION_DICT[instruction_id](instruction_id)
    checker.build_description(**{k: v for k, v in kwargs.items() if v is not None})
    return bool(text.strip() and checker.check_following(text))


def strict(inp, response):
    return [follows(i, k, response) for i, k in zip(inp["instruction_id_list"], inp["kwargs"])]


def loose(inp, response):
    r = response.split("\n")
    first = "\n".join(r[1:]).strip()
    last = "\n".join(r[:-1]).strip()
    both = "\n".join(r[1:-1]).strip()
    candidates = [response, response.replace("*", ""), first, last, both,
                  first.replace("*", ""), last.replace("*", ""), both.replace("*", "")]
    return [any(follows(i, k, c) for c in candidates) for i, k in zip(inp["instruction_id_list"], inp["kwargs"])]


def main():
    inputs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    responses = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        if line.strip():
            obj = json.loads(line)
            responses[obj["prompt"]] = obj["response"]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        results = [(strict(inp, responses[inp["prompt"]]), loose(inp, responses[inp["prompt"]])) for inp in inputs]
        samples.append((time.perf_counter() - start) * 1000)
    s = sum(all(a) for a, _ in results)
    lo = sum(all(b) for _, b in results)
    print(f"median_ms={statistics.median(samples):.1f} prompt_strict={s}/{len(inputs)} prompt_loose={lo}/{len(inputs)}")


if __name__ == "__main__":
    main()
