#!/usr/bin/env bash
# Recur against PyTorch on the cases of issue 7, side by side: for each thread count and case,
# `recur bench` and bench/torch_peer.py run one after the other (who goes first alternates),
# each case in its own process so that peak memory is the case's own, ROUNDS times; then one
# table of medians with the ratio Recur/PyTorch per case and thread count, and the bars.
#
#   bench/compare.sh                      # 1 and 2 threads, every case, 1 round
#   ROUNDS=3 THREADS="1 2" bench/compare.sh
#   CASES="charlm-small classify" BENCH_SECONDS=4 bench/compare.sh
#
# Environment: THREADS, CASES, ROUNDS, BENCH_SECONDS (measuring time per case after warm-up),
# RECUR (the recur launcher; default bin/recur), PYTHON (default /usr/bin/python3), OUT (the raw
# JSON lines; default $TMPDIR/recur-compare-<time>.jsonl), LINEARITY=0 to skip the length-1,000 run,
# FMA_PEAK (GFLOPS per core for the matrix-multiply bars; default: measured by recur bench),
# PIN=0 not to pin 1-thread runs to CPU 0.
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

echo "compare.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), rounds $rounds" >&2
i=0
for round in $(seq 1 "$rounds"); do
  for t in $threads; do
    for c in $cases; do
      i=$((i + 1))
      if (( i % 2 )); then
        run_recur "$c" "$t" | record recur "$round"
        run_torch "$c" "$t" | record pytorch "$round"
      else
        run_torch "$c" "$t" | record pytorch "$round"
        run_recur "$c" "$t" | record recur "$round"
      fi
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
# recur bench's FMA loop measures now (issue 7's 117 GFLOPS is another machine's, with AVX-512)
peak="${FMA_PEAK:-$($(pin 1) "$recur" bench --case gemm-512 --seconds 1 2>/dev/null | sed -n 's/.*an FMA loop measures \([0-9.]*\) GFLOPS.*/\1/p')}"
echo "compare.sh: FMA peak ${peak:-unknown} GFLOPS per core (FMA_PEAK to set it)" >&2

"$python" - "$out" "${peak:-117}" <<'EOF'
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
print("%-20s %3s %12s %12s %9s %7s %9s %9s" % ("case", "thr", "recur", "pytorch", "unit", "ratio", "rss recur", "rss torch"))
for t in threads:
    for c in cases:
        rv, pv = med(c, t, "recur"), med(c, t, "pytorch")
        if rv is None or pv is None:
            continue
        unit = by[(c, t, "recur")][0]["unit"]
        print("%-20s %3d %12.1f %12.1f %9s %6.2fx %8.0fM %8.0fM" % (c, t, rv, pv, unit, rv / pv,
              med(c, t, "recur", "peak_rss_mb"), med(c, t, "pytorch", "peak_rss_mb")))
print()
bars = {"charlm-large": 0.8, "charlm-large-infer": 0.8, "charlm-small": 1.5, "classify": 1.5, "rnn-tiny": 5.0}
for t in threads:
    for c, need in bars.items():
        rv, pv = med(c, t, "recur"), med(c, t, "pytorch")
        if rv and pv:
            print("bar %-24s %d thr: %.2fx >= %.1fx  %s" % (c, t, rv / pv, need, "holds" if rv / pv >= need else "MISSED"))
    for c in ("gemm-512", "gemm-2048"):
        g = med(c, t, "recur", "gflops")
        if g:
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
