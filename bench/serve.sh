#!/usr/bin/env bash
# Load-tests `recur serve` on the names classifier (configs/names/strong.yaml): a closed-loop load
# generator (io.recur.serve.LoadGenerator, java.net.http) on the same machine sends single-name
# requests from 1, 8 and 64 concurrent clients, with batching on (--max-batch 32, the default)
# and off (--max-batch 1), and prints throughput and p50/p99 latency per run.
#
#   bench/serve.sh [MODEL_DIR] [REQUESTS]
#
# Without MODEL_DIR it trains strong.yaml for one epoch first (the time of a prediction does not
# depend on how well the model is trained). REQUESTS per run (default 20000) after 500 warm-up
# requests. Needs the names data (RECUR_DATA or --data-dir's default) and a built
# cli/target/recur.jar (bin/recur builds it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
model="${1:-}"
requests="${2:-20000}"
data="${RECUR_DATA:-$HOME/.cache/recur/data}"
if [ -z "$model" ]; then
  "$root/bin/recur" train "$root/configs/names/strong.yaml" --run-dir "$work/run" --set training.epochs=1 >/dev/null
  model="$work/run/model"
fi
# names drawn with replacement from every language, the same ones on every run
cat "$data"/names/*.txt | grep -v '^[[:space:]]*$' > "$work/all.txt"
awk 'BEGIN { srand(1) } { n[NR] = $0 } END { for (i = 0; i < 20000; i++) print n[int(rand() * NR) + 1] }' \
  "$work/all.txt" > "$work/names.txt"
jar="$root/cli/target/recur.jar"
for batch in 32 1; do
  "$root/bin/recur" serve --model "$model" --port 0 --max-batch "$batch" >"$work/server.out" 2>"$work/server.err" &
  server=$!
  for _ in $(seq 600); do
    grep -q '^recur: serving' "$work/server.out" 2>/dev/null && break
    sleep 0.1
  done
  url="$(sed -n 's/^recur: serving .* on //p' "$work/server.out")"
  [ -n "$url" ] || { echo "the server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
  for clients in 1 8 64; do
    printf 'max-batch=%-3s ' "$batch"
    java -XX:+UseSerialGC -cp "$jar" io.recur.serve.LoadGenerator --url "$url" --items "$work/names.txt" \
      --clients "$clients" --requests "$requests" --warmup 500
  done
  kill -TERM "$server"
  status=0
  wait "$server" || status=$?
  server=""
  echo "server (max-batch=$batch) exited with $status after $(grep -c ' /v1/predict ' "$work/server.err") requests;" \
    "$(grep -c ' /v1/predict 200 ' "$work/server.err") answered 200"
done
