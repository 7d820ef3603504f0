#!/usr/bin/env python3
"""llmfit half of the `shortlist fit` vs llmfit side-by-side benchmark.

For each case (Hugging Face repo id, GPU as nvidia-smi name + MiB [+ count], context, quant) this runs
`llmfit plan` and `llmfit concurrency` offline against a fake `nvidia-smi` that reports that GPU, and prints
one JSON object per line with llmfit's figures and its raw JSON. A summary goes to stderr.

    Benchmarks/fit-vs-llmfit/llmfit.py                       # the default matrix (see DEFAULT_* below)
    Benchmarks/fit-vs-llmfit/llmfit.py --matrix cases.json   # a list of cases, or an object of axes
    Benchmarks/fit-vs-llmfit/llmfit.py --model Qwen/Qwen3-8B --gpu 'NVIDIA L4=23034' --context 8192 --quant bf16

Units: llmfit labels every memory figure "gb". Its weights (`disk_size_gb`) are 10^9 bytes, its KV cache and its
GPU pool are GiB (MiB / 1024), and it adds them without converting. Fields named *_gib below are true GiB;
fields named llmfit_*_gb are llmfit's numbers as printed. See NOTES.md.

Python 3 standard library only. Needs llmfit (Benchmarks/fit-vs-llmfit/install.sh).
"""

import argparse
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

DEFAULT_MODELS = [
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen3-8B",
    "google/gemma-3-4b-it",
    "microsoft/Phi-4-mini-instruct",
]
DEFAULT_GPUS = [  # (nvidia-smi name, memory.total MiB)
    ("NVIDIA L4", 23034),
    ("NVIDIA A100-SXM4-40GB", 40960),
    ("NVIDIA H100 80GB HBM3", 81559),
    ("NVIDIA GeForce RTX 4090", 24564),
]
DEFAULT_CONTEXTS = [8192, 32768]
DEFAULT_QUANTS = ["bf16", "fp8", "q4_k_m"]

# Requested quant (case-insensitive) -> (llmfit --quant value, proxy note or None).
# llmfit 1.1.17 accepts: F32 F16 BF16 Q8_0 Q6_K Q5_K_M Q4_K_M Q4_0 Q3_K_M Q2_K AWQ-4bit AWQ-8bit GPTQ-Int4
# GPTQ-Int8 mlx-4bit mlx-8bit MXFP4 (case-insensitive). It has no FP8 weight quant ("FP8"/"fp8" are rejected);
# AWQ-8bit is its 1.0 byte/parameter quant, the same weight size as FP8.
QUANTS = {
    "bf16": ("BF16", None),
    "fp16": ("F16", None),
    "f16": ("F16", None),
    "fp32": ("F32", None),
    "f32": ("F32", None),
    "fp8": ("AWQ-8bit", "llmfit has no FP8 weight quant; AWQ-8bit (1.0 B/param) stands in"),
    "int8": ("AWQ-8bit", "llmfit has no INT8 quant; AWQ-8bit (1.0 B/param) stands in"),
    "q8_0": ("Q8_0", None),
    "q6_k": ("Q6_K", None),
    "q5_k_m": ("Q5_K_M", None),
    "q4_k_m": ("Q4_K_M", None),
    "q4_0": ("Q4_0", None),
    "q3_k_m": ("Q3_K_M", None),
    "q2_k": ("Q2_K", None),
    "awq": ("AWQ-4bit", None),
    "awq-int4": ("AWQ-4bit", None),
    "awq-4bit": ("AWQ-4bit", None),
    "awq-8bit": ("AWQ-8bit", None),
    "gptq": ("GPTQ-Int4", None),
    "gptq-int4": ("GPTQ-Int4", None),
    "gptq-int8": ("GPTQ-Int8", None),
    "mxfp4": ("MXFP4", None),
}

GIB = 1024 ** 3
GLIBC_NOISE = "weak version `GLIBC_"


def default_llmfit():
    """$LLMFIT, else install.sh's venv, else llmfit on PATH."""
    if os.environ.get("LLMFIT"):
        return os.environ["LLMFIT"]
    cache = os.environ.get("SHORTLIST_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "shortlist")
    candidate = os.path.join(cache, "llmfit-venv", "bin", "llmfit")
    if os.access(candidate, os.X_OK):
        return candidate
    return shutil.which("llmfit") or candidate


def parse_gpu(text):
    """'NAME=MiB' or 'NAME=MiB*COUNT' -> dict."""
    name, sep, rest = text.rpartition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"GPU must be 'nvidia-smi name=MiB[*count]', got {text!r}")
    mib, _, count = rest.partition("*")
    return {"name": name.strip(), "mib": int(mib), "count": int(count or 1)}


