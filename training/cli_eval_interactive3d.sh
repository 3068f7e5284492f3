#!/bin/sh
# Held-out Dice of interactive-3d through the Java CLI: segment from the 3D box and from the single
# click that models/interactive-3d/evaluation.json records (tight box, interior-most voxel), then
# `evaluate` against the manual masks. Run from the repository root after `mvn package`.
#   sh training/cli_eval_interactive3d.sh [model] [outdir]
set -e
MODEL=${1:-models/interactive-3d}
OUT=${2:-training/runs/interactive-3d/cli}
D=/work/shared/data
mkdir -p "$OUT"
prompt() {  # set name, key -> "x,y,w,h,z,d" or "x,y,z"
  /usr/bin/python3 -c "import json,sys; e=json.load(open('$MODEL/evaluation.json'))['$1']; b=e['box_prompt']; c=e['click_prompt']
print('%d,%d,%d,%d,%d,%d' % (b[0],b[1],b[3],b[4],b[2],b[5]) if '$2'=='box' else '%d,%d,%d' % tuple(c))"
}
run() {  # name image truth set
  box=$(prompt "$4" box); pt=$(prompt "$4" click)
  java -jar target/condseg.jar segment --model "$MODEL" --input "$2" --output "$OUT/$1-box.nii.gz" --box "$box" --threads 2
  java -jar target/condseg.jar evaluate --prediction "$OUT/$1-box.nii.gz" --truth "$3" | tail -1 | sed "s/^/$1 box ($box): /"
  java -jar target/condseg.jar segment --model "$MODEL" --input "$2" --output "$OUT/$1-click.nii.gz" --point "$pt" --threads 2
  java -jar target/condseg.jar evaluate --prediction "$OUT/$1-click.nii.gz" --truth "$3" | tail -1 | sed "s/^/$1 click ($pt): /"
}
run spleen $D/msd-spleen-ct/sub-spleen2_ct.nii.gz $D/msd-spleen-ct/sub-spleen2_ct_seg-manual.nii.gz "spleen CT"
run cord-t2 $D/sct-spinalcord/t2.nii.gz $D/sct-spinalcord/t2_seg-manual.nii.gz "cord t2"
