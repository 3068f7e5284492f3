"""Where one click goes wrong: per held-out set, the size of the one-click mask against the truth
(over- and under-segmentation), its precision and recall, and optionally the same click Dice with
other click-window sides (a diagnosis of scale, not a setting: the contract's side stays 128).

  /tmp/ortenv/bin/python training/diagnose_clicks.py models/interactive-2d/interactive-2d.onnx \
      [--sides 128,96,64] [--train]

--train runs on training-distribution cases instead (cord t1w axial, t2s grey matter, AAL regions
on ch2, nuclei left half, synthetic scenes from training seeds), so that a choice can be checked
without the held-out sets.
"""
import argparse
import os
import sys

import numpy as np
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
from evaluate_interactive2d import cases as held_out, ort_runner  # noqa: E402
from synth import synth_scene  # noqa: E402


def training_cases(npz):
    z = np.load(npz)
    t1, m1 = z['t1w'].astype(np.float32), z['t1w_cord'] > 0
    for k in range(0, m1.shape[2], 4):
        if m1[:, :, k].sum() >= 30:
            yield 'cord t1w axial (train)', t1[:, :, k], m1[:, :, k]
    t2s, gm = z['t2s'].astype(np.float32), z['t2s_gm'] > 0
    for k in range(gm.shape[2]):
        if gm[:, :, k].sum() >= 30:
            yield 't2s grey matter (train)', t2s[:, :, k], gm[:, :, k]
    ch2, aal = z['ch2'].astype(np.float32), z['aal']
    rng = np.random.default_rng(5)
    for ax, k in ((2, 70), (2, 90), (1, 110), (0, 60), (0, 120)):
        img, lab = np.take(ch2, k, axis=ax), np.take(aal, k, axis=ax)
        ids = [i for i in np.unique(lab) if i > 0 and (lab == i).sum() >= 30]
        for i in rng.choice(ids, 6, replace=False):
            cc, _ = ndi.label(lab == i)
            s = np.bincount(cc.ravel())
            s[0] = 0
            yield 'AAL regions on ch2 (train)', img, cc == s.argmax()
    nimg, nlab = z['nuc_img'].astype(np.float32), z['nuc_lab']
    ids = [i for i in np.unique(nlab) if i > 0 and (nlab == i).sum() >= 30]
    for i in rng.choice(ids, 25, replace=False):
        yield 'nuclei left half (train)', nimg, nlab == i
    for s in range(40):
        r = np.random.default_rng(1000 + s)
        im, lb = synth_scene(r)
        ids = [k for k in range(1, lb.max() + 1) if (lb == k).sum() >= 30]
        yield 'synthetic (training seeds)', im, lb == ids[r.integers(len(ids))]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('onnx')
    ap.add_argument('--sides', default='128')
    ap.add_argument('--train', action='store_true')
    a = ap.parse_args()
    run = ort_runner(a.onnx)
    cs = list(training_cases(os.path.join(here, 'cache', 'train.npz')) if a.train
              else held_out(os.path.join(here, 'cache', 'eval.npz'), 0))
    default = C.CLICK_MIN_SIDE
    try:
        for side in [float(s) for s in a.sides.split(',')]:
            C.CLICK_MIN_SIDE = side
            rows = {}
            for name, img, truth in cs:
                p = C.Prompt(pos=[C.interior_point(truth)])
                seg = C.segment(img, p, run)
                tp = float((seg & truth).sum())
                rows.setdefault(name, []).append((C.dice(seg, truth), seg.sum() / truth.sum(),
                                                  tp / max(seg.sum(), 1), tp / truth.sum(), truth.sum()))
            print('click window side %g' % side)
            print('| set | n | truth px (median) | click Dice | mask / truth (median) | over (> 1.3) | under (< 0.7) | precision | recall |')
            print('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
            for name, r in rows.items():
                r = np.asarray(r)
                print('| %s | %d | %.0f | %.3f | %.2f | %d | %d | %.2f | %.2f |'
                      % (name, len(r), np.median(r[:, 4]), r[:, 0].mean(), np.median(r[:, 1]),
                         (r[:, 1] > 1.3).sum(), (r[:, 1] < 0.7).sum(), r[:, 2].mean(), r[:, 3].mean()))
    finally:
        C.CLICK_MIN_SIDE = default


if __name__ == '__main__':
    main()
