"""The interactive-3d model contract, implemented once (numpy + scipy only); Java's
Interactive3dEncoder and Interactive3dSegmenter mirror it.

Volumes are numpy arrays indexed [z, y, x]; spacing is (sx, sy, sz) in physical units (1 where
uncalibrated). Coordinates are "edge" voxel coordinates: voxel i covers [i, i+1), its centre is
i + 0.5. Prompts are given as (x, y, z) voxel indices and boxes as (x, y, z, w, h, d).

The model sees a window around the prompt resampled onto an isotropic grid of spacing g (physical
units per model voxel) with M = (Mx, My, Mz) model voxels:
  box:    g = max(s_min, longest physical box side / BOX_SIDE); the window is centred on the box,
          M_a = max(MIN_SIDE, ceil((BOX_SCALE * n_a * s_a + BOX_MARGIN * g) / g))
  clicks: g = CLICK_ZOOM * s_min; the window is centred on the positive clicks' bounding box,
          M_a = max(CLICK_SIDE, ceil(CLICK_SCALE * e / g + CLICK_MARGIN)), e = longest physical
          extent of the clicks (a cube)
Along axis a, model voxel u samples the continuous voxel index p = L_a + (u + 0.5) * t_a - 0.5,
with t_a = g / s_a voxels per model voxel and L_a = c_a - M_a * t_a / 2 (c_a the window centre).
The network is fully convolutional: a window larger than a tile runs tiled (Gaussian stitching,
mirror padding; config.condseg.tile).
"""
import math

import numpy as np
from scipy import ndimage as ndi

BOX_SIDE = 40.0             # model voxels on the longest (physical) box side, at most
BOX_SCALE, BOX_MARGIN = 1.25, 4.0
MIN_SIDE = 16
CLICK_ZOOM = 1.5            # click windows: g = CLICK_ZOOM * finest spacing
CLICK_SIDE, CLICK_SCALE, CLICK_MARGIN = 64, 1.5, 16.0
SIGMA = 2.0                 # click Gaussian sigma, model voxels
P_LO, P_HI = 0.005, 0.995
THRESHOLD = 0.5
MULTIPLE = 8                # the network pools three times
TILE = 48


class Prompt:
    """box: (x, y, z, w, h, d) or None; pos/neg: lists of (x, y, z) voxel indices."""

    def __init__(self, box=None, pos=(), neg=()):
        self.box = None if box is None else tuple(int(v) for v in box)
        self.pos = [tuple(int(v) for v in p) for p in pos]
        self.neg = [tuple(int(v) for v in p) for p in neg]

    def __repr__(self):
        return 'Prompt(box=%s, pos=%s, neg=%s)' % (self.box, self.pos, self.neg)


class Window:
    """The model grid: start L (voxel units), step t (voxels per model voxel), size M (model
    voxels), all per axis in (x, y, z) order, and the grid spacing g."""

    def __init__(self, L, t, M, g):
        self.L = tuple(float(v) for v in L)
        self.t = tuple(float(v) for v in t)
        self.M = tuple(int(v) for v in M)
        self.g = float(g)

    def __repr__(self):
        return 'Window(L=%s, t=%s, M=%s, g=%r)' % (self.L, self.t, self.M, self.g)


def window(prompt, spacing):
    s = tuple(float(v) for v in spacing)
    smin = min(s)
    if prompt.box is not None:
        x, y, z, w, h, d = prompt.box
        n = (w, h, d)
        lo = (x, y, z)
        longest = max(n[a] * s[a] for a in range(3))
        g = max(smin, longest / BOX_SIDE)
        M = [max(MIN_SIDE, int(math.ceil((BOX_SCALE * n[a] * s[a] + BOX_MARGIN * g) / g))) for a in range(3)]
        c = [lo[a] + n[a] / 2.0 for a in range(3)]
    else:
        if not prompt.pos:
            raise ValueError('a 3D prompt needs a box or a positive click')
        g = CLICK_ZOOM * smin
        lo = [min(p[a] for p in prompt.pos) + 0.5 for a in range(3)]
        hi = [max(p[a] for p in prompt.pos) + 0.5 for a in range(3)]
        e = max((hi[a] - lo[a]) * s[a] for a in range(3))
        side = max(CLICK_SIDE, int(math.ceil(CLICK_SCALE * e / g + CLICK_MARGIN)))
        M = [side, side, side]
        c = [(lo[a] + hi[a]) / 2.0 for a in range(3)]
    t = [g / s[a] for a in range(3)]
    L = [c[a] - M[a] * t[a] / 2.0 for a in range(3)]
    return Window(L, t, M, g)