def gpu_dict(gpu):
    if isinstance(gpu, str):
        return parse_gpu(gpu)
    if isinstance(gpu, (list, tuple)):
        return {"name": gpu[0], "mib": int(gpu[1]), "count": int(gpu[2]) if len(gpu) > 2 else 1}
    return {"name": gpu["name"], "mib": int(gpu["mib"]), "count": int(gpu.get("count", 1)),
            **({"free_mib": int(gpu["free_mib"])} if "free_mib" in gpu else {})}


def load_matrix(args):
    if args.matrix:
        with open(args.matrix) as f:
            spec = json.load(f)
        if isinstance(spec, list):  # explicit cases
            return [{"model": c["model"], "gpu": gpu_dict(c["gpu"]), "context": int(c["context"]),
                     "quant": c["quant"]} for c in spec]
        models, gpus = spec["models"], [gpu_dict(g) for g in spec["gpus"]]
        contexts, quants = spec["contexts"], spec["quants"]
    else:
        models = args.model or DEFAULT_MODELS
        gpus = args.gpu or [gpu_dict(g) for g in DEFAULT_GPUS]
        contexts = args.context or DEFAULT_CONTEXTS
        quants = args.quant or DEFAULT_QUANTS
    return [{"model": m, "gpu": g, "context": int(c), "quant": q}
            for m in models for g in gpus for c in contexts for q in quants]


FAKE_NVIDIA_SMI = r"""#!/bin/sh
# Fake nvidia-smi written by Benchmarks/fit-vs-llmfit/llmfit.py: reports {count} x {name_comment}.
printf '%s\n' "$*" >> "$(dirname "$0")/argv.log"
NAME={name}
TOTAL={mib}
FREE={free}
COUNT={count}
fields=""
for a in "$@"; do
  case "$a" in
    --query-gpu=*) fields="${{a#--query-gpu=}}" ;;
  esac
done
i=0
while [ "$i" -lt "$COUNT" ]; do
  if [ -n "$fields" ]; then
    line=""; sep=""
    oldifs="$IFS"; IFS=","
    for f in $fields; do
      case "$f" in
        name|gpu_name) v="$NAME" ;;
        memory.total) v="$TOTAL" ;;
        memory.free) v="$FREE" ;;
        memory.used) v=$((TOTAL - FREE)) ;;
        addressing_mode) v="None" ;;
        index) v="$i" ;;
        count) v="$COUNT" ;;
        *) v="[N/A]" ;;
      esac
      line="$line$sep$v"; sep=", "
    done
    IFS="$oldifs"
    printf '%s\n' "$line"
  elif [ "$1" = "-L" ]; then
    printf 'GPU %s: %s (UUID: GPU-00000000-0000-0000-0000-00000000000%s)\n' "$i" "$NAME" "$i"
  else
    exit 1
  fi
  i=$((i + 1))
done
"""


def write_fake_nvidia_smi(directory, gpu):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "nvidia-smi")
    free = gpu.get("free_mib", gpu["mib"])
    with open(path, "w") as f:
        f.write(FAKE_NVIDIA_SMI.format(name=shlex.quote(gpu["name"]), name_comment=gpu["name"].replace("\n", " "),
                                       mib=gpu["mib"], free=free, count=gpu["count"]))
    os.chmod(path, 0o755)
    return path


def offline_prefix():
    """`unshare -rn` (new user + network namespace: no network) when it works here, else nothing."""
    unshare = shutil.which("unshare")
    if unshare:
        try:
            if subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10).returncode == 0:
                return [unshare, "-rn"]
        except (OSError, subprocess.SubprocessError):
            pass
    return []


def clean_stderr(text):
    return "\n".join(l for l in text.splitlines() if GLIBC_NOISE not in l).strip()


class Runner:
    def __init__(self, llmfit, workdir, offline, global_flags, timeout):
        self.llmfit, self.workdir, self.offline = llmfit, workdir, offline
        self.global_flags, self.timeout = global_flags, timeout
        self.home = os.path.join(workdir, "home")
        os.makedirs(self.home, exist_ok=True)

    def env(self, fake_dir):
        # A clean environment: the fake nvidia-smi first on PATH, an empty HOME (no ~/.cache/llmfit model cache
        # from `llmfit update`, no local benchmark calibration), none of llmfit's LLMFIT_* / OLLAMA_* overrides.
        env = {"PATH": fake_dir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
               "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
               "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
               "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"), "LANG": "C.UTF-8"}
        return env

    def run(self, fake_dir, *args):
        cmd = self.offline + [self.llmfit] + self.global_flags + list(args) + ["--json", "--no-dashboard"]
        p = subprocess.run(cmd, capture_output=True, text=True, env=self.env(fake_dir), timeout=self.timeout)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(shlex.quote(a) for a in cmd[len(self.offline):])}: rc {p.returncode}: "
                               f"{(clean_stderr(p.stderr) or p.stdout.strip())[:500]}")
        return json.loads(p.stdout)


