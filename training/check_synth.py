"""Self-check of the data engine (training/synth/): every generator, many seeds; shapes, types,
finite values, non-empty targets inside their frame, visible targets, the encoded training sample
of every source, and the time each takes.

  /usr/bin/python3 training/check_synth.py [--n 20] [--png /tmp/engine.png]
"""
import argparse
import os
import sys
import time

import numpy as np
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import data  # noqa: E402
import synth as E  # noqa: E402


def check_item(name, item):
    img, mask, lab = item
    assert img.ndim == 2 and img.shape == mask.shape == lab.shape, name
    assert img.dtype == np.float32 and mask.dtype == bool, (name, img.dtype, mask.dtype)
    assert np.isfinite(img).all(), name
    assert mask.sum() >= 5, name
    # the target differs from its surroundings (a visible boundary), in the mean
    ring = ndi.binary_dilation(mask, iterations=2) & ~mask
    if ring.any():
        return abs(float(img[mask].mean() - img[ring].mean())) / (float(img.std()) + 1e-6)
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=20)
    ap.add_argument('--png')
    a = ap.parse_args()
    rng = np.random.default_rng(12345)
    here = os.path.dirname(os.path.abspath(__file__))
    real = data.RealData(os.path.join(here, 'cache', 'train.npz'))
    eng = real.engine()
    assert eng.volumes, 'engine.npz has no volumes: run prepare_data.py'

    # unit checks of the pieces
    lab = np.zeros((40, 40), np.int32)
    lab[10:30, 10:30] = 1
    lab[18:22, 18:22] = 2
    for s in range(20):
        r = np.random.default_rng(s)
        img = E.render_labels(r, lab, targets=[2], min_contrast=0.06)
        assert img.shape == lab.shape and np.isfinite(img).all()
        d = E.elastic(r, lab)
        assert set(np.unique(d)) <= {0, 1, 2}
    t = E.parts.tube(np.random.default_rng(0), 64, 64, (32, 32), 40, 3)
    assert 30 < t.sum() < 64 * 64 / 2
    rings, core = E.parts.ring(*np.mgrid[0:64, 0:64].astype(np.float32), 32, 32, 10, 3)
    assert rings.sum() > 0 and core.sum() > 0 and not (rings & core).any()
    rg = E.regions(np.random.default_rng(1), np.tile(np.linspace(0, 1, 64), (64, 1)).astype(np.float32), 'otsu')
    assert rg.max() >= 2

    tiles = []
    for name, fn in (('labsynth', eng.labsynth), ('pseudo', eng.pseudo), ('parts', eng.parts)):
        t0, got, cons = time.time(), 0, []
        while got < a.n:
            item = fn(rng)
            if item is None:
                continue
            cons.append(check_item(name, item))
            got += 1
            if len(tiles) < 24 and got <= 8:
                tiles.append(item)
        print('%-9s %5.0f ms/item, target contrast (|mean in - mean around| / std) median %.2f, '
              'share < 0.1: %.2f' % (name, 1000 * (time.time() - t0) / a.n, np.median(cons),
                                      np.mean(np.asarray(cons) < 0.1)))
    kinds = {'part': 0, 'whole': 0, 'crescent': 0}
    sizes = []
    for s in range(40):
        img, lab, targets = E.parts_scene(np.random.default_rng(s))
        for k, m in targets:
            kinds[k] += 1
            sizes.append(int(m.sum()))
    whole = [m for k, m in targets if k == 'whole'][0]
    for k, m in targets:
        if k == 'part' and (m & whole).any():
            assert (m & ~whole).sum() <= m.sum(), 'a part inside the organ lies in the whole'
    print('parts_scene targets', kinds, 'size px min %d median %d max %d'
          % (min(sizes), np.median(sizes), max(sizes)))
    assert kinds['part'] > 0 and kinds['whole'] == 40 and min(sizes) < 30

    data.use_curriculum('engine')
    for src in ('labsynth', 'pseudo', 'parts', 'synth', 'atlas', 'cord', 'nuclei'):
        t0 = time.time()
        for _ in range(a.n):
            x, tt, w = data.make_sample(rng, real, source=src)
            assert x.shape == (4, C.S, C.S) and tt.shape == (C.S, C.S)
            assert np.isfinite(x).all() and tt.max() > 0.5
            assert x[1].max() > 0.5 or x[3].max() > 0.5   # a positive prompt or a box
        print('make_sample %-9s %5.0f ms' % (src, 1000 * (time.time() - t0) / a.n))
    if a.png:
        from skimage import io
        rows = []
        for img, mask, _ in tiles[:24]:
            u = (img - img.min()) / (np.ptp(img) + 1e-6)
            u = np.asarray(ndi.zoom(u, (96 / u.shape[0], 96 / u.shape[1]), order=1))[:96, :96]
            m = ndi.zoom(mask.astype(np.float32), (96 / mask.shape[0], 96 / mask.shape[1]), order=0)[:96, :96] > 0.5
            edge = m & ~ndi.binary_erosion(m)
            rgb = np.stack([u, u, u], -1)
            rgb[edge] = (1, 0, 0)
            rows.append(np.pad(rgb, ((0, 96 - rgb.shape[0]), (0, 96 - rgb.shape[1]), (0, 0))))
        while len(rows) % 8:
            rows.append(np.zeros_like(rows[0]))
        grid = np.concatenate([np.concatenate(rows[i:i + 8], 1) for i in range(0, len(rows), 8)], 0)
        io.imsave(a.png, (grid * 255).astype(np.uint8), check_contrast=False)
        print('wrote', a.png)
    print('ok')


if __name__ == '__main__':
    main()
