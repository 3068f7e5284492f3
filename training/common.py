"""The interactive-2d model contract, implemented once (numpy + scipy only).

Coordinates are "edge" pixel coordinates: pixel i covers [i, i+1), its centre is i + 0.5.
Arrays are indexed [y, x]. A window is (Lx, Ly, Wx, Wy): the image region [Lx, Lx+Wx) x [Ly, Ly+Wy)
that is resampled onto the S x S model grid.

Used by training (to build inputs and targets), by evaluation and by the test-data generator, so
that the Java implementation has exactly one reference to match.
"""
import math

import numpy as np
from scipy import ndimage as ndi

S = 128                     # model grid size
SIGMA = 3.0                 # click Gaussian sigma, in model pixels
BOX_SCALE, BOX_MARGIN = 1.25, 4.0
CLICK_MIN_SIDE, CLICK_SCALE, CLICK_MARGIN = 128.0, 1.5, 16.0
P_LO, P_HI = 0.005, 0.995   # normalisation percentiles
THRESHOLD = 0.5


class Prompt:
    """box: (x, y, w, h) integers or None; pos/neg: lists of (x, y) pixel indices;
    scribble: bool mask of the image's shape (positive scribble) or None."""

    def __init__(self, box=None, pos=(), neg=(), scribble=None):
        self.box = None if box is None else tuple(int(v) for v in box)
        self.pos = [(int(x), int(y)) for x, y in pos]
        self.neg = [(int(x), int(y)) for x, y in neg]
        self.scribble = scribble

    def positive_pixels(self):
        """All positive click and scribble pixels, as (x, y) integer arrays."""
        xs = [p[0] for p in self.pos]
        ys = [p[1] for p in self.pos]
        if self.scribble is not None and self.scribble.any():
            sy, sx = np.nonzero(self.scribble)
            xs = list(xs) + list(sx)
            ys = list(ys) + list(sy)
        return np.asarray(xs, dtype=np.int64), np.asarray(ys, dtype=np.int64)

    def __repr__(self):
        n = 0 if self.scribble is None else int(self.scribble.sum())
        return 'Prompt(box=%s, pos=%s, neg=%s, scribble=%d px)' % (self.box, self.pos, self.neg, n)


def window(prompt):
    """(Lx, Ly, Wx, Wy) of the crop that the model sees."""
    if prompt.box is not None:
        x, y, w, h = prompt.box
        cx, cy = x + w / 2.0, y + h / 2.0
        wx, wy = BOX_SCALE * w + BOX_MARGIN, BOX_SCALE * h + BOX_MARGIN
    else:
        xs, ys = prompt.positive_pixels()
        if xs.size == 0:
            raise ValueError('a prompt needs a box, a positive click or a positive scribble')
        x0, x1 = xs.min() + 0.5, xs.max() + 0.5
        y0, y1 = ys.min() + 0.5, ys.max() + 0.5
        cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
        side = max(CLICK_MIN_SIDE, CLICK_SCALE * max(x1 - x0, y1 - y0) + CLICK_MARGIN)
        wx = wy = side
    return (cx - wx / 2.0, cy - wy / 2.0, wx, wy)


def zoom_window(mask, prompt, win, zoom):
    """The click zoom's second window (Java WindowPlanner.zoom), or None: zoom = (below, scale, margin,
    min_side, box); for a prompt of clicks alone (no box, no scribble) whose first mask's longest
    bounding-box side is below `below` x the first window's side (or which is empty), a square centred
    on the mask's box joined with the positive clicks, side max(min_side, scale * extent + margin);
    None where that is not smaller than the first window."""
    if zoom is None or prompt.box is not None or prompt.scribble is not None or not prompt.pos:
        return None
    below, scale, margin, min_side = zoom[:4]
    first = min(win[2], win[3])
    xs0, xs1, ys0, ys1 = [], [], [], []
    if mask.any():
        ys, xs = np.nonzero(mask)
        if max(xs.max() + 1 - xs.min(), ys.max() + 1 - ys.min()) >= below * first:
            return None
        xs0.append(xs.min()); xs1.append(xs.max() + 1); ys0.append(ys.min()); ys1.append(ys.max() + 1)
    for (x, y) in prompt.pos:
        xs0.append(x + 0.5); xs1.append(x + 0.5); ys0.append(y + 0.5); ys1.append(y + 0.5)
    x0, x1, y0, y1 = min(xs0), max(xs1), min(ys0), max(ys1)
    side = max(min_side, scale * max(x1 - x0, y1 - y0) + margin)
    if side >= first:
        return None
    return ((x0 + x1) / 2.0 - side / 2.0, (y0 + y1) / 2.0 - side / 2.0, side, side)


