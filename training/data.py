"""Training samples for interactive-2d: synthetic scenes and real structures from the .npz cache,
random prompts, encoded exactly as at inference (common.py). numpy + scipy only (no nibabel)."""
import os

import numpy as np
from scipy import ndimage as ndi

import common as C
import synth as E
from synth import nested_scene, synth_scene

SOURCES = (('synth', 0.40), ('atlas', 0.30), ('cord', 0.12), ('nuclei', 0.18))
MODES = (('box', 0.33), ('box_clicks', 0.08), ('click', 0.27), ('clicks', 0.08),
         ('posneg', 0.12), ('scribble', 0.12))
CURRICULA = {
    # the original schedule (the shipped model's first 11.4 minutes)
    None: {'sources': SOURCES, 'modes': MODES, 'remap': 0.0, 'invert': 0.15,
           'cord_zoom': (0.8, 3.0), 'interior': 0.35},
    # click-heavy fine-tuning: more single clicks, more small MR structures (cord t1w/t2s), objects
    # nested in a rim of other brightness, random non-monotonic intensity maps (MR contrasts)
    'click': {'sources': (('synth', 0.40), ('nested', 0.15), ('atlas', 0.12), ('cord', 0.18),
                          ('nuclei', 0.15)),
              'modes': (('box', 0.22), ('box_clicks', 0.05), ('click', 0.45), ('clicks', 0.08),
                        ('posneg', 0.10), ('scribble', 0.10)),
              'remap': 0.25, 'invert': 0.25, 'cord_zoom': (0.6, 2.5),
              'interior': 0.5},
    # stage 5 (interactive-2d 0.3.0): the click schedule with more small enclosed structures
    # (cord t1w/t2s and nested scenes) and fewer large synthetic scenes
    'click2': {'sources': (('synth', 0.30), ('nested', 0.20), ('atlas', 0.10), ('cord', 0.25),
                           ('nuclei', 0.15)),
               'modes': (('box', 0.20), ('box_clicks', 0.05), ('click', 0.50), ('clicks', 0.07),
                         ('posneg', 0.10), ('scribble', 0.08)),
               'remap': 0.25, 'invert': 0.30, 'cord_zoom': (0.6, 2.5),
               'interior': 0.5},
    # issue 14 (interactive-2d 0.4.0 candidate): the data engine (training/synth/) mixed with the
    # sources above: label-conditioned synthesis on label maps, pseudo-objects on real unlabelled
    # volumes, part-versus-whole and thin structures; acquisition effects on real images too
    'engine': {'sources': (('synth', 0.10), ('nested', 0.07), ('atlas', 0.08), ('cord', 0.12),
                           ('nuclei', 0.10), ('labsynth', 0.20), ('pseudo', 0.18), ('parts', 0.15)),
               'modes': (('box', 0.28), ('box_clicks', 0.05), ('click', 0.42), ('clicks', 0.07),
                         ('posneg', 0.10), ('scribble', 0.08)),
               'remap': 0.25, 'invert': 0.25, 'cord_zoom': (0.6, 2.5),
               'interior': 0.5, 'degrade': 0.3},
}
CURRICULUM = CURRICULA[None]
ENGINE_SOURCES = ('labsynth', 'pseudo', 'parts')


def use_curriculum(name):
    global CURRICULUM
    CURRICULUM = CURRICULA[name]


def _choice(rng, table):
    names, w = zip(*table)
    w = np.asarray(w, float)
    return names[rng.choice(len(names), p=w / w.sum())]


