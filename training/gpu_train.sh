#!/bin/sh
# Train interactive-2d on a GPU machine (run from the repository root; needs only the repository
# and training/cache/train.npz, no nibabel):
#   sh training/gpu_train.sh [MINUTES] [OUTDIR]        (defaults: 8, $OUT/gpu or training/runs/gpu)
# Writes OUTDIR/ckpt.pt (every 5 minutes and at the end), OUTDIR/meta.json and OUTDIR/log.txt.
M=${1:-8}
O=${2:-${OUT:-training/runs}/gpu}
mkdir -p "$O"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
python3 training/train_interactive2d.py --device cuda --workers 14 --minutes "$M" --base 16 \
    --batch 64 --reuse 2 --out "$O" > "$O/log.txt" 2>&1
rc=$?
grep -v -i warn "$O/log.txt" | tail -25
exit $rc
