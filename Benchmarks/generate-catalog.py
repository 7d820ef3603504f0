#!/usr/bin/env python3
"""Write a synthetic user catalog of N models for benchmarks (not real models: ids say so).

Each entry copies a bundled model's facts and varies its architecture numbers deterministically, so the
fit arithmetic does real work on every entry. Usage: generate-catalog.py N OUT.yaml
"""
import os
import random
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    models_dir = os.path.join(ROOT, "catalog", "models")
    templates = [yaml.safe_load(open(os.path.join(models_dir, name))) for name in sorted(os.listdir(models_dir))]
    rng = random.Random(42)
    models = []
    for index in range(count):
        model = yaml.safe_load(yaml.safe_dump(templates[index % len(templates)]))
        model["id"] = "synthetic-%05d" % index
        model["name"] = "Synthetic %d" % index
        model["hf_repo"] = "bench/synthetic-%05d" % index
        model["aliases"] = []
        arch = model["architecture"]
        arch["layers"]["value"] = rng.choice([16, 24, 28, 32, 36, 40, 48])
        heads = arch["attention_heads"]["value"]
        arch["hidden_size"]["value"] = heads * arch["head_dim"]["value"] * rng.choice([1, 1, 2]) // 2 * 2
        if arch.get("global_layers"):
            arch["global_layers"]["value"] = [i for i in range(5, arch["layers"]["value"], 6)]
        model["benchmarks"] = model.get("benchmarks", [])[:3]
        models.append(model)
    sources = yaml.safe_load(open(os.path.join(ROOT, "catalog", "sources.yaml")))["sources"]
    with open(out, "w") as handle:
        yaml.safe_dump({"sources": sources, "models": models}, handle, sort_keys=False, width=200)


if __name__ == "__main__":
    main()
