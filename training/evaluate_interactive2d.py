"""Held-out evaluation of an interactive-2d ONNX model through the contract's pre/post-processing.

  python evaluate_interactive2d.py models/interactive-2d/interactive-2d.onnx [--json out.json]

Needs onnxruntime (plus numpy, scipy, scikit-image); with --ckpt it runs a torch checkpoint
instead (same pre/post-processing). Data: training/cache/eval.npz (held out: spleen CT, spinal
cord t2, nuclei right half) and synthetic scenes from seeds never used in training.
Dice is the mean over 2D slices (objects) whose structure has >= 30 pixels; prompts are the tight
box of the truth, and one click at its interior-most pixel (max of the distance transform).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
from synth import synth_scene  # noqa: E402

SYNTH_SEED0 = 50_000_000  # training streams never use these seeds
MIN_PIXELS = 30


def ort_runner(path, threads=1):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    s = ort.InferenceSession(path, so, providers=['CPUExecutionProvider'])
    return lambda x: s.run(None, {'input': np.ascontiguousarray(x, np.float32)})[0]


def torch_runner(ckpt):
    import torch
    torch.set_num_threads(1)
    from export import load
    net, _ = load(ckpt)

    def run(x):
        with torch.no_grad():
            return net(torch.from_numpy(np.ascontiguousarray(x, np.float32))).numpy()
    return run


def cases(eval_npz, n_synth=100):
    """Yields (set name, image 2D, truth mask 2D)."""
    z = np.load(eval_npz)
    ct, sp = z['spleen_ct'].astype(np.float32), z['spleen_seg'] > 0
    for k in range(ct.shape[2]):
        if sp[:, :, k].sum() >= MIN_PIXELS:
            yield 'spleen CT (axial)', ct[:, :, k], sp[:, :, k]
    t2, cs = z['cord_t2'].astype(np.float32), z['cord_seg'] > 0
    for k in range(t2.shape[2]):
        if cs[:, :, k].sum() >= MIN_PIXELS:
            yield 'cord t2 (axial)', t2[:, :, k], cs[:, :, k]
    img, lab = z['nuc_img'].astype(np.float32), z['nuc_lab'].astype(np.int32)
    for i in np.unique(lab):
        if i > 0 and (lab == i).sum() >= MIN_PIXELS:
            yield 'nuclei (right half)', img, lab == i
    for s in range(n_synth):
        rng = np.random.default_rng(SYNTH_SEED0 + s)
        im, lb = synth_scene(rng)
        ids = [k for k in range(1, lb.max() + 1) if (lb == k).sum() >= MIN_PIXELS]
        if ids:
            yield 'synthetic (held-out seeds)', im, lb == ids[rng.integers(len(ids))]


def evaluate(run, eval_npz, n_synth=100):
    res = {}
    t0 = time.time()
    for name, img, truth in cases(eval_npz, n_synth):
        r = res.setdefault(name, {'box': [], 'click': []})
        pb = C.Prompt(box=C.tight_box(truth))
        r['box'].append(C.dice(C.segment(img, pb, run), truth))
        pc = C.Prompt(pos=[C.interior_point(truth)])
        r['click'].append(C.dice(C.segment(img, pc, run), truth))
    out = {}
    for name, r in res.items():
        out[name] = {'n': len(r['box']), 'box_dice': float(np.mean(r['box'])),
                     'click_dice': float(np.mean(r['click']))}
    real = [v for k, v in out.items() if not k.startswith('synthetic')]
    out['mean of the real sets'] = {'n': sum(v['n'] for v in real),
                                    'box_dice': float(np.mean([v['box_dice'] for v in real])),
                                    'click_dice': float(np.mean([v['click_dice'] for v in real]))}
    out['_seconds'] = time.time() - t0
    return out


def table(out):
    lines = ['| held-out set | n | Dice from box | Dice from 1 click |', '|---|---:|---:|---:|']
    for k, v in out.items():
        if not k.startswith('_'):
            lines.append('| %s | %d | %.3f | %.3f |' % (k, v['n'], v['box_dice'], v['click_dice']))
    return '\n'.join(lines)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('onnx', nargs='?')
    ap.add_argument('--ckpt')
    ap.add_argument('--eval', default=os.path.join(here, 'cache', 'eval.npz'))
    ap.add_argument('--synthetic', type=int, default=100)
    ap.add_argument('--json')
    a = ap.parse_args()
    run = torch_runner(a.ckpt) if a.ckpt else ort_runner(a.onnx)
    out = evaluate(run, a.eval, a.synthetic)
    out['_model'] = a.ckpt or a.onnx
    print(table(out))
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(out, f, indent=1)


if __name__ == '__main__':
    main()
