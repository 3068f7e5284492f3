#!/bin/sh
# The two 3D paths on held-out 3D objects, through the Java CLI (issue 14): per object of
# training/export_volumes3d.py,
#   3d:       interactive-3d from the object's tight 3D box (segment --box x,y,w,h,z,d);
#   prop:     a 2D model (default interactive-2d) from the tight 2D box on the object's largest axial slice,
#             carried through the stack (segment --box x,y,w,h,z --propagate);
#   prop-end: the same with the object's first and last slice given (--propagate-slices FIRST,LAST);
# then training/eval3d_table.py scores 3D Dice and volume ratio beside the ellipsoid inscribed in the 3D box.
#   sh training/eval3d_paths.sh [WORKDIR] [2D MODEL]      (defaults: training/runs/volumes3d, interactive-2d)
# Needs target/condseg.jar and mricron-data. WORKDIR (git-ignored under training/runs) holds data derived
# from /work/shared/data: never commit it.
set -e
W=${1:-training/runs/volumes3d}
M2=${2:-interactive-2d}
J=${CONDSEG_JAR:-target/condseg.jar}
PY=/usr/bin/python3
export OPT_OUT_TRACKING=true
[ -f "$W/objects.csv" ] || $PY training/export_volumes3d.py --out "$W"
P="$W/pred-$M2"
mkdir -p "$W/pred-interactive-3d" "$P"
seg() { nice -n 10 java -Dai.djl.offline=true -jar "$J" segment --threads 1 "$@" >> "$W/segment.log" 2>&1; }
$PY - "$W/objects.csv" <<'PY' > "$W/prompts.txt"
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r['object'], r['volume'], r['box3d'], r['box2d'], '%s,%s' % (r['first_slice'], r['last_slice']))
PY
while read obj vol box3d box2d ends; do
  in="$W/volumes/$vol.nii.gz"
  [ -f "$W/pred-interactive-3d/$obj-3d.nii.gz" ] || \
    seg --model interactive-3d --input "$in" --box "$box3d" --output "$W/pred-interactive-3d/$obj-3d.nii.gz"
  [ -f "$P/$obj-prop.nii.gz" ] || \
    seg --model "$M2" --input "$in" --box "$box2d" --propagate --output "$P/$obj-prop.nii.gz"
  [ -f "$P/$obj-prop-end.nii.gz" ] || \
    seg --model "$M2" --input "$in" --box "$box2d" --propagate --propagate-slices "$ends" --output "$P/$obj-prop-end.nii.gz"
  echo "$obj done"
done < "$W/prompts.txt"
$PY training/eval3d_table.py --work "$W" --model2d "$M2"
