"""A 512 x 512 x 300 16-bit synthetic volume for the big-volume measurement (issue 7.3): two touching
irregular 3D objects of similar brightness (the prompted one about 230 x 200 x 150 voxels), a smooth
texture, a bias field and noise, written slab by slab as NIfTI (uint16 image, uint8 truth of the
prompted object) with its tight box and interior point.

  /usr/bin/python3 training/make_big_volume.py --out /tmp/big   (numpy, scipy, nibabel)
"""
import argparse
import os

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi

X, Y, Z = 512, 512, 300


def radius_fn(rng, centre, r, el):
    waves = []
    for _ in range(6):
        k = rng.standard_normal(3)
        k *= rng.uniform(1.5, 4.0) / np.linalg.norm(k)
        waves.append((k, rng.normal(0, 0.12), rng.uniform(0, 2 * np.pi)))

    def inside(zz, yy, xx):
        d = np.stack([(xx - centre[0]) / el[0], (yy - centre[1]) / el[1], (zz - centre[2]) / el[2]], -1)
        rho = np.sqrt((d ** 2).sum(-1)) + 1e-6
        u = d / rho[..., None]
        f = np.ones_like(rho)
        for k, a, ph in waves:
            f += a * np.cos(u @ k + ph)
        return rho < r * f
    return inside


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='/tmp/big')
    ap.add_argument('--seed', type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    obj = radius_fn(rng, (230, 250, 150), 100, (1.15, 1.0, 0.75))
    nb = radius_fn(rng, (395, 270, 140), 70, (0.9, 1.1, 1.0))
    tex = ndi.zoom(rng.standard_normal((38, 64, 64)), (Z / 38, Y / 64, X / 64), order=1)[:Z, :Y, :X]
    bias = ndi.zoom(rng.standard_normal((4, 5, 5)), (Z / 4, Y / 5, X / 5), order=1)[:Z, :Y, :X]
    img = np.zeros((X, Y, Z), np.uint16)   # NIfTI order i, j, k = x, y, z
    truth = np.zeros((X, Y, Z), np.uint8)
    yy, xx = np.mgrid[0:Y, 0:X].astype(np.float32)
    for z in range(Z):
        zz = np.full_like(xx, z)
        m = obj(zz, yy, xx)
        n = nb(zz, yy, xx) & ~m
        v = 1000 + 800 * m + 950 * n + 120 * tex[z] + rng.normal(0, 150, (Y, X))
        v *= 1 + 0.15 * bias[z]
        img[:, :, z] = np.clip(v, 0, 65535).astype(np.uint16).T
        truth[:, :, z] = m.T
    aff = np.eye(4)
    nib.save(nib.Nifti1Image(img, aff), os.path.join(a.out, 'big.nii'))
    nib.save(nib.Nifti1Image(truth, aff), os.path.join(a.out, 'big-truth.nii'))
    xs, ys, zs = np.nonzero(truth)
    box = (xs.min(), ys.min(), zs.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1, zs.max() - zs.min() + 1)
    with open(os.path.join(a.out, 'prompt.txt'), 'w') as f:
        f.write('box %d,%d,%d,%d,%d,%d\n' % box)
        f.write('cli --box %d,%d,%d,%d,%d,%d\n' % (box[0], box[1], box[3], box[4], box[2], box[5]))
        f.write('voxels %d\n' % truth.sum())
    print(open(os.path.join(a.out, 'prompt.txt')).read())


if __name__ == '__main__':
    main()
