#!/usr/bin/env bash
# Formats the sources in place, then checks them the way CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive Sources Tests Package.swift
swift format lint --strict --recursive Sources Tests Package.swift
