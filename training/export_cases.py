"""Export 2D held-out (or training) cases from the cache as TIFF files, for measurements made on
the Java side (refinement, cascades): one float32 image and one uint8 truth per object, and a
cases.csv with the object's tight box and interior-most click, as evaluate_interactive2d.py makes them.

  /usr/bin/python3 training/export_cases.py --out /tmp/cases            # held out: training/cache/eval.npz
  /usr/bin/python3 training/export_cases.py --train --out /tmp/tune     # training material, for tuning

Writes into a temporary folder of your choice: never commit what it writes (derived from
/work/shared/data).
"""
import argparse
import os
import sys

import numpy as np
import tifffile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

MIN_PIXELS = 30


def eval_cases(z):
    ct, sp = z['spleen_ct'].astype(np.float32), z['spleen_seg'] > 0
    for k in range(ct.shape[2]):
        if sp[:, :, k].sum() >= MIN_PIXELS:
            yield 'spleen CT', ct[:, :, k], sp[:, :, k]
    t2, cs = z['cord_t2'].astype(np.float32), z['cord_seg'] > 0
    for k in range(t2.shape[2]):
        if cs[:, :, k].sum() >= MIN_PIXELS:
            yield 'cord T2', t2[:, :, k], cs[:, :, k]
    img, lab = z['nuc_img'].astype(np.float32), z['nuc_lab'].astype(np.int32)
    for i in np.unique(lab):
        if i > 0 and (lab == i).sum() >= MIN_PIXELS:
            yield 'nuclei', img, lab == i


def train_cases(z):
    t1, c1 = z['t1w'].astype(np.float32), z['t1w_cord'] > 0
    for k in range(0, t1.shape[2], 2):
        if c1[:, :, k].sum() >= MIN_PIXELS:
            yield 'cord T1 (train)', t1[:, :, k], c1[:, :, k]
    img, lab = z['nuc_img'].astype(np.float32), z['nuc_lab'].astype(np.int32)
    ids = [i for i in np.unique(lab) if i > 0 and (lab == i).sum() >= MIN_PIXELS]
    for i in ids[::2]:
        yield 'nuclei (train)', img, lab == i
    ch2, aal = z['ch2'].astype(np.float32), z['aal']
    rng = np.random.default_rng(7)
    for _ in range(40):
        k = int(rng.integers(50, 130))
        sl, lb = ch2[:, :, k], aal[:, :, k]
        regions = [r for r in np.unique(lb) if r > 0 and (lb == r).sum() >= 60]
        if regions:
            r = regions[int(rng.integers(len(regions)))]
            yield 'brain region (train)', sl, lb == r


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--cache', default=os.path.join(here, 'cache'))
    ap.add_argument('--train', action='store_true', help='export training material (for tuning) instead of held-out data')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    z = np.load(os.path.join(a.cache, 'train.npz' if a.train else 'eval.npz'))
    rows = ['case,set,input,truth,box,click']
    images = {}
    for n, (name, img, truth) in enumerate(train_cases(z) if a.train else eval_cases(z)):
        key = id(img) if name.startswith('nuclei') else None
        if key is not None and key in images:
            image_file = images[key]
        else:
            image_file = 'case-%04d.tif' % n
            tifffile.imwrite(os.path.join(a.out, image_file), img.astype(np.float32))
            if key is not None:
                images[key] = image_file
        truth_file = 'case-%04d-truth.tif' % n
        tifffile.imwrite(os.path.join(a.out, truth_file), truth.astype(np.uint8))
        x, y, w, h = C.tight_box(truth)
        cx, cy = C.interior_point(truth)
        rows.append('%d,%s,%s,%s,%d %d %d %d,%d %d' % (n, name, image_file, truth_file, x, y, w, h, cx, cy))
    with open(os.path.join(a.out, 'cases.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    print('%d cases in %s' % (len(rows) - 1, a.out))


if __name__ == '__main__':
    main()
