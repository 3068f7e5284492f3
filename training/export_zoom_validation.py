"""Export small objects from TRAINING material (never the held-out sets of training/heldout.md) as
folder pairs for `condseg evaluate-prompts`, to choose the click zoom of interactive-2d (issue 14):

  aal       AAL regions on ch2 (mricron-data), axial slices: for each region, the slice (above its
            largest one) where its largest 4-connected component is closest to 40 px, and the slice
            where it is closest to 150 px (objects of 5 .. 400 px only; one
            object per slice)
  cord      t1w cord (axial slices) and t2s grey matter (axial slices) of sct-spinalcord, every
            second slice holding >= 5 px of the object (its largest component)
  nuclei    the LEFT half of the nuclei image: every second nucleus of >= 5 px

  /usr/bin/python3 training/export_zoom_validation.py --cache CACHE --out DIR

CACHE holds train.npz (training/prepare_data.py). Writes DIR/<set>/images/case-NNNN.tif (float32),
DIR/<set>/truths/case-NNNN.tif (uint8) and DIR/objects.csv (set, case, area_px). The selection is by
rule alone, fixed before any result. Never commit what it writes.
"""
import argparse
import os

import numpy as np
import tifffile
from scipy import ndimage


def largest(mask):
    lab, n = ndimage.label(mask)  # 4-connected in 2D
    if n == 0:
        return mask
    sizes = ndimage.sum(mask, lab, range(1, n + 1))
    return lab == (1 + int(np.argmax(sizes)))


def aal(d):
    img, lab = d['ch2'], d['aal']
    out = []
    for r in np.unique(lab):
        if r == 0:
            continue
        m = lab == r
        areas = m.sum(axis=(0, 1))
        top = int(np.argmax(areas))
        cand = {}
        for k in range(top, lab.shape[2]):
            if areas[k] == 0:
                break
            c = largest(m[:, :, k])
            cand[k] = c
        chosen = set()
        for target in (40, 150):
            best = min(cand, key=lambda k: abs(int(cand[k].sum()) - target))
            c = cand[best]
            if best not in chosen and 5 <= c.sum() <= 400:
                chosen.add(best)
                out.append((img[:, :, best].T.astype(np.float32), c.T))
    return out


def cord(d):
    out = []
    for im, ob in (('t1w', 't1w_cord'), ('t2s', 't2s_gm')):
        img, lab = d[im], d[ob] > 0
        ks = [k for k in range(lab.shape[2]) if lab[:, :, k].sum() >= 5]
        for k in ks[::2]:
            out.append((img[:, :, k].T.astype(np.float32), largest(lab[:, :, k]).T))
    return out


def nuclei(d):
    img, lab = d['nuc_img'].astype(np.float32), d['nuc_lab']
    ids = [i for i in np.unique(lab) if i > 0 and (lab == i).sum() >= 5]
    return [(img, largest(lab == i)) for i in ids[::2]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cache', required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    d = np.load(os.path.join(a.cache, 'train.npz'))
    rows = ['set,case,area_px']
    for name, objs in (('aal', aal(d)), ('cord', cord(d)), ('nuclei', nuclei(d))):
        os.makedirs(os.path.join(a.out, name, 'images'), exist_ok=True)
        os.makedirs(os.path.join(a.out, name, 'truths'), exist_ok=True)
        for i, (img, t) in enumerate(objs):
            case = 'case-%04d' % i
            tifffile.imwrite(os.path.join(a.out, name, 'images', case + '.tif'), np.ascontiguousarray(img))
            tifffile.imwrite(os.path.join(a.out, name, 'truths', case + '.tif'), np.ascontiguousarray(t.astype(np.uint8)))
            rows.append('%s,%s,%d' % (name, case, int(t.sum())))
        print(name, len(objs))
    with open(os.path.join(a.out, 'objects.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')


if __name__ == '__main__':
    main()
