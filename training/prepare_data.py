"""Build the compact training / evaluation caches for interactive-2d (the only script that needs
nibabel; the training machine reads the .npz files alone).

  /usr/bin/python3 training/prepare_data.py [--data /work/shared/data] [--out training/cache]

Writes
  train.npz  training material (never contains held-out data):
             ch2 (Colin27 T1) + aal (116 regions) + brodmann, on the same 1 mm grid: slices along all
             three axes at training time; spinal cord t1w + manual cord mask (all axes); t2s +
             grey-matter mask (axial); nuclei image and instance labels, LEFT half only (x < 256).
  eval.npz   held out, never trained on: the whole spleen CT + mask (axial slices), the whole
             spinal cord t2 + cord mask (axial slices), nuclei RIGHT half (x >= 256).
"""
import argparse
import os

import nibabel as nib
import numpy as np
import tifffile


def load(path, dtype=None):
    img = nib.load(path)
    d = np.asanyarray(img.dataobj)
    if dtype is not None:
        d = d.astype(dtype)
    return d, img


def to_ras(d, img):
    """Reorient a volume to RAS axis order (axis 2 = superior: axial slices are [:, :, k])."""
    ornt = nib.orientations.io_orientation(img.affine)
    return nib.orientations.apply_orientation(d, ornt)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/work/shared/data')
    ap.add_argument('--mricron', default='/usr/share/mricron/templates')
    ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cache'))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    D = a.data

    ch2, ch2i = load(os.path.join(a.mricron, 'ch2.nii.gz'), np.uint8)
    aal, _ = load(os.path.join(a.mricron, 'aal.nii.gz'), np.uint8)
    assert ch2.shape == aal.shape
    train = {'ch2': to_ras(ch2, ch2i), 'aal': to_ras(aal, ch2i)}
    bp = os.path.join(a.mricron, 'brodmann.nii.gz')
    if os.path.exists(bp):
        bro, broi = load(bp, np.uint8)
        if bro.shape == ch2.shape:
            train['brodmann'] = to_ras(bro, broi)

    sc = os.path.join(D, 'sct-spinalcord')
    t1, t1i = load(os.path.join(sc, 't1w.nii.gz'), np.int16)
    t1s, _ = load(os.path.join(sc, 't1w_seg-manual.nii.gz'), np.uint8)
    train['t1w'] = to_ras(t1, t1i)
    train['t1w_cord'] = to_ras(t1s, t1i)
    t2s, t2si = load(os.path.join(sc, 't2s.nii.gz'), np.float32)
    gm, _ = load(os.path.join(sc, 't2s_gmseg_manual.nii.gz'))
    train['t2s'] = to_ras(t2s, t2si).astype(np.float32)
    train['t2s_gm'] = (to_ras(gm, t2si) > 0).astype(np.uint8)

    nd = os.path.join(D, 'dsb2018-nuclei')
    nimg = tifffile.imread(os.path.join(nd, 'img2d.tif'))
    nlab = tifffile.imread(os.path.join(nd, 'mask2d.tif')).astype(np.int32)
    half = nimg.shape[1] // 2
    left_img, left_lab = nimg[:, :half].copy(), nlab[:, :half].copy()
    # nuclei that cross into the right half are cut: keep them in the image, never as targets
    cross = np.unique(nlab[:, half - 1][nlab[:, half - 1] > 0])
    left_lab[np.isin(left_lab, cross)] = 0
    train['nuc_img'] = left_img.astype(np.uint16)
    train['nuc_lab'] = left_lab.astype(np.uint16)
    np.savez_compressed(os.path.join(a.out, 'train.npz'), **train)

    ev = {}
    sp = os.path.join(D, 'msd-spleen-ct')
    ct, cti = load(os.path.join(sp, 'sub-spleen2_ct.nii.gz'), np.float32)
    cts, _ = load(os.path.join(sp, 'sub-spleen2_ct_seg-manual.nii.gz'), np.uint8)
    ev['spleen_ct'] = np.round(to_ras(ct, cti)).astype(np.int16)
    ev['spleen_seg'] = (to_ras(cts, cti) > 0).astype(np.uint8)
    t2, t2i = load(os.path.join(sc, 't2.nii.gz'), np.int16)
    t2seg, _ = load(os.path.join(sc, 't2_seg-manual.nii.gz'), np.uint8)
    ev['cord_t2'] = to_ras(t2, t2i)
    ev['cord_seg'] = (to_ras(t2seg, t2i) > 0).astype(np.uint8)
    right_lab = nlab[:, half:].copy()
    cross_r = np.unique(nlab[:, half][nlab[:, half] > 0])
    right_lab[np.isin(right_lab, cross_r)] = 0       # evaluate only nuclei wholly in the right half
    ev['nuc_img'] = nimg[:, half:].astype(np.uint16)
    ev['nuc_lab'] = right_lab.astype(np.uint16)
    np.savez_compressed(os.path.join(a.out, 'eval.npz'), **ev)

    for f in ('train.npz', 'eval.npz'):
        p = os.path.join(a.out, f)
        print('%s %.1f MB' % (p, os.path.getsize(p) / 1e6))
    for k, v in list(train.items()) + list(ev.items()):
        print('  %-10s %-14s %s' % (k, v.shape, v.dtype))


if __name__ == '__main__':
    main()
