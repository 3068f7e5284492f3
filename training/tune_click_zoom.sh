#!/bin/sh
# Choose interactive-2d's click zoom (issue 14) on TRAINING material only: the sets of
# training/export_zoom_validation.py, `evaluate-prompts --prompt click --clicks 5` with a copy of the
# package whose rdf carries each candidate click_zoom (or none: the baseline).
#   sh training/tune_click_zoom.sh [WORKDIR] NAME [ZOOM]     e.g.
#   sh training/tune_click_zoom.sh training/runs/zoom b25-s15-m16-n32 "{below: 0.25, scale: 1.5, margin: 16, min_side: 32}"
# Writes WORKDIR/csv/NAME/<set>.csv; summarise with training/click_zoom_table.py.
set -e
W=${1:-training/runs/zoom}
NAME=$2
ZOOM=$3
J=${CONDSEG_JAR:-target/condseg.jar}
export OPT_OUT_TRACKING=true
[ -f "$W/val/objects.csv" ] || /usr/bin/python3 training/export_zoom_validation.py --cache "${CACHE:-$W/cache}" --out "$W/val"
P="$W/pkg/$NAME/interactive-2d"
rm -rf "$P"; mkdir -p "$P"
cp models/interactive-2d/* "$P/"
if [ -n "$ZOOM" ]; then
  sed -i "s|^    window: {\(.*\)}$|    window: {\1, click_zoom: $ZOOM}|" "$P/rdf.yaml"
  grep -q click_zoom "$P/rdf.yaml" || { echo "no window line to extend" >&2; exit 1; }
fi
mkdir -p "$W/csv/$NAME"
for s in aal cord nuclei; do
  nice -n 10 java -Dai.djl.offline=true -jar "$J" evaluate-prompts --model "$P" --images "$W/val/$s/images" \
      --truths "$W/val/$s/truths" --prompt click --clicks 5 --threads 1 --csv "$W/csv/$NAME/$s.csv" \
      > "$W/csv/$NAME/$s.txt" 2> "$W/csv/$NAME/$s.log" || { echo "failed: $NAME $s" >&2; cat "$W/csv/$NAME/$s.log" >&2; exit 1; }
done
echo "$NAME done"