class RealData:
    def __init__(self, path):
        z = np.load(path)
        self.ch2 = z['ch2'].astype(np.float32)
        self.atlases = [z['aal']] + ([z['brodmann']] if 'brodmann' in z.files else [])
        self.t1w = z['t1w'].astype(np.float32)
        self.t1w_cord = z['t1w_cord'] > 0
        self.t2s = z['t2s'].astype(np.float32)
        self.t2s_gm = z['t2s_gm'] > 0
        self.nuc_img = z['nuc_img'].astype(np.float32)
        self.nuc_lab = z['nuc_lab'].astype(np.int32)
        self.nuc_ids = np.unique(self.nuc_lab)
        self.nuc_ids = self.nuc_ids[self.nuc_ids > 0]
        # slices of the cord volumes that hold enough cord
        self.cord_slices = []
        for ax in range(3):
            areas = self.t1w_cord.sum(axis=tuple(i for i in range(3) if i != ax))
            self.cord_slices += [(ax, int(k)) for k in np.nonzero(areas >= 20)[0]]
        gm_area = self.t2s_gm.sum(axis=(0, 1))
        self.gm_slices = [int(k) for k in np.nonzero(gm_area >= 30)[0]]
        self.path = path
        self._engine = None

    def engine(self):
        """The data engine's sources (synth.engine.Engine), over engine.npz beside the cache."""
        if self._engine is None:
            from synth.engine import Engine
            e = os.path.join(os.path.dirname(self.path), 'engine.npz')
            self._engine = Engine(self.path, e if os.path.exists(e) else None)
        return self._engine

    @staticmethod
    def _slice(vol, ax, k):
        return np.ascontiguousarray(vol[(slice(None),) * ax + (k,)])

    def atlas(self, rng):
        atl = self.atlases[0] if (len(self.atlases) == 1 or rng.random() < 0.7) else self.atlases[1]
        for _ in range(20):
            ax = int(rng.integers(3))
            n = atl.shape[ax]
            k = int(rng.integers(int(0.15 * n), int(0.85 * n)))
            lab = self._slice(atl, ax, k).astype(np.int32)
            ids = np.unique(lab)
            ids = ids[ids > 0]
            if ids.size == 0:
                continue
            r = int(rng.choice(ids))
            cc, nc = ndi.label(lab == r)
            sizes = np.bincount(cc.ravel())[1:]
            ok = np.nonzero(sizes >= 30)[0]
            if ok.size == 0:
                continue
            c = int(rng.choice(ok)) + 1
            return self._slice(self.ch2, ax, k), cc == c, lab
        return None

    def cord(self, rng):
        if rng.random() < 0.6 or not self.gm_slices:
            ax, k = self.cord_slices[rng.integers(len(self.cord_slices))]
            img = self._slice(self.t1w, ax, k)
            m = self._slice(self.t1w_cord, ax, k)
        else:
            k = self.gm_slices[rng.integers(len(self.gm_slices))]
            img = self.t2s[:, :, k]
            m = self.t2s_gm[:, :, k]
        cc, nc = ndi.label(m)
        if nc == 0:
            return None
        sizes = np.bincount(cc.ravel())[1:]
        c = int(np.argmax(sizes)) + 1
        return img, cc == c, cc.astype(np.int32)

    def nuclei(self, rng):
        i = int(rng.choice(self.nuc_ids))
        return self.nuc_img, self.nuc_lab == i, self.nuc_lab


_SCENE = {'scene': None, 'left': 0}


def synth_sample(rng, reuse=1):
    """A synthetic scene and one target in it; with reuse > 1 a scene serves that many samples
    (different targets and prompts), which makes data generation faster."""
    if _SCENE['scene'] is None or _SCENE['left'] <= 0:
        _SCENE['scene'] = synth_scene(rng)
        _SCENE['left'] = reuse
    _SCENE['left'] -= 1
    img, lab = _SCENE['scene']
    ids = np.arange(1, lab.max() + 1)
    # prefer objects that touch a neighbour
    touch = []
    for k in ids:
        m = lab == k
        d = ndi.binary_dilation(m)
        touch.append(bool(((lab > 0) & (lab != k) & d).any()))
    touch = np.asarray(touch)
    w = np.where(touch, 3.0, 1.0)
    k = int(rng.choice(ids, p=w / w.sum()))
    return img, lab == k, lab


def nested_sample(rng):
    """An object enclosed by a rim of other brightness (synth.nested_scene); the target is an
    enclosed object, or another object of the scene."""
    img, lab, inner = nested_scene(rng)
    if inner and rng.random() < 0.8:
        k = int(rng.choice(inner))
    else:
        k = int(rng.integers(1, lab.max() + 1))
    return img, lab == k, lab


