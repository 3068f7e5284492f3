"""Part-versus-whole and thin structures on purpose: an organ with vessels (tubes), rings,
small blobs and a nested lobe inside it, a crescent hugging its outside, in a scene of other
tissue. The target is a part (the vessel, the ring, the 3 px blob, the crescent) or the whole
(the organ together with what lies inside it), so that a click or a box has to tell them apart."""
import numpy as np
from scipy import ndimage as ndi

from .render import render_labels
from .scenes import _star_object, synth_labels


def tube(rng, H, W, start, length, width):
    """A smooth random curve of the given width (pixels) from start, as a bool mask."""
    y, x = start
    th = rng.uniform(0, 2 * np.pi)
    curl = rng.uniform(0, 0.25)
    pts = []
    for _ in range(int(length)):
        pts.append((y, x))
        th += rng.normal(0, curl)
        y += np.sin(th)
        x += np.cos(th)
    line = np.zeros((H, W), bool)
    for py, px in pts:
        iy, ix = int(round(py)), int(round(px))
        if 0 <= iy < H and 0 <= ix < W:
            line[iy, ix] = True
    if not line.any():
        return line
    d = ndi.distance_transform_edt(~line)
    return d <= width / 2.0


def ring(yy, xx, cy, cx, r, thick):
    d = np.hypot(yy - cy, xx - cx)
    return (d < r) & (d >= r - thick), d < r - thick


def parts_scene(rng, size=None):
    """-> (image, labels, targets): targets is a list of (kind, bool mask), kind 'part', 'whole'
    or 'crescent'."""
    if size is None:
        H = int(rng.choice([64, 96, 128, 160, 192, 256]))
        W = int(np.clip(H * rng.uniform(0.75, 1.33), 56, 288))
    else:
        H, W = size
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    lab = np.zeros((H, W), np.int32)
    if rng.random() < 0.7:   # surrounding tissue
        ctx = synth_labels(rng, H, W, int(rng.integers(2, 7)), float(rng.uniform(6, min(H, W) / 4)))
        lab[ctx > 0] = ctx[ctx > 0] + 100
    R = float(min(H, W) * rng.uniform(0.18, 0.48))
    cy, cx = H / 2 + rng.normal(0, H / 12), W / 2 + rng.normal(0, W / 12)
    organ = _star_object(rng, yy, xx, cy, cx, R)
    lab[organ] = 1
    targets = []
    parts = np.zeros((H, W), bool)
    nxt = 2
    dt = ndi.distance_transform_edt(np.pad(organ, 1))[1:-1, 1:-1]
    inside = np.argwhere(dt > 3)
    for _ in range(int(rng.integers(1, 5))):
        if inside.size == 0:
            break
        py, px = inside[rng.integers(len(inside))]
        kind = rng.choice(['tube', 'ring', 'blob', 'lobe'], p=[0.4, 0.2, 0.25, 0.15])
        if kind == 'tube':
            m = tube(rng, H, W, (py, px), rng.uniform(0.5, 2.5) * R, rng.uniform(1, 5))
            if rng.random() < 0.7:
                m &= organ
        elif kind == 'ring':
            r = float(rng.uniform(4, max(5, 0.5 * dt[py, px] + 4)))
            m, core = ring(yy, xx, py, px, r, rng.uniform(1.5, max(2, 0.45 * r)))
            if core.any():
                lab[core & organ] = nxt   # the ring's content: its own brightness
                nxt += 1
        elif kind == 'blob':
            r = float(rng.uniform(1.2, 4))
            m = np.hypot(yy - py, xx - px) < r
        else:
            m = _star_object(rng, yy, xx, py, px, float(rng.uniform(0.2, 0.5) * R)) & organ
        m &= ~parts
        if m.sum() < 5:
            continue
        lab[m] = nxt
        nxt += 1
        parts |= m
        cc, nc = ndi.label(m)
        big = np.bincount(cc.ravel())
        big[0] = 0
        targets.append(('part', cc == int(big.argmax())))
    whole = organ | (parts & ndi.binary_fill_holes(organ))
    targets.append(('whole', ndi.binary_fill_holes(whole) & (organ | parts)))
    if rng.random() < 0.6:   # a crescent that hugs the organ's outside (a lobe at the dome)
        w = float(rng.uniform(2, max(3, 0.25 * R)))
        shell = (ndi.distance_transform_edt(~organ) <= w) & ~organ
        t = rng.uniform(0, 2 * np.pi)
        side = (yy - cy) * np.sin(t) + (xx - cx) * np.cos(t) > R * rng.uniform(-0.2, 0.5)
        cres = shell & side
        if cres.sum() >= 8:
            lab[cres] = nxt
            nxt += 1
            targets.append(('crescent', cres))
    ids = [k for k in range(1, nxt)]
    img = render_labels(rng, lab, targets=ids, min_contrast=0.06)
    return img, lab, targets
