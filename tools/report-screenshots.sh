#!/usr/bin/env bash
# Renders the pages people judge Recur's reports by into PNGs with headless Chromium, as a user of
# TensorBoard or Weights & Biases would look at them: report.html of a names run (an 18-class
# classifier, early stopping), a dinos run (a character model: 27 classes, top confusions) and a
# sine run (a regression with a cosine learning rate), and summary.html of a small sweep (two
# seeds per configuration, so it has intervals).
#
#   tools/report-screenshots.sh [OUT_DIR]          default OUT_DIR: target/report-screenshots
#
# Needs the data mirror with names and dinos (RECUR_DATA, else ../shared/data beside the
# repository; `bin/recur data fetch names dinos` fetches them) and chromium (`apt-get install
# chromium`, or CHROMIUM=/path/to/chrome). Trains short versions of the shipped configs (a few
# minutes on two cores), then writes OUT_DIR/{names,dinos,sine,sweep}.png beside the runs
# (OUT_DIR/runs/…, OUT_DIR/sweep/). Exit 2 when something it needs is missing. RECUR_JAR=PATH runs
# that jar instead of bin/recur (which rebuilds the CLI whenever a source is newer than its jar).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/target/report-screenshots}"
if [ -n "${RECUR_JAR:-}" ]; then
  recur=(java --add-modules jdk.incubator.vector -jar "$RECUR_JAR")
else
  recur=("$root/bin/recur")
fi
export RECUR_DATA="${RECUR_DATA:-$root/../shared/data}"

chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$chromium" ]; then
  echo "report-screenshots: no chromium on PATH; install it (apt-get install chromium) or set CHROMIUM" >&2
  exit 2
fi
for dataset in names dinos; do
  if [ ! -d "$RECUR_DATA/$dataset" ]; then
    echo "report-screenshots: $RECUR_DATA/$dataset is missing; set RECUR_DATA or run: bin/recur data fetch $dataset" >&2
    exit 2
  fi
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -rf "$out/runs" "$out/sweep"
mkdir -p "$out/runs"

train() {
  local name="$1" config="$2"
  shift 2
  echo "training $name ($config)"
  nice "${recur[@]}" train "$root/$config" --run-dir "$out/runs/$name" "$@" > "$out/runs/$name.log"
}

# short versions of the shipped configs: enough epochs for curves worth looking at
train names configs/names/rnn.yaml --set training.epochs=12 \
  --set 'training.early_stopping={monitor: val.loss, patience: 3}'
train dinos configs/dinos/lstm.yaml --set training.epochs=8 --set model.layers[1].units=64
train sine configs/sine/one-frequency.yaml --set training.epochs=40
echo "sweeping configs/dummy-string/sweep.yaml (two seeds, twenty epochs)"
nice "${recur[@]}" sweep "$root/configs/dummy-string/sweep.yaml" --sweep-dir "$out/sweep" --workers 2 \
  --set 'sweep.seeds=[1, 2]' --set training.epochs=20 > "$out/sweep.log"

# headless Chromium draws one window, not the whole page: the heights fit each page
sandbox=()
if [ "$(id -u)" = 0 ]; then
  sandbox=(--no-sandbox)   # Chromium refuses to run as root inside its sandbox
fi
shot() {
  local name="$1" page="$2" height="$3"
  "$chromium" --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size="1280,$height" \
    --screenshot="$out/$name.png" "file://$page" > /dev/null 2>&1
  echo "wrote $out/$name.png"
}
shot names "$out/runs/names/report.html" 5400
shot dinos "$out/runs/dinos/report.html" 4200
shot sine "$out/runs/sine/report.html" 3400
shot sweep "$out/sweep/summary.html" 3000