def crop_zoom(rng, img, mask, lab, zmin=0.6, zmax=1.7, big=False):
    """Zoom the target randomly (or, with big, to 70-230 pixels across: objects that fill or
    overflow a click's 128 x 128 window) and crop around it with a margin that every window
    of the contract stays inside (so the image's own edges stay where they are near)."""
    ys, xs = np.nonzero(mask)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    size = max(y1 - y0, x1 - x0)
    if big:
        z = float(rng.uniform(70, 230)) / size
    else:
        z = float(np.exp(rng.uniform(np.log(zmin), np.log(zmax))))
    z = min(max(z, 6.0 / size), 300.0 / size)
    m = int((max(66, 0.3 * size * z) + 10) / z) + 2
    H, W = mask.shape
    sy = slice(max(0, y0 - m), min(H, y1 + m))
    sx = slice(max(0, x0 - m), min(W, x1 + m))
    img, mask, lab = img[sy, sx], mask[sy, sx], lab[sy, sx]
    if abs(z - 1) > 0.05:
        img = ndi.zoom(img, z, order=1)
        mask = ndi.zoom(mask.astype(np.float32), z, order=1) > 0.5
        lab = ndi.zoom(lab, z, order=0)
        if not mask.any():
            return None
    return img, mask, lab


def augment(rng, img, mask, lab):
    k = int(rng.integers(4))
    img, mask, lab = np.rot90(img, k), np.rot90(mask, k), np.rot90(lab, k)
    if rng.random() < 0.5:
        img, mask, lab = img[:, ::-1], mask[:, ::-1], lab[:, ::-1]
    img = np.ascontiguousarray(img, dtype=np.float32)
    lo, hi = np.percentile(img, [0.5, 99.5])
    img = np.clip((img - lo) / max(hi - lo, 1e-6), 0, 1)
    g = float(np.exp(rng.uniform(np.log(0.6), np.log(1.7))))
    img = img ** g
    cur = CURRICULUM
    if cur['remap'] > 0 and rng.random() < cur['remap']:
        # a random smooth, possibly non-monotonic intensity map (other MR contrasts)
        knots = np.linspace(0, 1, 5)
        vals = np.clip(knots + rng.normal(0, 0.35, 5), 0, 1)
        img = np.interp(img, knots, vals).astype(np.float32)
    if rng.random() < cur['invert']:
        img = 1 - img
    if rng.random() < cur.get('degrade', 0.0):
        img = np.clip(E.degrade(rng, img, p=0.7), 0, None)
    if rng.random() < 0.2:
        img = ndi.gaussian_filter(img, rng.uniform(0.3, 1.2))
    if rng.random() < 0.3:
        img = img + rng.uniform(0.005, 0.06) * rng.standard_normal(img.shape).astype(np.float32)
    return img, np.ascontiguousarray(mask), np.ascontiguousarray(lab)


def _pick_inside(rng, mask, alpha=None, dt=None):
    if dt is None:
        dt = ndi.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    if alpha is None:
        alpha = float(rng.choice([0.0, 1.0, 2.0, 4.0]))
    w = dt.ravel() ** alpha * (dt.ravel() > 0)
    i = int(rng.choice(w.size, p=w / w.sum()))
    return i % mask.shape[1], i // mask.shape[1]


def _pick_negative(rng, mask, lab):
    H, W = mask.shape
    near = ndi.binary_dilation(mask, iterations=int(rng.integers(3, 15))) & ~mask
    other = near & (lab > 0) & (lab != 0)
    cand = other if (other.any() and rng.random() < 0.7) else near
    if not cand.any():
        return None
    ys, xs = np.nonzero(cand)
    i = int(rng.integers(ys.size))
    return int(xs[i]), int(ys[i])


def _scribble(rng, mask, dt):
    inner = dt >= max(1.0, 0.3 * dt.max())
    ys, xs = np.nonzero(inner)
    n = int(rng.integers(2, 5))
    idx = rng.integers(ys.size, size=n)
    s = np.zeros_like(mask)
    for a, b in zip(idx[:-1], idx[1:]):
        L = int(max(abs(ys[a] - ys[b]), abs(xs[a] - xs[b]))) + 1
        t = np.linspace(0, 1, L)
        yy = np.round(ys[a] + t * (ys[b] - ys[a])).astype(int)
        xx = np.round(xs[a] + t * (xs[b] - xs[a])).astype(int)
        s[yy, xx] = True
    if rng.random() < 0.4:
        s = ndi.binary_dilation(s, iterations=int(rng.integers(1, 3)))
    s &= mask
    if not s.any():
        s[ys[idx[0]], xs[idx[0]]] = True
    return s


