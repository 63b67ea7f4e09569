#!/usr/bin/env bash
# The simulated reviewer of the correction loop (issue 15), resumable: rerun it after an interruption and it
# continues where it stopped (finished steps are skipped, an interrupted training run is resumed).
#
#   1. weak labels for CLUENER train texts (outline sources, no model source: the shipped model saw CLUENER train)
#   2. weak-only model: the default recipe (fewer steps) on the weak labels, partial-label CRF over unknown positions
#   3. review queue: the weak-only model against the weak labels (no gold involved; the shipped default was trained on
#      CLUENER train gold, so its disagreements would be an oracle)
#   4. training sets where the top-k queued sentences, or k sentences drawn at random from all of train, take gold
#   5. one training run per set, plus full gold; CLUENER dev F1 of each -> results.tsv and f1-vs-k.png
#
# Usage: nohup scripts/review-simulation.sh [OUT_DIR] > OUT_DIR.log 2>&1 &     (OUT_DIR default runs/review-sim)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-runs/review-sim}
DATA=../shared/data/cluener2020
STEPS=${STEPS:-400}
KS=${KS:-300,1000,100,3000}   # in the order they run (after the top-20 % arm); past the queue, ranked fills at random
mkdir -p "$OUT/sets" "$OUT/models" "$OUT/eval"
CLI="nice -n 5 ./company-ner"
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

train() { # name data format
  local dir="$OUT/models/$1"
  local args=(train --arch bilstm --init models/pretrained/bilm-fin --lexicon ../shared/data/gazetteers --max-bigrams 16000
    --steps "$STEPS" --warmup $(( STEPS / 4 )) --lr 1e-3 --head-lr 5e-3 --eval-every 100 --patience 10 --seed 42
    --data "$2" --format "$3" --label company --out "$dir")
  if [[ -f "$OUT/eval/$1.json" ]]; then return; fi
  if [[ ! -f "$dir/model.onnx" ]]; then
    if [[ -d "$dir" ]]; then log "resume $1"; $CLI "${args[@]}" --resume > "$OUT/models/$1.train.log" 2>&1
    else log "train $1"; $CLI "${args[@]}" > "$OUT/models/$1.train.log" 2>&1; fi
  fi
  $CLI eval --model "$dir" --data "$DATA/dev.json" --format cluener --label company --json > "$OUT/eval/$1.json.tmp"
  mv "$OUT/eval/$1.json.tmp" "$OUT/eval/$1.json"
  log "$1: $(cat "$OUT/eval/$1.json")"
  report
}

report() { # results so far -> results.tsv and the plot
local f name arm k
{
  printf 'arm\tk\tf1\tprecision\trecall\n'
  for f in "$OUT"/eval/*.json; do
    name=$(basename "$f" .json)
    case $name in weak) arm=weak; k=0;; gold) arm=gold; k=10748;; *) arm=${name%-*}; k=${name##*-};; esac
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\t".join([sys.argv[2], sys.argv[3], str(d["f1"]), str(d["precision"]), str(d["recall"])]))' "$f" "$arm" "$k"
  done
} > "$OUT/results.tsv"
$CLI review plot --tsv "$OUT/results.tsv" --out "$OUT/f1-vs-k.png"
}

f1() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["f1"])' "$OUT/eval/$1.json"; }

[[ -f "$OUT/weak.jsonl" ]] || { log "weak labels"; $CLI review weak-labels --data "$DATA/train.json" --format cluener --label company --out "$OUT/weak.jsonl"; }
train weak "$OUT/weak.jsonl" jsonl
[[ -f "$OUT/queue.jsonl" ]] || { log "queue"; $CLI review build --model "$OUT/models/weak" --data "$OUT/weak.jsonl" --format jsonl --label company --out "$OUT/queue.jsonl"; }
QUEUED=$(head -1 "$OUT/queue.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["queued"])')
K20=$(( QUEUED / 5 ))   # the target: top 20 % of the queue
ALLK="$K20,$KS"
[[ -f "$OUT/sets/.done" ]] || { $CLI review simulate --queue "$OUT/queue.jsonl" --gold "$DATA/train.json" --format cluener --label company \
  --k "$ALLK" --seed 42 --out-dir "$OUT/sets" > "$OUT/sets/summary.txt"; touch "$OUT/sets/.done"; }
train gold "$DATA/train.json" cluener
for k in ${ALLK//,/ }; do
  train "ranked-$k" "$OUT/sets/ranked-$k.jsonl" jsonl
  train "random-$k" "$OUT/sets/random-$k.jsonl" jsonl
done
log "queued $QUEUED (top 20 % = $K20); weak-only F1 $(f1 weak), full gold F1 $(f1 gold); results in $OUT/results.tsv, plot $OUT/f1-vs-k.png"
