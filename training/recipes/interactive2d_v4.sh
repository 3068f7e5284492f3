#!/bin/sh
# interactive-2d 0.4.0 candidate (issue 14): the shipped 0.3.0 fine-tuned with the data engine
# (training/synth/, data.CURRICULA['engine']) and iterative correction clicks, then the held-out
# click protocol of training/heldout.md for both models. Run from the repository root; CPU, one
# torch thread, no onnxruntime needed (torch evaluates the checkpoints; the ONNX export of a
# checkpoint computes the same function, and from_onnx.py rebuilds 0.3.0 to 1e-5).
#   sh training/recipes/interactive2d_v4.sh [MINUTES]
set -eu
MIN=${1:-40}
R=training/runs
P=/usr/bin/python3

$P training/prepare_data.py                               # train.npz, eval.npz, engine.npz
$P training/check_synth.py --n 20                          # the engine's self-check
git show f0060f0:models/interactive-2d/interactive-2d.onnx > /tmp/interactive-2d-0.3.0.onnx
$P training/from_onnx.py /tmp/interactive-2d-0.3.0.onnx $R/from-onnx-030/ckpt.pt --base 16 --curriculum click2
mkdir -p $R/engine $R/eval
nice -n 10 $P training/train_interactive2d.py --device cpu --workers 0 --minutes "$MIN" --base 16 \
    --batch 16 --lr 6e-5 --warmup 10 --log-every 5 --correct 0.3 --rounds 2 --freeze-bn \
    --curriculum engine --seed 5 --export-every 20 --resume $R/from-onnx-030/ckpt.pt \
    --out $R/engine > $R/engine/log.txt 2>&1
$P training/evaluate_prompts.py --ckpt $R/from-onnx-030/ckpt.pt --json $R/eval/v030.json
$P training/evaluate_prompts.py --ckpt $R/engine/ckpt.pt --json $R/eval/engine.json
$P training/evaluate_prompts.py --compare $R/eval/v030.json $R/eval/engine.json --names 0.3.0 engine
# shipping (only under the rule of training/heldout.md):
#   $P training/export.py $R/engine/ckpt.pt models/interactive-2d/interactive-2d.onnx
#   $P training/package.py --version 0.4.0 --ckpt $R/engine/ckpt.pt --meta $R/engine/meta.json ...
