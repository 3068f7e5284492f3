#!/bin/sh
# The model cards' held-out prompt figures, through the Java CLI alone (issue 14): each promptable 2D
# model x each held-out set of training/heldout.md x {box, click}, `evaluate-prompts --clicks 20 --csv`
# (one row per object), then training/cards_table.py turns the CSVs into the cards' tables (per set and
# per size tertile: box Dice beside the inscribed ellipse, Dice after 1/3/5 clicks beside the disc,
# NoC@85/90).
#   sh training/cards_eval.sh [WORKDIR] [MODEL ...]     (defaults: training/runs/cards; the three models)
# Needs target/condseg.jar (mvn package) and mricron-data (inia19). WORKDIR holds data derived from
# /work/shared/data: it is git-ignored under training/runs; never commit it. Runs one model at a time,
# niced, single-threaded (about 1-3 minutes per model on a shared 2-core VM).
set -e
W=${1:-training/runs/cards}
[ $# -gt 0 ] && shift
MODELS=${*:-interactive-2d attention-2d probabilistic-2d}
J=${CONDSEG_JAR:-target/condseg.jar}
PY=/usr/bin/python3
export OPT_OUT_TRACKING=true
mkdir -p "$W"
[ -f "$W/cache/eval.npz" ] || $PY training/prepare_data.py --out "$W/cache" > "$W/prepare.log"
[ -f "$W/sets/objects.csv" ] || $PY training/export_prompt_sets.py --cache "$W/cache" --out "$W/sets"
for m in $MODELS; do
  mkdir -p "$W/csv/$m"
  for s in spleen-ct cord-t2 nuclei macaque-t1; do
    for p in box click; do
      nice -n 10 java -Dai.djl.offline=true -jar "$J" evaluate-prompts --model "$m" \
          --images "$W/sets/$s/images" --truths "$W/sets/$s/truths" --prompt $p --clicks 20 --threads 1 \
          --csv "$W/csv/$m/$s-$p.csv" > "$W/csv/$m/$s-$p.txt" 2> "$W/csv/$m/$s-$p.log" || {
        echo "failed: $m $s $p (see $W/csv/$m/$s-$p.log)" >&2; exit 1; }
    done
  done
  $PY training/cards_table.py --csv "$W/csv/$m" > "$W/$m-table.md"
  echo "$m: $W/$m-table.md"
done
