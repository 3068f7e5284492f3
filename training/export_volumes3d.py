"""Export held-out 3D objects for the 3D paths' comparison (interactive-3d from a 3D box against a 2D box on
one slice + `--propagate`), as NIfTI files in RAS axis order (axis 2 = superior, so a stack's slices are
axial, as in the 2D held-out sets) with the voxel spacing kept:

  OUT/volumes/<volume>.nii.gz   the image
  OUT/truths/<object>.nii.gz    the object, 1 inside (uint8)
  OUT/objects.csv               object, volume, voxels, box3d (x,y,w,h,z,d), seed slice z (the axial slice
                                with the most object voxels, the first on ties), box2d (x,y,w,h,z: the tight
                                box there), first and last slice of the object

Objects (training/heldout.md; the macaque rule was fixed before any 3D result was seen, 2026-12-08 03:00 UTC):
- spleen CT: the manual spleen mask (one object); cord T2: the manual cord mask (one object);
- macaque inia19: for each NeuroMaps region in id order, its largest 6-connected component, kept if it has
  >= 1000 voxels (125 mm^3 at 0.5 mm); of the kept, positions 0, 4, 8, ... (27 objects).
No 3D or 2D model was trained on any of these.

  /usr/bin/python3 training/export_volumes3d.py --out training/runs/volumes3d
Never commit what it writes (derived from /work/shared/data and mricron-data).
"""
import argparse
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prepare_data import load, to_ras  # noqa: E402

MIN_VOXELS = 1000
EVERY = 4


def ras_spacing(img):
    ornt = nib.orientations.io_orientation(img.affine)
    zooms = img.header.get_zooms()[:3]
    out = [0.0, 0.0, 0.0]
    for i in range(3):
        out[int(ornt[i, 0])] = float(zooms[i])
    return out


def save(arr, spacing, path):
    img = nib.Nifti1Image(arr, np.diag(list(spacing) + [1.0]))
    img.header.set_xyzt_units('mm')
    nib.save(img, path)


def describe(name, volume, truth):
    xs, ys, zs = np.nonzero(truth)
    x0, y0, z0 = xs.min(), ys.min(), zs.min()
    w, h, d = xs.max() - x0 + 1, ys.max() - y0 + 1, zs.max() - z0 + 1
    per_slice = truth.sum(axis=(0, 1))
    k = int(per_slice.argmax())
    sx, sy = np.nonzero(truth[:, :, k])
    box2d = (sx.min(), sy.min(), sx.max() - sx.min() + 1, sy.max() - sy.min() + 1, k)
    return '%s,%s,%d,"%d,%d,%d,%d,%d,%d",%d,"%d,%d,%d,%d,%d",%d,%d' % (
        name, volume, int(truth.sum()), x0, y0, w, h, z0, d, k, *box2d, z0, z0 + d - 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/work/shared/data')
    ap.add_argument('--mricron', default='/usr/share/mricron/templates')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    for d in ('volumes', 'truths'):
        os.makedirs(os.path.join(a.out, d), exist_ok=True)
    rows = ['object,volume,voxels,box3d,seed_slice,box2d,first_slice,last_slice']
    sources = (
        ('spleen-ct', os.path.join(a.data, 'msd-spleen-ct', 'sub-spleen2_ct.nii.gz'),
         os.path.join(a.data, 'msd-spleen-ct', 'sub-spleen2_ct_seg-manual.nii.gz')),
        ('cord-t2', os.path.join(a.data, 'sct-spinalcord', 't2.nii.gz'),
         os.path.join(a.data, 'sct-spinalcord', 't2_seg-manual.nii.gz')),
        ('macaque-t1', os.path.join(a.mricron, 'inia19-t1-brain.nii.gz'),
         os.path.join(a.mricron, 'inia19-NeuroMaps.nii.gz')))
    for name, image, labels in sources:
        v, vi = load(image, np.float32)
        lab, _ = load(labels, np.int32)
        v, lab, sp = to_ras(v, vi).astype(np.float32), to_ras(lab, vi), ras_spacing(vi)
        save(v, sp, os.path.join(a.out, 'volumes', name + '.nii.gz'))
        if name != 'macaque-t1':
            objects = [(name, lab > 0)]
        else:
            kept = []
            for i, sl in enumerate(ndi.find_objects(lab)):
                if sl is None:
                    continue
                cc, _ = ndi.label(lab[sl] == i + 1)  # 6-connected
                sizes = np.bincount(cc.ravel())
                sizes[0] = 0
                if sizes.max() >= MIN_VOXELS:
                    t = np.zeros(lab.shape, bool)
                    t[sl] = cc == int(sizes.argmax())
                    kept.append(('macaque-region-%03d' % (i + 1), t))
            objects = kept[0::EVERY]
        for obj, truth in objects:
            save(truth.astype(np.uint8), sp, os.path.join(a.out, 'truths', obj + '.nii.gz'))
            rows.append(describe(obj, name, truth))
    with open(os.path.join(a.out, 'objects.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    print('%d objects in %s' % (len(rows) - 1, a.out))


if __name__ == '__main__':
    main()