def positions(win, a):
    """Continuous voxel index sampled by each model voxel along axis a (0 = x, 1 = y, 2 = z)."""
    return win.L[a] + (np.arange(win.M[a]) + 0.5) * win.t[a] - 0.5


def resample(vol, win):
    """Trilinear, clamp-to-edge, separable (per axis: i0 = floor(clamped p), weight p - i0)."""
    v = np.asarray(vol, dtype=np.float64)
    shape = v.shape[::-1]  # (nx, ny, nz)

    def axis(a):
        p = np.clip(positions(win, a), 0, shape[a] - 1)
        i0 = np.floor(p).astype(np.int64)
        i1 = np.minimum(i0 + 1, shape[a] - 1)
        return i0, i1, p - i0

    x0, x1, fx = axis(0)
    y0, y1, fy = axis(1)
    z0, z1, fz = axis(2)
    v = v[z0] * (1 - fz)[:, None, None] + v[z1] * fz[:, None, None]
    v = v[:, y0] * (1 - fy)[None, :, None] + v[:, y1] * fy[None, :, None]
    v = v[:, :, x0] * (1 - fx)[None, None, :] + v[:, :, x1] * fx[None, None, :]
    return v


def normalize(crop):
    flat = np.asarray(crop, dtype=np.float64).ravel()
    n = flat.size
    i_lo, i_hi = int(math.floor(P_LO * (n - 1))), int(math.ceil(P_HI * (n - 1)))
    v = np.partition(flat, [i_lo, i_hi])
    lo, hi = v[i_lo], v[i_hi]
    c = np.clip(np.asarray(crop, dtype=np.float64), lo, hi)
    return ((c - c.mean()) / (c.std() + 1e-6)).astype(np.float32)


def model_coord(p, win, a):
    """Model-grid coordinate of the centre of voxel index p along axis a."""
    return (p + 0.5 - win.L[a]) / win.t[a] - 0.5


def click_map(points, win):
    Mx, My, Mz = win.M
    out = np.zeros((Mz, My, Mx), np.float32)
    ux, uy, uz = (np.arange(m, dtype=np.float64) for m in win.M)
    for p in points:
        cx, cy, cz = (model_coord(p[a], win, a) for a in range(3))
        g = np.exp(-((uz[:, None, None] - cz) ** 2 + (uy[None, :, None] - cy) ** 2
                     + (ux[None, None, :] - cx) ** 2) / (2 * SIGMA ** 2))
        np.maximum(out, g.astype(np.float32), out=out)
    return out


def box_map(box, win):
    Mx, My, Mz = win.M
    out = np.zeros((Mz, My, Mx), np.float32)
    if box is None:
        return out
    lo, n = box[:3], box[3:]
    inside = []
    for a in range(3):
        c = win.L[a] + (np.arange(win.M[a]) + 0.5) * win.t[a]
        inside.append((c >= lo[a]) & (c < lo[a] + n[a]))
    out[np.ix_(inside[2], inside[1], inside[0])] = 1.0
    return out


def encode(vol, prompt, spacing, win=None):
    """The [4, Mz, My, Mx] float32 input (image, positive, negative, box) and the window."""
    if win is None:
        win = window(prompt, spacing)
    x = np.zeros((4,) + tuple(win.M[::-1]), np.float32)
    x[0] = normalize(resample(vol, win))
    x[1] = click_map(prompt.pos, win)
    x[2] = click_map(prompt.neg, win)
    x[3] = box_map(prompt.box, win)
    return x, win


