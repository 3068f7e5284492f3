#!/usr/bin/env python3
"""Fixtures of the interactive-3d contract, made by training/common3d.py (the code that trains the
model), for the Java tests:

  test-data/encoding3d/volume.npy          a small synthetic volume, float32 [z, y, x]
  test-data/encoding3d/<case>.npy          the encoded input [4, Mz, My, Mx] of each prompt below,
                                           with a smaller window (WINDOW) so the files stay small
  test-data/volume3d/case-<k>-image.npy    held-out synthetic volumes (seeds >= 50 000 000), uint16
  test-data/volume3d/case-<k>-truth.npy    the prompted object, uint8
  test-data/volume3d/case-<k>-prompt.txt   "box x,y,z,w,h,d", "point x,y,z" and "spacing sx,sy,sz"

Run: /usr/bin/python3 test-data/make_volume_fixtures.py   (numpy, scipy)
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'training'))
import common3d as C  # noqa: E402
import synth3d  # noqa: E402

# box_side, box_scale, box_margin, min_side, click_zoom, click_side, click_scale, click_margin
WINDOW = (20.0, 1.25, 4.0, 8, 1.5, 24, 1.5, 16.0)

CASES = {
    # name: (spacing, box, positive clicks, negative clicks)
    'box': ((1, 1, 1), (9, 7, 4, 17, 15, 11), [], []),
    'box-aniso': ((0.8, 0.8, 2.5), (9, 7, 4, 17, 15, 11), [], []),
    'click': ((1, 1, 1), None, [(17, 15, 10)], []),
    'clicks': ((0.7, 0.7, 2.0), None, [(17, 15, 10), (22, 20, 12)], [(5, 30, 3)]),
    'box-clicks': ((1, 1, 1), (9, 7, 4, 17, 15, 11), [(17, 15, 10)], [(12, 9, 6)]),
    'edge-click': ((1, 1, 1), None, [(1, 34, 22)], []),
}


def with_window(params):
    names = ('BOX_SIDE', 'BOX_SCALE', 'BOX_MARGIN', 'MIN_SIDE', 'CLICK_ZOOM', 'CLICK_SIDE', 'CLICK_SCALE', 'CLICK_MARGIN')
    old = {n: getattr(C, n) for n in names}
    for n, v in zip(names, params):
        setattr(C, n, v)
    return old


def encoding():
    out = os.path.join(HERE, 'encoding3d')
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    lab = synth3d.synth_labels(rng, (24, 36, 40), 4, 7.0)
    vol = (1000 * synth3d.synth_render(rng, lab)).astype(np.float32)
    np.save(os.path.join(out, 'volume.npy'), vol)
    old = with_window(WINDOW)
    for name, (sp, box, pos, neg) in CASES.items():
        x, win = C.encode(vol, C.Prompt(box=box, pos=pos, neg=neg), sp)
        np.save(os.path.join(out, name + '.npy'), x.astype(np.float32))
        print(name, win, x.shape)
    with_window(old.values())


def volumes(n=3):
    out = os.path.join(HERE, 'volume3d')
    os.makedirs(out, exist_ok=True)
    k, seed = 0, 50_000_000
    while k < n:
        img, lab, sp = synth3d.synth_volume(np.random.default_rng(seed))
        seed += 1
        if sp != (1.0, 1.0, 1.0):
            continue
        # the object with the largest box: its window is bigger than one 48^3 tile
        best = max(range(1, lab.max() + 1), key=lambda j: max(C.tight_box(lab == j)[3:]))
        m = lab == best
        box = C.tight_box(m)
        if max(box[3:]) < 36:
            continue
        k += 1
        lo, hi = np.percentile(img, [0.1, 99.9])
        u16 = np.clip((img - lo) / (hi - lo) * 60000 + 1000, 0, 65535).astype(np.uint16)
        np.save(os.path.join(out, 'case-%d-image.npy' % k), u16)
        np.save(os.path.join(out, 'case-%d-truth.npy' % k), m.astype(np.uint8))
        with open(os.path.join(out, 'case-%d-prompt.txt' % k), 'w') as f:
            f.write('box %s\npoint %s\nspacing 1,1,1\nseed %d\n' % (
                ','.join(map(str, box)), ','.join(map(str, C.interior_point(m))), seed - 1))
        print('case', k, 'seed', seed - 1, img.shape, 'box', box, C.window(C.Prompt(box=box), (1, 1, 1)))


if __name__ == '__main__':
    encoding()
    volumes()
