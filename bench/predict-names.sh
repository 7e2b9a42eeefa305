#!/usr/bin/env bash
# Times `recur predict` on 100,000 names with the names classifier (configs/names/strong.yaml),
# at 1 and 2 threads, alternating, and checks that both give the same bytes.
#
#   bench/predict-names.sh [MODEL_DIR] [ROUNDS]
#
# Without MODEL_DIR it trains strong.yaml for one epoch first (the time of a prediction does not
# depend on how well the model is trained). Needs the names data (RECUR_DATA or --data-dir's default).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
model="${1:-}"
rounds="${2:-2}"
data="${RECUR_DATA:-$HOME/.cache/recur/data}"
if [ -z "$model" ]; then
  "$root/bin/recur" train "$root/configs/names/strong.yaml" --run-dir "$work/run" --set training.epochs=1 >/dev/null
  model="$work/run/model"
fi
# 100,000 names drawn with replacement from every language, the same ones on every run
cat "$data"/names/*.txt | grep -v '^[[:space:]]*$' > "$work/all.txt"
awk 'BEGIN { srand(1) } { n[NR] = $0 } END { for (i = 0; i < 100000; i++) print n[int(rand() * NR) + 1] }' \
  "$work/all.txt" > "$work/names.txt"
for round in $(seq "$rounds"); do
  for threads in 1 2; do
    start=$(date +%s.%N)
    if [ "$threads" = 1 ]; then
      taskset -c 0 "$root/bin/recur" predict --model "$model" --input "$work/names.txt" --output "$work/out-$threads.tsv" \
        --threads 1 2>/dev/null
    else
      "$root/bin/recur" predict --model "$model" --input "$work/names.txt" --output "$work/out-$threads.tsv" \
        --threads 2 2>/dev/null
    fi
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v t="$threads" -v r="$round" \
      'BEGIN { printf "round %d, %d thread(s): %.2f s wall, %.0f names/s (JVM start and model load included)\n", r, t, e - s, 100000 / (e - s) }'
  done
  cmp -s "$work/out-1.tsv" "$work/out-2.tsv" && echo "round $round: 1 and 2 threads wrote the same bytes" \
    || { echo "round $round: 1 and 2 threads differ" >&2; exit 1; }
done
