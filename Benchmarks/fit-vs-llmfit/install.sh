#!/usr/bin/env bash
# Installs llmfit (PyPI wheel holding the Rust binary of github.com/AlexsJones/llmfit) into a venv outside the repo:
#   Benchmarks/fit-vs-llmfit/install.sh
# Idempotent: does nothing when the venv already holds the wanted version. Prints the binary's path on stdout.
# Env: SHORTLIST_CACHE (default ~/.cache/shortlist), LLMFIT_VERSION (default 1.1.17), PYTHON (default python3).
set -euo pipefail
cache="${SHORTLIST_CACHE:-$HOME/.cache/shortlist}"
version="${LLMFIT_VERSION:-1.1.17}"
venv="$cache/llmfit-venv"
bin="$venv/bin/llmfit"
python="${PYTHON:-python3}"

installed_version() {
    # The wheel's binary needs glibc >= 2.34; on older glibc (e.g. Debian 12 has 2.36) it prints harmless
    # "weak version GLIBC_2.39 not found" warnings on stderr, so read stdout only.
    [ -x "$bin" ] && "$bin" --version 2>/dev/null | awk '{print $2}'
}

if [ "$(installed_version || true)" = "$version" ]; then
    echo "$bin"
    exit 0
fi

mkdir -p "$cache"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" >&2
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "llmfit==$version" >&2
got="$(installed_version || true)"
if [ "$got" != "$version" ]; then
    echo "install.sh: expected llmfit $version at $bin, found '${got:-nothing}'" >&2
    exit 1
fi
echo "$bin"