def kv_entry(plan):
    for k in plan.get("kv_alternatives") or []:
        if k.get("kv_quant") == plan.get("kv_quant"):
            return k
    return None


def gpu_path(plan):
    for p in plan.get("run_paths") or []:
        if p.get("path") == "gpu":
            return p
    return None


def summarise(case, llmfit_quant, proxy, kv_quant, plan, conc, info):
    gpu = case["gpu"]
    pool_gib = gpu["mib"] * gpu["count"] / 1024.0
    weights_gb = plan["disk_size_gb"]
    needed_gb = plan["minimum"]["vram_gb"]
    kv = kv_entry(plan)
    kv_gib = kv["kv_cache_gb"] if kv else None
    overhead = needed_gb - weights_gb - kv_gib if kv_gib is not None else None
    weights_gib = weights_gb * 1e9 / GIB
    gp = gpu_path(plan) or {}
    est = conc["estimate"]
    ladder = est["ladder"][0] if est.get("ladder") else {}
    basis = (info or {}).get("estimate_basis") or {}
    fit_level = gp.get("fit_level")
    return {
        "model": case["model"],
        "gpu_name": gpu["name"], "gpu_mib": gpu["mib"], "gpu_count": gpu["count"],
        "gpu_free_mib": gpu.get("free_mib", gpu["mib"]),
        "context": case["context"], "quant": case["quant"], "llmfit_quant": llmfit_quant, "quant_proxy": proxy,
        "kv_quant": kv_quant,
        # memory, true GiB (weights converted from llmfit's 10^9-byte figure; KV and overhead as llmfit has them)
        "weights_gib": round(weights_gib, 4),
        "kv_gib": kv_gib,
        "overhead_gib": round(overhead, 4) if overhead is not None else None,
        "needed_gib": round(weights_gib + kv_gib + overhead, 4) if kv_gib is not None else None,
        # memory as llmfit prints and compares it (weights GB + KV GiB + 0.5, against a GiB pool)
        "llmfit_weights_gb": weights_gb,
        "llmfit_needed_gb": needed_gb,
        "llmfit_recommended_gb": plan["recommended"]["vram_gb"],
        "pool_gib": est.get("pool_gb"),
        "pool_expected_gib": round(pool_gib, 6),
        # fit
        "fits": fit_level is not None and fit_level != "TooTight",
        "fit_level": fit_level,
        "current_fit_level": plan["current"]["fit_level"],
        "current_run_mode": plan["current"]["run_mode"],
        # concurrency (sessions = floor((pool - weights - 0.5) / kv per session))
        "max_concurrency": ladder.get("max_sessions"),
        "concurrency_context": ladder.get("effective_context"),
        "concurrency_clamped": ladder.get("clamped"),
        "concurrency_kv_gib": ladder.get("per_session_kv_gb"),
        "kv_budget_gib": est.get("kv_budget_gb"),
        "native_context": est.get("native_context"),
        # speed (decode tok/s, llmfit's bandwidth roofline; independent of context and of whether it fits)
        "tok_s": gp.get("estimated_tps"),
        "gpu_bandwidth_gbps": basis.get("gpu_bandwidth_gbps"),
        "estimate_method": basis.get("method"),
        "raw": {"plan": plan, "concurrency": conc},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matrix", help="JSON file: a list of {model, gpu, context, quant} cases (gpu as "
                    "'NAME=MiB[*count]' or {name, mib, count?, free_mib?}), or {models, gpus, contexts, quants}")
    ap.add_argument("--model", action="append", help="HF repo id as llmfit knows it (repeatable)")
    ap.add_argument("--gpu", action="append", type=parse_gpu, help="'nvidia-smi name=MiB[*count]' (repeatable)")
    ap.add_argument("--context", action="append", type=int, help="context tokens (repeatable)")
    ap.add_argument("--quant", action="append", help=f"quant (repeatable): {', '.join(QUANTS)} or any llmfit name")
    ap.add_argument("--kv-quant", default="fp16", help="llmfit --kv-quant (fp16, fp8, q8_0, q4_0, tq); default fp16")
    ap.add_argument("--llmfit", default=default_llmfit(), help="llmfit binary (default: the install.sh venv)")
    ap.add_argument("--ram", default="64G", help="llmfit --ram, so results do not depend on this host's RAM "
                    "(affects only current/CPU-offload paths); 'host' to let llmfit read /proc/meminfo. Any "
                    "--ram also turns off llmfit's grading against memory.free, so free_mib needs --ram host")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cases run in parallel")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per llmfit call")
    ap.add_argument("--out", help="also write the JSON lines to this file")
    ap.add_argument("--no-raw", action="store_true", help="leave llmfit's raw JSON out of each line")
    ap.add_argument("--keep-temp", action="store_true", help="keep the temp dir (fake nvidia-smi, argv.log)")
    args = ap.parse_args()

    if not os.access(args.llmfit, os.X_OK):
        sys.exit(f"llmfit.py: no llmfit binary at {args.llmfit}; run Benchmarks/fit-vs-llmfit/install.sh")
    cases = load_matrix(args)
    if args.ram != "host" and any(c["gpu"].get("free_mib", c["gpu"]["mib"]) < c["gpu"]["mib"] for c in cases):
        print("llmfit.py: warning: free_mib is ignored by llmfit while --ram is set; pass --ram host",
              file=sys.stderr)
    workdir = tempfile.mkdtemp(prefix="llmfit-bench-")
    offline = offline_prefix()
    global_flags = [] if args.ram == "host" else ["--ram", args.ram]
    runner = Runner(args.llmfit, workdir, offline, global_flags, args.timeout)
    version = subprocess.run([args.llmfit, "--version"], capture_output=True, text=True).stdout.strip()

    # One fake nvidia-smi per distinct GPU.
    gpu_dirs = {}
    for case in cases:
        key = json.dumps(case["gpu"], sort_keys=True)
        if key not in gpu_dirs:
            gpu_dirs[key] = os.path.join(workdir, f"gpu{len(gpu_dirs)}")
            write_fake_nvidia_smi(gpu_dirs[key], case["gpu"])

    info_cache = {}  # (gpu, model) -> llmfit info entry: bandwidth lookup and estimate method for that GPU

    def info_for(fake_dir, model):
        if (fake_dir, model) not in info_cache:
            try:
                models = runner.run(fake_dir, "info", model).get("models") or []
                info_cache[(fake_dir, model)] = next((m for m in models if m.get("name") == model),
                                                     models[0] if models else None)
            except (RuntimeError, ValueError, subprocess.SubprocessError):
                info_cache[(fake_dir, model)] = None
        return info_cache[(fake_dir, model)]

    def run_case(case):
        started = time.monotonic()
        fake_dir = gpu_dirs[json.dumps(case["gpu"], sort_keys=True)]
        llmfit_quant, proxy = QUANTS.get(case["quant"].lower(), (case["quant"], None))
        common = ["--context", str(case["context"]), "--quant", llmfit_quant, "--kv-quant", args.kv_quant]
        try:
            plan = runner.run(fake_dir, "plan", case["model"], *common)
            conc = runner.run(fake_dir, "concurrency", case["model"], *common)
            rec = summarise(case, llmfit_quant, proxy, args.kv_quant, plan, conc, info_for(fake_dir, case["model"]))
            if rec["pool_gib"] is None or abs(rec["pool_gib"] - rec["pool_expected_gib"]) > 0.01:
                rec["error"] = (f"llmfit saw a {rec['pool_gib']} GiB pool, expected {rec['pool_expected_gib']}: "
                                "the fake nvidia-smi was not used as intended")
            rec["llmfit_model"] = plan.get("model_name")
            if (plan.get("model_name") or "").lower() != case["model"].lower():  # a partial name matched
                rec["error"] = f"llmfit resolved {case['model']!r} to {plan.get('model_name')!r}"
        except (RuntimeError, ValueError, KeyError, subprocess.SubprocessError) as e:
            g = case["gpu"]
            rec = {"model": case["model"], "gpu_name": g["name"], "gpu_mib": g["mib"], "gpu_count": g["count"],
                   "gpu_free_mib": g.get("free_mib", g["mib"]),
                   "context": case["context"], "quant": case["quant"], "llmfit_quant": llmfit_quant,
                   "quant_proxy": proxy, "kv_quant": args.kv_quant, "error": str(e)}
        rec["llmfit_version"] = version
        rec["seconds"] = round(time.monotonic() - started, 3)
        if args.no_raw:
            rec.pop("raw", None)
        return rec

    started = time.monotonic()
    out = open(args.out, "w") if args.out else None
    errors = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for rec in pool.map(run_case, cases):  # results in matrix order
                errors += "error" in rec
                line = json.dumps(rec, sort_keys=False)
                print(line, flush=True)
                if out:
                    out.write(line + "\n")
    finally:
        if out:
            out.close()
        if not args.keep_temp:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(json.dumps({"summary": {"cases": len(cases), "errors": errors, "seconds": round(elapsed, 2),
                                  "jobs": args.jobs, "llmfit": args.llmfit, "llmfit_version": version,
                                  "offline": " ".join(offline) or "none (network not cut)", "ram": args.ram,
                                  "temp": workdir if args.keep_temp else None}}), file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
