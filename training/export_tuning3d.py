"""Export the TUNING 3D objects for propagation's stopping rules (issue 14): training material of interactive-2d
only (training/heldout.md), never inia19/NeuroMaps, the spleen or the cord T2. In RAS axis order (axial slices):

  OUT/volumes/ch2.nii.gz        mricron-data's Colin27 T1 (ch2)
  OUT/truths/<object>.nii.gz    the object, 1 inside (uint8)
  OUT/objects.csv               as training/export_volumes3d.py (object, volume, voxels, box3d, seed_slice, box2d,
                                first_slice, last_slice)

Objects (rule fixed before any result, 2026-12-08 03:25 UTC): every AAL label (1..116) and every Brodmann label of
mricron-data on ch2, each its largest 6-connected component, kept if >= 1000 voxels (1 mm^3 each). The cord t1w and
t2s grey-matter volumes and synthetic objects are added by PropagationEndsBenchmark itself.

  /usr/bin/python3 training/export_tuning3d.py --out training/runs/tuning3d
Never commit what it writes.
"""
import argparse
import os
import sys

import numpy as np
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prepare_data import load, to_ras  # noqa: E402
from export_volumes3d import ras_spacing, save, describe  # noqa: E402

MIN_VOXELS = 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mricron', default='/usr/share/mricron/templates')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    for d in ('volumes', 'truths'):
        os.makedirs(os.path.join(a.out, d), exist_ok=True)
    rows = ['object,volume,voxels,box3d,seed_slice,box2d,first_slice,last_slice']
    v, vi = load(os.path.join(a.mricron, 'ch2.nii.gz'), np.float32)
    sp = ras_spacing(vi)
    save(to_ras(v, vi).astype(np.float32), sp, os.path.join(a.out, 'volumes', 'ch2.nii.gz'))
    for atlas in ('aal', 'brodmann'):
        lab, li = load(os.path.join(a.mricron, atlas + '.nii.gz'), np.int32)
        lab = to_ras(lab, li)
        for i, sl in enumerate(ndi.find_objects(lab)):
            if sl is None:
                continue
            cc, _ = ndi.label(lab[sl] == i + 1)  # 6-connected
            sizes = np.bincount(cc.ravel())
            sizes[0] = 0
            if sizes.max() < MIN_VOXELS:
                continue
            t = np.zeros(lab.shape, bool)
            t[sl] = cc == int(sizes.argmax())
            obj = '%s-%03d' % (atlas, i + 1)
            save(t.astype(np.uint8), sp, os.path.join(a.out, 'truths', obj + '.nii.gz'))
            rows.append(describe(obj, 'ch2', t))
    with open(os.path.join(a.out, 'objects.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    print('%d objects in %s' % (len(rows) - 1, a.out))


if __name__ == '__main__':
    main()
