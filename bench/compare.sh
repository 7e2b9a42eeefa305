#!/usr/bin/env bash
# Recur against PyTorch and oneDNN on the peer cases, side by side: for each thread count and
# case, `recur bench`, bench/torch_peer.py and (for the recurrent cases) oneDNN's fused-RNN
# harness run one after the other (who goes first rotates), each case in its own process so that
# peak memory is the case's own, ROUNDS times; then one table of medians with Recur's ratio to
# PyTorch, to oneDNN and to the better of the two, per case and thread count, and the bars.
#
# oneDNN times only the recurrent layers (for charlm-large train, plus the output layer's three
# matrix products), so Recur's whole step is held to a stricter standard; see
# ../shared/peers/onednn/README.md. The harness is built once from ONEDNN_SRC with g++ and
# libdnnl-dev (apt-get install -y libdnnl-dev g++); without them the table has no oneDNN column.
#
#   bench/compare.sh                      # 1 and 2 threads, every case, 1 round
#   ROUNDS=3 THREADS="1 2" bench/compare.sh
#   CASES="charlm-small classify" BENCH_SECONDS=4 bench/compare.sh
#
# Environment: THREADS, CASES, ROUNDS, BENCH_SECONDS (measuring time per case after warm-up),
# RECUR (the recur launcher; default bin/recur), PYTHON (default /usr/bin/python3), OUT (the raw
# JSON lines; default $TMPDIR/recur-compare-<time>.jsonl), LINEARITY=0 to skip the length-1,000 run,
# FMA_PEAK (GFLOPS per core for the matrix-multiply bars; default: measured by recur bench),
# PIN=0 not to pin 1-thread runs to CPU 0, ONEDNN (a built rnn_bench, or 0 to leave oneDNN out;
# default: built from ONEDNN_SRC, default ../shared/peers/onednn, into $TMPDIR/recur-onednn).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

threads="${THREADS:-1 2}"
cases="${CASES:-charlm-large charlm-large-infer charlm-small charlm-small-infer classify classify-infer rnn-tiny gemm-512 gemm-2048}"
rounds="${ROUNDS:-1}"
seconds="${BENCH_SECONDS:-6}"
recur="${RECUR:-$root/bin/recur}"
python="${PYTHON:-/usr/bin/python3}"
linearity="${LINEARITY:-1}"
out="${OUT:-${TMPDIR:-/tmp}/recur-compare-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
: > "$out"

# oneDNN's harness: given, or built once from its source beside the repository
onednn="${ONEDNN:-}"
if [[ -z "$onednn" ]]; then
  src="${ONEDNN_SRC:-$root/../shared/peers/onednn}"
  onednn="${TMPDIR:-/tmp}/recur-onednn/rnn_bench"
  if [[ ! -x "$onednn" ]]; then
    if [[ -f "$src/rnn_bench.cpp" ]] && command -v g++ > /dev/null && [[ -e /usr/include/oneapi/dnnl/dnnl.hpp ]]; then
      mkdir -p "$(dirname "$onednn")"
      g++ -O3 -march=native -fopenmp "$src/rnn_bench.cpp" -ldnnl -o "$onednn"
    else
      echo "compare.sh: no oneDNN harness (needs $src/rnn_bench.cpp, g++ and libdnnl-dev); comparing with PyTorch only" >&2
      onednn=0
    fi
  fi
fi

if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "compare.sh: $python cannot import torch; apt-get install python3-torch libopenblas0-openmp" >&2
  exit 2
fi

# tags each JSON line with its engine (and the round), then appends it to $out
record() {
  local engine="$1" round="$2"
  "$python" -c '
import json, sys
engine, rnd = sys.argv[1], int(sys.argv[2])
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line); d["engine"] = engine; d["round"] = rnd
        print(json.dumps(d))
' "$engine" "$round" >> "$out"
}