def zoomed_prompt(mask, prompt, zoom):
    """The second pass's prompt: the same clicks, the first mask's box in the box channel with zoom[4]
    (the box is not clipped to in the second pass's postprocess)."""
    if len(zoom) > 4 and zoom[4] and mask.any():
        ys, xs = np.nonzero(mask)
        return Prompt(box=(int(xs.min()), int(ys.min()), int(xs.max() + 1 - xs.min()), int(ys.max() + 1 - ys.min())),
                      pos=prompt.pos, neg=prompt.neg)
    return prompt


def sample_positions(L, W):
    """Continuous pixel index sampled by each model pixel u = 0..S-1 along one axis."""
    return L + (np.arange(S) + 0.5) * W / S - 0.5


def resample(image, win, order=1):
    """Bilinear (order=1) crop onto the S x S grid, clamp-to-edge outside the image."""
    lx, ly, wx, wy = win
    px = sample_positions(lx, wx)
    py = sample_positions(ly, wy)
    gy, gx = np.meshgrid(py, px, indexing='ij')
    return ndi.map_coordinates(np.asarray(image, dtype=np.float64), [gy, gx], order=order,
                               mode='nearest')


def resample_fast(image, win):
    """Same result as resample(order=1), separable and cheaper (used in training)."""
    lx, ly, wx, wy = win
    img = np.asarray(image, dtype=np.float32)
    h, w = img.shape

    def axis(L, Wd, n):
        p = np.clip(sample_positions(L, Wd), 0, n - 1)
        i0 = np.floor(p).astype(np.int64)
        i1 = np.minimum(i0 + 1, n - 1)
        f = (p - i0).astype(np.float32)
        return i0, i1, f

    y0, y1, fy = axis(ly, wy, h)
    x0, x1, fx = axis(lx, wx, w)
    rows = img[y0] * (1 - fy)[:, None] + img[y1] * fy[:, None]
    return rows[:, x0] * (1 - fx)[None, :] + rows[:, x1] * fx[None, :]


def normalize(crop):
    """Clip to the crop's 0.5/99.5 percentiles (order statistics as in the contract), standardise."""
    flat = np.asarray(crop, dtype=np.float64).ravel()
    n = flat.size
    i_lo, i_hi = int(math.floor(P_LO * (n - 1))), int(math.ceil(P_HI * (n - 1)))
    v = np.partition(flat, [i_lo, i_hi])  # the same order statistics as a full sort
    lo, hi = v[i_lo], v[i_hi]
    c = np.clip(np.asarray(crop, dtype=np.float64), lo, hi)
    return ((c - c.mean()) / (c.std() + 1e-6)).astype(np.float32)


def model_coords(px, py, win):
    """Model-grid coordinates (u, v) of the centre of image pixel (px, py)."""
    lx, ly, wx, wy = win
    return (px + 0.5 - lx) * S / wx - 0.5, (py + 0.5 - ly) * S / wy - 0.5


def click_map(points, win):
    out = np.zeros((S, S), np.float32)
    if len(points) == 0:
        return out
    u = np.arange(S, dtype=np.float64)
    for px, py in points:
        uc, vc = model_coords(px, py, win)
        g = np.exp(-((u[None, :] - uc) ** 2 + (u[:, None] - vc) ** 2) / (2 * SIGMA ** 2))
        np.maximum(out, g.astype(np.float32), out=out)
    return out


def scribble_map(scribble, win):
    """Nearest-neighbour resampling: model pixel takes the mask at index round(p) = floor(p + 0.5);
    indices outside the image count as not set."""
    out = np.zeros((S, S), np.float32)
    if scribble is None or not scribble.any():
        return out
    lx, ly, wx, wy = win
    h, w = scribble.shape
    ix = np.floor(sample_positions(lx, wx) + 0.5).astype(np.int64)
    iy = np.floor(sample_positions(ly, wy) + 0.5).astype(np.int64)
    okx = (ix >= 0) & (ix < w)
    oky = (iy >= 0) & (iy < h)
    sub = scribble[np.clip(iy, 0, h - 1)][:, np.clip(ix, 0, w - 1)].astype(bool)
    sub &= oky[:, None] & okx[None, :]
    out[sub] = 1.0
    return out


