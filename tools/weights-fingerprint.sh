#!/usr/bin/env bash
# Trains every shipped config (sweeps left out) for one epoch and prints the sha256 of each
# trained weights.safetensors, one "config<TAB>sha256" line per config, sorted by config.
# A refactoring that must not change the numbers runs this before and after and diffs the two:
#   tools/weights-fingerprint.sh OLD.jar > before.tsv; tools/weights-fingerprint.sh > after.tsv
#   diff before.tsv after.tsv
# Usage: tools/weights-fingerprint.sh [RECUR_JAR]   (default: cli/target/recur.jar, built if missing)
# CONFIGS="configs/names/*.yaml configs/dinos/lstm.yaml" limits it to those configs.
# Needs the data mirror ($RECUR_DATA, default ../shared/data beside the repository).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${1:-$root/cli/target/recur.jar}"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests -pl cli -am package) >&2
data="${RECUR_DATA:-$root/../shared/data}"
[ -d "$data" ] || { echo "no data mirror at $data (set RECUR_DATA)" >&2; exit 2; }
# a fixed copy of the jar, so that a build during the run cannot swap it
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/recur.jar"
cd "$root"
for config in $(ls ${CONFIGS:-configs/*/*.yaml} | sort); do
  grep -q '^sweep:' "$config" && continue
  run="$work/runs/$(echo "$config" | tr '/' '_')"
  extra=()
  # the configs for any text file take it with data.path
  case "$config" in configs/text/*) extra=(--set "data.path=$data/tinyshakespeare/input.txt") ;; esac
  if java --add-modules jdk.incubator.vector -XX:+UseSerialGC -jar "$work/recur.jar" train "$config" \
      --data-dir "$data" --set training.epochs=1 "${extra[@]}" --run-dir "$run" >"$work/log" 2>&1; then
    printf '%s\t%s\n' "$config" "$(sha256sum < "$run/model/weights.safetensors" | cut -c1-64)"
  else
    printf '%s\tFAILED (exit %s): %s\n' "$config" "$?" "$(grep -v WARNING "$work/log" | tail -1)"
  fi
done