# 1-thread runs are pinned to CPU 0 (PIN=0: not pinned): on a VM whose CPUs are not equally fast
# at every moment (this machine's CPU 1 intermittently gives half the throughput of CPU 0), an
# unpinned process lands on either, and the two engines would not be measured on the same CPU
pin() {
  if [[ "$1" == 1 && "${PIN:-1}" != 0 ]] && command -v taskset > /dev/null; then echo "taskset -c 0"; fi
}
run_recur() { $(pin "$2") "$recur" bench --case "$1" --threads "$2" --json --seconds "$seconds" ${3:+--length "$3"}; }
run_torch() { OMP_NUM_THREADS="$2" $(pin "$2") "$python" bench/torch_peer.py --case "$1" --threads "$2" --json --seconds "$seconds" ${3:+--length "$3"}; }
# the harness times a case's train and infer steps in one process; its lines are named as
# Recur's cases (charlm-small's infer line is charlm-small-infer), and charlm-large's train
# line counts the output layer's products too (lstm_train_plus_dense_tokens_s)
run_onednn() {
  OMP_NUM_THREADS="$2" OMP_WAIT_POLICY=PASSIVE $(pin "$2") "$onednn" --time="$seconds" "$1" 2> /dev/null | "$python" -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.startswith("{")]
dense = {d["threads"]: d.get("lstm_train_plus_dense_tokens_s") for d in lines if d["case"] == "charlm-large-dense"}
for d in lines:
    if d["case"] == "charlm-large-dense":
        continue
    if d["case"] == "charlm-large" and d["mode"] == "train" and dense.get(d["threads"]):
        d["value"] = dense[d["threads"]]
    if d["mode"] == "infer":
        d["case"] += "-infer"
    print(json.dumps(d))'
}
# whether oneDNN has a case of this name (its train run also gives the -infer line)
onednn_case() { [[ "$onednn" != 0 ]] && case "$1" in charlm-large|charlm-small|classify) true ;; *) false ;; esac; }