def back_project(prob, win, shape):
    """Probability on the volume (shape [nz, ny, nx]): trilinear sample of the model-grid
    probability at u = clamp((i + 0.5 - L) / t - 0.5, 0, M - 1) for voxels whose centre lies in
    the window [L, L + M t), else 0."""
    out = np.zeros(shape, np.float32)
    sel, coords = [], []
    n = shape[::-1]
    for a in range(3):
        i = np.arange(n[a])
        c = i + 0.5
        ok = (c >= win.L[a]) & (c < win.L[a] + win.M[a] * win.t[a])
        if not ok.any():
            return out
        sel.append(ok)
        coords.append(np.clip((i[ok] + 0.5 - win.L[a]) / win.t[a] - 0.5, 0, win.M[a] - 1))
    p = np.asarray(prob, dtype=np.float64)

    def axis(u, m):
        i0 = np.floor(u).astype(np.int64)
        i1 = np.minimum(i0 + 1, m - 1)
        return i0, i1, u - i0

    x0, x1, fx = axis(coords[0], win.M[0])
    y0, y1, fy = axis(coords[1], win.M[1])
    z0, z1, fz = axis(coords[2], win.M[2])
    v = p[z0] * (1 - fz)[:, None, None] + p[z1] * fz[:, None, None]
    v = v[:, y0] * (1 - fy)[None, :, None] + v[:, y1] * fy[None, :, None]
    v = v[:, :, x0] * (1 - fx)[None, None, :] + v[:, :, x1] * fx[None, None, :]
    out[np.ix_(sel[2], sel[1], sel[0])] = v
    return out


def postprocess(prob, prompt):
    """Threshold, clip to the box, keep the 6-connected component(s) hit by a positive click, or
    else the largest."""
    m = prob > THRESHOLD
    if prompt.box is not None:
        x, y, z, w, h, d = prompt.box
        clip = np.zeros_like(m)
        clip[max(z, 0):max(z + d, 0), max(y, 0):max(y + h, 0), max(x, 0):max(x + w, 0)] = True
        m &= clip
    lab, n = ndi.label(m)
    if n == 0:
        return m
    nz, ny, nx = m.shape
    hit = set()
    for x, y, z in prompt.pos:
        if 0 <= x < nx and 0 <= y < ny and 0 <= z < nz and lab[z, y, x] > 0:
            hit.add(int(lab[z, y, x]))
    if hit:
        return np.isin(lab, sorted(hit))
    sizes = np.bincount(lab.ravel())
    sizes[0] = 0
    return lab == int(np.argmax(sizes))


def pad_to_multiple(x, multiple=MULTIPLE):
    """Mirror-pads the spatial axes of [C, Z, Y, X] at their ends up to a multiple (the Java
    tiling's padding, Views.extendMirrorSingle); returns (padded, original shape)."""
    shape = x.shape[1:]
    pad = [(0, 0)] + [(0, (-s) % multiple) for s in shape]
    return np.pad(x, pad, mode='reflect' if min(shape) > 1 else 'edge'), shape


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def segment(vol, prompt, spacing, run_logits):
    """Whole pipeline in one network call over the window (run_logits: [1,4,Z,Y,X] -> [1,1,Z,Y,X])."""
    x, win = encode(vol, prompt, spacing)
    xp, shape = pad_to_multiple(x)
    logits = run_logits(xp[None])[0, 0][:shape[0], :shape[1], :shape[2]]
    prob = back_project(sigmoid(logits), win, vol.shape)
    return postprocess(prob, prompt), prob


# ---------------------------------------------------------------------------------- prompts

def tight_box(mask):
    zs, ys, xs = np.nonzero(mask)
    return (int(xs.min()), int(ys.min()), int(zs.min()),
            int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1), int(zs.max() - zs.min() + 1))


def interior_point(mask, spacing=(1, 1, 1)):
    """The interior-most voxel (max of the Euclidean distance transform in physical units; first in
    C order [z, y, x] on ties) as (x, y, z)."""
    dt = ndi.distance_transform_edt(np.pad(mask, 1), sampling=tuple(spacing)[::-1])[1:-1, 1:-1, 1:-1]
    z, y, x = np.unravel_index(int(np.argmax(dt)), mask.shape)
    return int(x), int(y), int(z)


def dice(a, b):
    a = np.asarray(a, bool)
    b = np.asarray(b, bool)
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2.0 * np.logical_and(a, b).sum() / s
