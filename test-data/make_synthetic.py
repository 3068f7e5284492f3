"""Demo / test images for interactive-2d from the synthetic generator, with held-out seeds.

  /usr/bin/python3 test-data/make_synthetic.py [--out test-data/synthetic] [--check MODEL.onnx]

Writes demo-image.tif (256x256 uint16, ImageJ TIFF), demo-truth.tif (uint8, 1 = the target object),
demo-prompt.txt ("box x,y,w,h" = the truth's tight box, "point x,y" = its interior-most pixel), and
case-K-image.tif / case-K-truth.tif / case-K-prompt.txt for K = 1..5 (192x192, same kind).
Each target is irregular and concave (solidity < 0.85) and touches a neighbour whose brightness is
differs from it by 15-35% of the object/background contrast
(and by at least 2x the pixel noise, so that the boundary is visible). Rendering is moderate:
blur sigma <= 1, noise <= 12% and bias field <= 15% of the contrast. Scenes are accepted or rejected on these
geometric and intensity criteria only, never on a model's result.
With --check it also runs an ONNX model (onnxruntime) on the written files and prints the Dice.
"""
import argparse
import os
import sys

import numpy as np
import tifffile
from scipy import ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'training'))
import common as C  # noqa: E402
from synth import synth_labels, synth_render, object_stats  # noqa: E402

SEED0 = 70_000_000  # never used by training (which seeds per worker and clock) nor evaluation


def pick_target(img, lab, solidity_range=(0.0, 0.85), accept=None):
    """The first object that is irregular (solidity in solidity_range), touches a neighbour of
    similar brightness, and passes accept(mask) where given; or None."""
    bg = float(np.median(img[lab == 0]))
    noise = float(np.std((img - ndi.gaussian_filter(img, 2))[lab == 0]))
    H, W = lab.shape
    for k in range(1, lab.max() + 1):
        m = lab == k
        area, solidity, touches = object_stats(lab, k)
        if not (400 <= area <= 6000 and solidity_range[0] <= solidity < solidity_range[1] and touches):
            continue
        if accept is not None and not accept(m):
            continue
        ys, xs = np.nonzero(m)
        if ys.min() < 3 or xs.min() < 3 or ys.max() > H - 4 or xs.max() > W - 4:
            continue
        mk = float(np.mean(img[m]))
        ring = ndi.binary_dilation(m, iterations=2) & ~m
        neigh = [j for j in np.unique(lab[ring]) if j > 0]
        contrast = abs(mk - bg)
        if contrast <= 0:
            continue
        # similar but visibly different (a task a person can do): the difference to the neighbour
        # is at most 35% of the object/background contrast and at least 15% of it and 2x the
        # pixel noise
        diffs = [abs(float(np.mean(img[lab == j])) - mk) for j in neigh]
        similar = [d for d in diffs if max(0.15 * contrast, 2.0 * noise) <= d <= 0.35 * contrast]
        if similar:
            return k
    return None


def make_case(seed, size, **pick):
    while True:
        rng = np.random.default_rng(seed)
        K = int(rng.integers(4, 10))
        R = float(rng.uniform(14, size / 6.0))
        lab = synth_labels(rng, size, size, K, R)
        if lab.max() >= 3:
            img = synth_render(rng, lab, max_blur=1.0, max_noise=0.12, max_bias=0.15)
            k = pick_target(img, lab, **pick)
            if k is not None:
                lo, hi = np.percentile(img, [0.1, 99.9])
                u16 = np.clip((img - lo) / (hi - lo) * 3000 + 300, 0, 65535).astype(np.uint16)
                return u16, (lab == k).astype(np.uint8), seed
        seed += 1


def write(out, stem, img, truth):
    tifffile.imwrite(os.path.join(out, stem + '-image.tif'), img, imagej=True)
    tifffile.imwrite(os.path.join(out, stem + '-truth.tif'), truth, imagej=True)
    x, y, w, h = C.tight_box(truth > 0)
    px, py = C.interior_point(truth > 0)
    with open(os.path.join(out, stem + '-prompt.txt'), 'w') as f:
        f.write('box %d,%d,%d,%d\npoint %d,%d\n' % (x, y, w, h, px, py))


def read_prompt(path):
    box = point = None
    for line in open(path):
        kind, vals = line.split()
        v = [int(s) for s in vals.split(',')]
        if kind == 'box':
            box = tuple(v)
        elif kind == 'point':
            point = tuple(v)
    return box, point


def check(out, onnx_path):
    sys.path.insert(0, os.path.join(HERE, '..', 'training'))
    from evaluate_interactive2d import ort_runner
    run = ort_runner(onnx_path)
    rows = []
    for stem in ['demo'] + ['case-%d' % k for k in range(1, 6)]:
        img = tifffile.imread(os.path.join(out, stem + '-image.tif')).astype(np.float32)
        truth = tifffile.imread(os.path.join(out, stem + '-truth.tif')) > 0
        box, point = read_prompt(os.path.join(out, stem + '-prompt.txt'))
        db = C.dice(C.segment(img, C.Prompt(box=box), run), truth)
        dc = C.dice(C.segment(img, C.Prompt(pos=[point]), run), truth)
        rows.append((stem, db, dc))
        print('%-7s box %.3f click %.3f' % (stem, db, dc))
    cases = rows[1:]
    print('cases mean: box %.3f click %.3f' % (np.mean([r[1] for r in cases]),
                                              np.mean([r[2] for r in cases])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(HERE, 'synthetic'))
    ap.add_argument('--check')
    a = ap.parse_args()
    if a.check:
        check(a.out, a.check)
        return
    os.makedirs(a.out, exist_ok=True)
    seed = SEED0
    img, truth, used = make_case(seed, 256)
    write(a.out, 'demo', img, truth)
    print('demo: seed %d' % used)
    for k in range(1, 6):
        img, truth, used = make_case(used + 1, 192)
        write(a.out, 'case-%d' % k, img, truth)
        print('case-%d: seed %d, %d px' % (k, used, int(truth.sum())))


if __name__ == '__main__':
    main()