echo "compare.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), rounds $rounds" >&2
i=0
for round in $(seq 1 "$rounds"); do
  for t in $threads; do
    for c in $cases; do
      i=$((i + 1))
      engines=(recur torch)
      onednn_case "$c" && engines+=(onednn)
      # who goes first rotates from case to case
      for k in $(seq 0 $((${#engines[@]} - 1))); do
        e="${engines[$(((i + k) % ${#engines[@]}))]}"
        case "$e" in
          recur) run_recur "$c" "$t" | record recur "$round" ;;
          torch) run_torch "$c" "$t" | record pytorch "$round" ;;
          onednn) run_onednn "$c" "$t" | record onednn "$round" ;;
        esac
      done
      # the length-1,000 run follows its length-100 run at once, so that the machine's slow
      # spells (see docs/benchmarks.md) fall on both sides of the linear-cost ratio alike
      if [[ "$c" == charlm-small && "$linearity" == 1 ]]; then
        run_recur charlm-small "$t" 1000 | "$python" -c '
import json, sys
for line in sys.stdin:
    if line.startswith("{"):
        d = json.loads(line); d["case"] = "charlm-small@1000"; print(json.dumps(d))' | record recur "$round"
      fi
      echo "  round $round, $t thread(s), $c done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
  done
done

# the matrix-multiply bars are against this machine's FMA peak per core: FMA_PEAK, else what
# recur bench's FMA loop measures now
peak="${FMA_PEAK:-$($(pin 1) "$recur" bench --case gemm-512 --seconds 1 2>/dev/null | sed -n 's/.*an FMA loop measures \([0-9.]*\) GFLOPS.*/\1/p')}"
echo "compare.sh: FMA peak ${peak:-unknown} GFLOPS per core (FMA_PEAK to set it)" >&2

"$python" - "$out" "${peak:-0}" <<'EOF'
import json, statistics, sys
from collections import defaultdict
PEAK = float(sys.argv[2])
rows = [json.loads(l) for l in open(sys.argv[1])]
by = defaultdict(list)
for r in rows:
    by[(r["case"], r["threads"], r["engine"])].append(r)
def med(case, t, engine, key="value"):
    v = [r[key] for r in by.get((case, t, engine), [])]
    return statistics.median(v) if v else None
cases = []
for r in rows:
    if r["case"] not in cases and not r["case"].endswith("@1000"):
        cases.append(r["case"])
threads = sorted({r["threads"] for r in rows})
def ratio(a, b):
    return "%6.2fx" % (a / b) if a and b else "      -"
def num(v):
    return "%12.1f" % v if v else "           -"
print("%-20s %3s %12s %12s %12s %9s %7s %7s %7s %9s %9s" % ("case", "thr", "recur", "pytorch", "onednn", "unit",
      "/torch", "/onednn", "/best", "rss recur", "rss torch"))
for t in threads:
    for c in cases:
        rv, pv, ov = med(c, t, "recur"), med(c, t, "pytorch"), med(c, t, "onednn")
        if rv is None or pv is None:
            continue
        unit = by[(c, t, "recur")][0]["unit"]
        best = max(v for v in (pv, ov) if v)
        print("%-20s %3d %s %s %s %9s %s %s %s %8.0fM %8.0fM" % (c, t, num(rv), num(pv), num(ov), unit,
              ratio(rv, pv), ratio(rv, ov), ratio(rv, best), med(c, t, "recur", "peak_rss_mb"),
              med(c, t, "pytorch", "peak_rss_mb")))
print()
# against the better of PyTorch (same threads) and oneDNN at its better thread count (its
# 2-thread runs can be slower than its 1-thread ones on this machine)
def best_peer(c, t):
    v = [med(c, t, "pytorch")] + [med(c, u, "onednn") for u in threads if u <= t]
    v = [x for x in v if x]
    return max(v) if v else None
for t in threads:
    for c in ("charlm-large", "charlm-large-infer", "charlm-small", "charlm-small-infer", "classify", "classify-infer"):
        rv, bp = med(c, t, "recur"), best_peer(c, t)
        if rv and bp and med(c, t, "onednn"):
            print("bar %-24s %d thr: %.2fx the best peer >= 1.0x  %s" % (c, t, rv / bp, "holds" if rv >= bp else "MISSED"))
bars = {"charlm-large": 0.8, "charlm-large-infer": 0.8, "charlm-small": 1.5, "classify": 1.5, "rnn-tiny": 5.0}
for t in threads:
    for c, need in bars.items():
        rv, pv = med(c, t, "recur"), med(c, t, "pytorch")
        if rv and pv:
            print("bar %-24s %d thr: %.2fx >= %.1fx  %s" % (c, t, rv / pv, need, "holds" if rv / pv >= need else "MISSED"))
    for c in ("gemm-512", "gemm-2048"):
        g = med(c, t, "recur", "gflops")
        if g and PEAK > 0:
            share = g / (PEAK * t)
            print("bar %-24s %d thr: %.1f GFLOPS = %.0f%% of %.0f  %s" % (c, t, g, 100 * share, PEAK * t,
                  "holds" if share >= 0.6 else "MISSED"))
    l100, l1000 = med("charlm-small", t, "recur"), med("charlm-small@1000", t, "recur")
    if l100 and l1000:
        print("bar %-24s %d thr: length 1000 / 100 = %.2f (>= 0.90)  %s" % ("charlm-small linear", t, l1000 / l100,
              "holds" if l1000 / l100 >= 0.9 else "MISSED"))
    rr, pr = med("charlm-large", t, "recur", "peak_rss_mb"), med("charlm-large", t, "pytorch", "peak_rss_mb")
    if rr and pr:
        print("bar %-24s %d thr: %.0f MB <= %.0f MB  %s" % ("charlm-large peak memory", t, rr, pr,
              "holds" if rr <= pr else "MISSED"))
print("\nraw results: " + sys.argv[1])
EOF
