#!/usr/bin/env python3
"""`shortlist fit` and llmfit side by side on one model x GPU x context x format matrix.

Runs llmfit.py (the llmfit half, offline) and `shortlist fit --json` on the same cases and prints a Markdown table
of both tools' figures with the difference and the reason for each large one. Python 3 standard library only.

    Benchmarks/fit-vs-llmfit/install.sh                       # llmfit 1.1.17 in a cached venv
    swift build -c release --product shortlist
    Benchmarks/fit-vs-llmfit/compare.py > /tmp/fit-vs-llmfit.md
    Benchmarks/fit-vs-llmfit/compare.py --llmfit-jsonl out.jsonl   # reuse llmfit.py's output

Compared per case (one sequence of the context): weights, KV cache per sequence, total needed (weights + KV +
overhead), the memory each tool budgets against, whether it fits, how many sequences of the context fit, and the
single-stream decode estimate. Weights and KV are converted to GiB; "needed" is llmfit's own sum as it compares it
with its pool (10^9-byte weights plus GiB of KV plus 0.5, NOTES.md).
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GIB = 1 << 30

# nvidia-smi name and memory.total (MiB, what llmfit reads) -> Shortlist's GPU id.
GPUS = [
    ("NVIDIA L4", 23034, "l4"),
    ("NVIDIA A100-SXM4-40GB", 40960, "a100-40gb"),
    ("NVIDIA H100 80GB HBM3", 81559, "h100-80gb"),
    ("NVIDIA GeForce RTX 4090", 24564, "rtx-4090"),
]
MODELS = [
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen3-8B",
    "google/gemma-3-4b-it",
    "microsoft/Phi-4-mini-instruct",
]
CONTEXTS = [8192, 32768]
QUANTS = ["bf16", "fp8", "q4_k_m"]


def run_llmfit(args):
    command = [sys.executable, os.path.join(HERE, "llmfit.py"), "--no-raw"]
    for model in MODELS:
        command += ["--model", model]
    for name, mib, _ in GPUS:
        command += ["--gpu", f"{name}={mib}"]
    for context in CONTEXTS:
        command += ["--context", str(context)]
    for quant in QUANTS:
        command += ["--quant", quant]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def shortlist_fit(binary, model, gpu, context, quant):
    command = [binary, "fit", model, "--gpu", gpu, "--context", str(context), "--weights", quant, "--json"]
    if context > 32768 and "qwen3" in model.lower():
        command.append("--allow-extended")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return {"error": result.stderr.strip()}
    return json.loads(result.stdout)


def pct(a, b):
    return (a - b) / b * 100 if b else float("inf")


def reasons(case, mine):
    """Why the two tools differ for this case, from what each one does (NOTES.md, docs/fit.md)."""
    why = []
    m = mine["memory"]
    kv_mine = m["kv_cache_per_sequence"] / GIB
    weights_mine = (m["weights"] - m.get("rotary_cache", 0)) / GIB
    if "gemma-3" in case["model"] and case["kv_gib"] > 1.5 * kv_mine:
        why.append("llmfit charges Gemma 3's 29 sliding-window layers the full context")
    if abs(case["llmfit_weights_gb"] - case["weights_gib"]) > 0.05 and abs(pct(case["weights_gib"], weights_mine)) < 3:
        why.append("llmfit adds 10^9-byte weights to GiB pools")
    if case["quant"] == "q4_k_m" and abs(pct(case["weights_gib"], weights_mine)) > 3:
        why.append("llmfit's flat 0.58 B/param for Q4_K_M vs llama.cpp's tensor mix")
    if case["quant"] == "fp8" and abs(pct(case["weights_gib"], weights_mine)) > 3:
        why.append("llmfit has no FP8 (AWQ-8bit stand-in, 1 B for every parameter); vLLM keeps embeddings at 16 bits")
    budget_mine = m["budget"] / GIB
    if abs(pct(case["pool_gib"], budget_mine)) > 5:
        if mine["engine"] == "vllm":
            why.append(f"llmfit budgets all of nvidia-smi's total; vLLM gets {m['utilization']} of CUDA's")
        else:
            why.append("llmfit budgets nvidia-smi's total; CUDA reports less")
    overhead_mine = m["overhead"]["total"] / GIB
    if abs(overhead_mine - case["overhead_gib"]) > 0.4:
        why.append(f"overhead: llmfit a flat 0.5 GiB, Shortlist {overhead_mine:.2f} (profile run, CUDA graphs)")
    if case.get("gpu_bandwidth_gbps") and "H100" in case["gpu_name"] and case["gpu_bandwidth_gbps"] < 3000:
        why.append(f"llmfit's H100 bandwidth is {case['gpu_bandwidth_gbps']:.0f} GB/s (the A100's), not 3,350")
    return why


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shortlist", default=os.path.join(ROOT, ".build/release/shortlist"),
                    help="the shortlist binary (default: the release build)")
    ap.add_argument("--llmfit-jsonl", help="llmfit.py output to reuse instead of running it")
    ap.add_argument("--json", action="store_true", help="print the joined rows as JSON lines instead")
    args = ap.parse_args()
    if not os.path.exists(args.shortlist):
        sys.exit(f"{args.shortlist}: no such binary; build it with 'swift build -c release --product shortlist'")
    if args.llmfit_jsonl:
        with open(args.llmfit_jsonl) as f:
            cases = [json.loads(line) for line in f if line.strip()]
    else:
        cases = run_llmfit(args)
    ids = {name: gpu for name, _, gpu in GPUS}
    rows = []
    for case in cases:
        if case.get("error") or case["gpu_name"] not in ids:
            continue
        mine = shortlist_fit(args.shortlist, case["model"], ids[case["gpu_name"]], case["context"], case["quant"])
        if "error" in mine:
            rows.append({"case": case, "error": mine["error"]})
            continue
        m = mine["memory"]
        row = {
            "model": case["model"].split("/")[-1],
            "gpu": ids[case["gpu_name"]],
            "context": case["context"],
            "quant": case["quant"],
            "engine": mine["engine"],
            "weights": (case["weights_gib"], m["weights"] / GIB),
            "kv": (case["kv_gib"], m["kv_cache_per_sequence"] / GIB),
            # llmfit's own sum (10^9-byte weights + GiB KV + 0.5), the figure its verdict compares with its pool.
            "needed": (case["llmfit_needed_gb"], m["total"] / GIB),
            "budget": (case["pool_gib"], m["budget"] / GIB),
            "fits": (case["fits"], mine["verdict"] in ("fits", "tight")),
            "sequences": (case["max_concurrency"], mine["max_concurrency"]),
            "decode": (case["tok_s"], mine["decode"]["typical_tokens_per_second"]),
            "reasons": reasons(case, mine),
        }
        rows.append(row)
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return
    print("| model | GPU | context | format | engine | weights GiB (llmfit / Shortlist) | KV GiB | needed GiB | "
          "budget GiB | fits | sequences | decode tok/s | why they differ |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    disagreements = 0
    for row in rows:
        if "error" in row:
            print(f"| {row['case']['model']} | {row['case']['gpu_name']} | | | | error: {row['error']} |")
            continue
        fits = row["fits"]
        if fits[0] != fits[1]:
            disagreements += 1
        cells = [
            row["model"], row["gpu"], f"{row['context']:,}", row["quant"], row["engine"],
            "{:.2f} / {:.2f}".format(*row["weights"]), "{:.2f} / {:.2f}".format(*row["kv"]),
            "{:.2f} / {:.2f}".format(*row["needed"]), "{:.2f} / {:.2f}".format(*row["budget"]),
            ("yes" if fits[0] else "no") + " / " + ("yes" if fits[1] else "**no**" if fits[0] else "no"),
            "{} / {}".format(*row["sequences"]), "{:.0f} / {:.0f}".format(*row["decode"]),
            "; ".join(row["reasons"]),
        ]
        print("| " + " | ".join(cells) + " |")
    print(f"\n{len(rows)} cases; the verdicts differ in {disagreements}.")


if __name__ == "__main__":
    main()
