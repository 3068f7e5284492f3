"""Build the compact training / evaluation caches for interactive-2d (the only script that needs
nibabel; the training machine reads the .npz files alone).

  /usr/bin/python3 training/prepare_data.py [--data /work/shared/data] [--out training/cache]

Writes
  train.npz  training material (never contains held-out data):
             ch2 (Colin27 T1) + aal (116 regions) + brodmann, on the same 1 mm grid: slices along all
             three axes at training time; spinal cord t1w + manual cord mask (all axes); t2s +
             grey-matter mask (axial); nuclei image and instance labels, LEFT half only (x < 256).
  eval.npz   held out, never trained on: the whole spleen CT + mask (axial slices), the whole
             spinal cord t2 + cord mask (axial slices), nuclei RIGHT half (x >= 256), the inia19
             macaque T1 + NeuroMaps regions (training/heldout.md).
  engine.npz training material of the data engine (training/synth/): label maps without images
             (Harvard-Oxford cortical + JHU white matter on MNI 1 mm, AICHA upsampled to 1 mm) and
             real unlabelled volumes for pseudo-objects (niivue-unlabelled: CT_AVM, CT_pitch,
             MR_Gd, spm152; uint8, resampled to isotropic voxels).
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


def isotropic(d, img):
    """RAS volume resampled to isotropic voxels of its finest spacing (linear), as uint8."""
    from scipy import ndimage as ndi
    d = to_ras(np.asarray(d, np.float32), img)
    ornt = nib.orientations.io_orientation(img.affine)
    z = np.asarray(img.header.get_zooms()[:3], float)[ornt[:, 0].astype(int)]
    f = z / z.min()
    if np.any(np.abs(f - 1) > 0.05):
        d = ndi.zoom(d, f, order=1)
    lo, hi = np.percentile(d, [0.5, 99.5])
    return np.round(np.clip((d - lo) / max(hi - lo, 1e-6), 0, 1) * 255).astype(np.uint8)


def engine(a):
    """engine.npz: label maps and unlabelled volumes for training/synth (never held-out data)."""
    out = {}
    ho = os.path.join(a.mricron, 'HarvardOxford-cort-maxprob-thr0-1mm.nii.gz')
    jhu = os.path.join(a.mricron, 'JHU-WhiteMatter-labels-1mm.nii.gz')
    if os.path.exists(ho) and os.path.exists(jhu):
        h, hi = load(ho, np.uint8)
        j, ji = load(jhu, np.uint8)
        h, j = to_ras(h, hi), to_ras(j, ji)
        if h.shape == j.shape:
            out['map_ho_jhu'] = np.where(j > 0, j.astype(np.int16) + 100, h.astype(np.int16))
    ai = os.path.join(a.mricron, 'AICHAmc.nii.gz')
    if os.path.exists(ai):
        from scipy import ndimage as ndi
        d, di = load(ai, np.uint8)
        out['map_aicha'] = ndi.zoom(to_ras(d, di), 2, order=0).astype(np.uint8)
    un = os.path.join(a.data, 'niivue-unlabelled')
    for name in ('CT_AVM', 'CT_pitch', 'MR_Gd', 'spm152'):
        p = os.path.join(un, name + '.nii.gz')
        if os.path.exists(p):
            d, di = load(p, np.float32)
            out['vol_' + name] = isotropic(d, di)
    np.savez_compressed(os.path.join(a.out, 'engine.npz'), **out)
    return out


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
    ia = os.path.join(a.mricron, 'inia19-t1-brain.nii.gz')
    if os.path.exists(ia):
        it1, it1i = load(ia, np.float32)
        ilab, _ = load(os.path.join(a.mricron, 'inia19-NeuroMaps.nii.gz'), np.int16)
        ev['inia_t1'] = to_ras(it1, it1i).astype(np.float32)
        ev['inia_lab'] = to_ras(ilab, it1i).astype(np.int16)
    np.savez_compressed(os.path.join(a.out, 'eval.npz'), **ev)
    engine(a)

    for f in ('train.npz', 'eval.npz', 'engine.npz'):
        p = os.path.join(a.out, f)
        print('%s %.1f MB' % (p, os.path.getsize(p) / 1e6))
    for k, v in list(train.items()) + list(ev.items()):
        print('  %-10s %-14s %s' % (k, v.shape, v.dtype))


if __name__ == '__main__':
    main()