def box_map(box, win):
    out = np.zeros((S, S), np.float32)
    if box is None:
        return out
    x, y, w, h = box
    lx, ly, wx, wy = win
    cx = lx + (np.arange(S) + 0.5) * wx / S
    cy = ly + (np.arange(S) + 0.5) * wy / S
    inx = (cx >= x) & (cx < x + w)
    iny = (cy >= y) & (cy < y + h)
    out[np.ix_(iny, inx)] = 1.0
    return out


def encode(image, prompt, win=None, fast=False):
    """The [4, S, S] float32 input tensor for one image and prompt; returns (tensor, window)."""
    if win is None:
        win = window(prompt)
    crop = resample_fast(image, win) if fast else resample(image, win)
    x = np.zeros((4, S, S), np.float32)
    x[0] = normalize(crop)
    x[1] = np.maximum(click_map(prompt.pos, win), scribble_map(prompt.scribble, win))
    x[2] = click_map(prompt.neg, win)
    x[3] = box_map(prompt.box, win)
    return x, win


def back_project(prob, win, shape):
    """Probability map on the image: bilinear sample of the model-grid probability at
    u = (i + 0.5 - L) * S / W - 0.5 (clamped) for pixels whose centre lies in the window, else 0."""
    lx, ly, wx, wy = win
    h, w = shape
    ix = np.arange(w)
    iy = np.arange(h)
    inx = (ix + 0.5 >= lx) & (ix + 0.5 < lx + wx)
    iny = (iy + 0.5 >= ly) & (iy + 0.5 < ly + wy)
    out = np.zeros(shape, np.float32)
    if not inx.any() or not iny.any():
        return out
    xs = ix[inx]
    ys = iy[iny]
    u = np.clip((xs + 0.5 - lx) * S / wx - 0.5, 0, S - 1)
    v = np.clip((ys + 0.5 - ly) * S / wy - 0.5, 0, S - 1)
    gv, gu = np.meshgrid(v, u, indexing='ij')
    vals = ndi.map_coordinates(np.asarray(prob, dtype=np.float64), [gv, gu], order=1,
                               mode='nearest')
    out[np.ix_(iny, inx)] = vals
    return out


def postprocess(prob_image, prompt):
    """Threshold 0.5, clip to the box, keep the 4-connected component(s) hit by a positive click or
    scribble pixel, or else the largest component."""
    m = prob_image > THRESHOLD
    if prompt.box is not None:
        x, y, w, h = prompt.box
        clip = np.zeros_like(m)
        clip[max(y, 0):max(y + h, 0), max(x, 0):max(x + w, 0)] = True
        m &= clip
    lab, n = ndi.label(m)  # default structure = 4-connectivity in 2D
    if n == 0:
        return m
    xs, ys = prompt.positive_pixels()
    h, w = m.shape
    ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    hit = np.unique(lab[ys[ok], xs[ok]]) if ok.any() else np.zeros(0, int)
    hit = hit[hit > 0]
    if hit.size:
        return np.isin(lab, hit)
    sizes = np.bincount(lab.ravel())
    sizes[0] = 0
    return lab == int(np.argmax(sizes))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def segment(image, prompt, run_logits, zoom=None):
    """Full pipeline: run_logits maps a float32 [N,4,S,S] batch to [N,1,S,S] logits. zoom: the optional
    click zoom (below, scale, margin, min_side[, box]) of zoom_window (one more call for a small mask)."""
    x, win = encode(image, prompt)
    logits = run_logits(x[None])[0, 0]
    prob = back_project(sigmoid(logits), win, image.shape)
    mask = postprocess(prob, prompt)
    zwin = zoom_window(mask, prompt, win, zoom)
    if zwin is None:
        return mask
    zp = zoomed_prompt(mask, prompt, zoom)
    x2, _ = encode(image, zp, win=zwin)
    prob2 = back_project(sigmoid(run_logits(x2[None])[0, 0]), zwin, image.shape)
    second = postprocess(prob2, Prompt(pos=prompt.pos, neg=prompt.neg))
    return second if second.any() else mask


# ---------------------------------------------------------------------------------- prompts

def tight_box(mask):
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def interior_point(mask):
    """The interior-most pixel (max of the Euclidean distance transform; first in row-major order
    on ties) as (x, y)."""
    dt = ndi.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    i = int(np.argmax(dt))
    return i % mask.shape[1], i // mask.shape[1]


def dice(a, b):
    a = np.asarray(a, bool)
    b = np.asarray(b, bool)
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2.0 * np.logical_and(a, b).sum() / s
