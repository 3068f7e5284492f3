#!/bin/sh
# The model cards' held-out prompt figures, through the Java CLI alone (issue 14): each promptable 2D
# model x each held-out set of training/heldout.md x {box, click}, `evaluate-prompts --clicks 20 --csv`
# (one row per object), then training/cards_table.py turns the CSVs into the cards' tables (per set and
# per size tertile: box Dice beside the inscribed ellipse, Dice after 1/3/5 clicks beside the disc,
# NoC@85/90).
#   sh training/cards_eval.sh [WORKDIR] [MODEL ...]     (defaults: training/runs/cards; the three models)
#   CLICKS=5 BOX_CLICKS=1 TAG=-16 EVAL_ARGS="--samples 16 --seed 0" sh training/cards_eval.sh training/runs/cards probabilistic-2d
#     (a generative model on the consensus of 16 samples, 5 interactions at most (NoC capped at 5), the box run
#     to its box Dice only; CSVs and table under the model's name + TAG)
# Needs target/condseg.jar (mvn package) and mricron-data (inia19). WORKDIR holds data derived from
# /work/shared/data: it is git-ignored under training/runs; never commit it. Runs one model at a time,
# niced, single-threaded (about 1-3 minutes per model on a shared 2-core VM).
set -e
W=${1:-training/runs/cards}
[ $# -gt 0 ] && shift
MODELS=${*:-interactive-2d attention-2d probabilistic-2d}
J=${CONDSEG_JAR:-target/condseg.jar}
PY=/usr/bin/python3
CLICKS=${CLICKS:-20}
BOX_CLICKS=${BOX_CLICKS:-$CLICKS}
export OPT_OUT_TRACKING=true
mkdir -p "$W"
[ -f "$W/cache/eval.npz" ] || $PY training/prepare_data.py --out "$W/cache" > "$W/prepare.log"
[ -f "$W/sets/objects.csv" ] || $PY training/export_prompt_sets.py --cache "$W/cache" --out "$W/sets"
for m in $MODELS; do
  o="$m${TAG:-}"
  mkdir -p "$W/csv/$o"
  for s in spleen-ct cord-t2 nuclei macaque-t1; do
    for p in box click; do
      n=$CLICKS; [ $p = box ] && n=$BOX_CLICKS
      # shellcheck disable=SC2086
      nice -n 10 java -Dai.djl.offline=true -jar "$J" evaluate-prompts --model "$m" \
          --images "$W/sets/$s/images" --truths "$W/sets/$s/truths" --prompt $p --clicks $n --threads 1 $EVAL_ARGS \
          --csv "$W/csv/$o/$s-$p.csv" > "$W/csv/$o/$s-$p.txt" 2> "$W/csv/$o/$s-$p.log" || {
        echo "failed: $m $s $p (see $W/csv/$o/$s-$p.log)" >&2; exit 1; }
    done
  done
  $PY training/cards_table.py --csv "$W/csv/$o" --cap "$CLICKS" > "$W/$o-table.md"
  echo "$o: $W/$o-table.md"
done