def make_prompt(rng, mask, lab, mode=None):
    if mode is None:
        mode = _choice(rng, CURRICULUM['modes'])
    ys, xs = np.nonzero(mask)
    dt = np.zeros(mask.shape, np.float64)
    sl = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    dt[sl] = ndi.distance_transform_edt(np.pad(mask[sl], 1))[1:-1, 1:-1]
    H, W = mask.shape
    box, pos, neg, scr = None, [], [], None
    if mode in ('box', 'box_clicks'):
        x, y, w, h = C.tight_box(mask)
        if rng.random() < 0.7:
            sx, sy = 0.05 * w + 0.5, 0.05 * h + 0.5
            x0 = x + int(round(rng.normal(0, sx)))
            x1 = x + w + int(round(rng.normal(0, sx)))
            y0 = y + int(round(rng.normal(0, sy)))
            y1 = y + h + int(round(rng.normal(0, sy)))
            x0, x1 = max(0, min(x0, x1 - 1)), min(W, max(x1, x0 + 1))
            y0, y1 = max(0, min(y0, y1 - 1)), min(H, max(y1, y0 + 1))
            x, y, w, h = x0, y0, max(1, x1 - x0), max(1, y1 - y0)
        box = (x, y, w, h)
        if mode == 'box_clicks':
            if rng.random() < 0.7:
                pos.append(_pick_inside(rng, mask, dt=dt))
            if rng.random() < 0.5:
                p = _pick_negative(rng, mask, lab)
                if p is not None and x <= p[0] < x + w and y <= p[1] < y + h:
                    neg.append(p)
    elif mode == 'click':
        interior = rng.random() < CURRICULUM['interior']
        pos.append(C.interior_point(mask) if interior else _pick_inside(rng, mask, dt=dt))
    elif mode == 'clicks':
        for _ in range(int(rng.integers(2, 6))):
            pos.append(_pick_inside(rng, mask, alpha=float(rng.choice([0.0, 1.0])), dt=dt))
    elif mode == 'posneg':
        for _ in range(int(rng.integers(1, 4))):
            pos.append(_pick_inside(rng, mask, dt=dt))
        for _ in range(int(rng.integers(1, 4))):
            p = _pick_negative(rng, mask, lab)
            if p is not None:
                neg.append(p)
    else:
        scr = _scribble(rng, mask, dt)
        if rng.random() < 0.3:
            p = _pick_negative(rng, mask, lab)
            if p is not None:
                neg.append(p)
    return C.Prompt(box=box, pos=pos, neg=neg, scribble=scr)


def make_sample(rng, real, source=None, reuse=1):
    """-> (x [4,S,S] float32, target [S,S] float32 in [0,1], window [4] float32)"""
    while True:
        src = source or _choice(rng, CURRICULUM['sources'])
        if src == 'nested':
            item = nested_sample(rng)
        elif src == 'synth' or real is None:
            item = synth_sample(rng, reuse)
        elif src == 'atlas':
            item = real.atlas(rng)
        elif src == 'cord':
            item = real.cord(rng)
        elif src in ENGINE_SOURCES:
            item = getattr(real.engine(), src)(rng)
        else:
            item = real.nuclei(rng)
        if item is None:
            continue
        img, mask, lab = item
        mode = _choice(rng, CURRICULUM['modes'])
        big = mode in ('click', 'clicks', 'posneg', 'scribble') and rng.random() < 0.3
        if src not in ('synth', 'nested') or big or rng.random() < 0.5:
            zr = {'synth': (0.7, 1.5), 'nested': (0.7, 1.5), 'parts': (0.7, 1.6),
                  'pseudo': (0.5, 2.0), 'labsynth': (0.5, 2.0),
                  'cord': CURRICULUM['cord_zoom']}.get(src, (0.6, 1.7))
            item = crop_zoom(rng, img, mask, lab, *zr, big=big)
            if item is None:
                continue
            img, mask, lab = item
        if mask.sum() < 12:
            continue
        img, mask, lab = augment(rng, img, mask, lab)
        prompt = make_prompt(rng, mask, lab, mode)
        x, win = C.encode(img, prompt, fast=True)
        t = C.resample_fast(mask.astype(np.float32), win)
        return x, t.astype(np.float32), np.asarray(win, np.float32)


def default_cache():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cache')
