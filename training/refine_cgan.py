"""refine-cgan-2d: the generator of a conditional GAN (pix2pix style, Isola et al. 2017) that refines
a rough prior mask on a 2D image.

Generator: a U-Net (interactive-2d's architecture, started from its weights with the image channel
and the box channel taken for the image and the prior) that maps [image, prior] in a window around
the prior to the refined mask's logits. Discriminator (training only): a PatchGAN over
[image, prior, mask]. Losses: BCE + soft Dice against the truth (the overlap loss) plus a
least-squares adversarial loss (Mao et al. 2017) weighted by --adv.

Rough priors are made by degrading truths: dilation, erosion, shifts, blurring and re-thresholding,
polygon simplification, convex hulls, fitted ellipses, elastic warps, bites and blobs.

The contract (Java: task refine; the reference is here and in common.py):
- objects: each label value k of the prior on a slice is one object;
- window: around the prior's tight box (x, y, w, h): centred, W = 1.5 w + 8, H = 1.5 h + 8
  (aspect not kept), resampled onto 128 x 128 as in common.py;
- input [N, 2, 128, 128]: 0 the image crop clipped to its 0.5/99.5 percentiles and standardised,
  1 the prior (nearest neighbour: model pixel takes the mask at round(p), outside the image 0);
- output logits [N, 1, 128, 128]: sigmoid, back-projected, threshold 0.5, keep the 4-connected
  components that overlap the prior (or the largest); the object keeps its label k.

  /usr/bin/python3 training/refine_cgan.py train --minutes 20
  /usr/bin/python3 training/refine_cgan.py evaluate training/runs/refine-cgan-2d/ckpt.pt
  /usr/bin/python3 training/refine_cgan.py export training/runs/refine-cgan-2d/ckpt.pt
  /usr/bin/python3 training/refine_cgan.py package training/runs/refine-cgan-2d
"""
import argparse
import datetime
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import data as D  # noqa: E402
import family as FM  # noqa: E402
from evaluate_interactive2d import cases  # noqa: E402
from probabilistic import Backbone, INTERACTIVE_ONNX  # noqa: E402

MODEL_ID = 'refine-cgan-2d'
BOX_SCALE, BOX_MARGIN = 1.5, 8.0
EVAL_SEED0 = 60_000_000
VERSION = '0.2.0'
DEGRADATIONS = ('dilate', 'erode', 'shift', 'blur', 'polygon', 'hull', 'ellipse', 'elastic', 'bite', 'blob')


# ------------------------------------------------------------------------------------- contract

def window(prior):
    x, y, w, h = C.tight_box(prior)
    cx, cy = x + w / 2.0, y + h / 2.0
    wx, wy = BOX_SCALE * w + BOX_MARGIN, BOX_SCALE * h + BOX_MARGIN
    return (cx - wx / 2.0, cy - wy / 2.0, wx, wy)


def encode(image, prior, fast=False):
    win = window(prior)
    crop = C.resample_fast(image, win) if fast else C.resample(image, win)
    x = np.zeros((2, C.S, C.S), np.float32)
    x[0] = C.normalize(crop)
    x[1] = C.scribble_map(prior, win)
    return x, win


class Guard:
    """The guard of the refine task (`config.condseg.refine` in rdf.yaml; Java: model.RefineGuard):
    - add_above: a pixel outside the current mask joins it only where the probability is above it;
    - remove_below: a pixel of the current mask stays only where the probability is above it (with both
      at the output threshold, 0.5, this is the unguarded decoder);
    - keep_above: the prior is returned unchanged where the first pass's mask and the prior overlap with
      a Dice of at least keep_above (the model would only nudge the boundary of a prior that is already
      good), None for never;
    - passes: the refined mask is refined again, passes times in all (each pass's window and prior
      channel follow the previous pass's mask)."""

    def __init__(self, add_above=0.5, remove_below=0.5, keep_above=None, passes=1):
        self.add_above, self.remove_below, self.keep_above, self.passes = add_above, remove_below, keep_above, passes

    def __repr__(self):
        return 'Guard(add_above=%s, remove_below=%s, keep_above=%s, passes=%s)' % (
            self.add_above, self.remove_below, self.keep_above, self.passes)


# the guard of the shipped package (config.condseg.refine), chosen on training material: training/results/refine_guard.md
GUARD = Guard(add_above=0.5, remove_below=0.5, keep_above=0.94, passes=2)


def decode(prob, prior, guard=None):
    """Back-projected probability (image grid) + the pass's prior (bool) -> its refined object (bool):
    threshold (the guard's add/remove thresholds), then the 4-connected components that overlap the prior
    (or the largest, where none does)."""
    if guard is None:
        m = prob > C.THRESHOLD
    else:
        m = np.where(prior, prob > guard.remove_below, prob > guard.add_above)
    lab, n = ndi.label(m)
    if n == 0:
        return m
    hit = np.unique(lab[prior & m])
    hit = hit[hit > 0]
    if hit.size:
        return np.isin(lab, hit)
    sizes = np.bincount(lab.ravel())
    sizes[0] = 0
    return lab == int(np.argmax(sizes))


def refine_pass(image, prior, run_logits, guard=None):
    x, win = encode(image, prior)
    prob = C.back_project(C.sigmoid(run_logits(x[None])[0, 0]), win, image.shape)
    return decode(prob, prior, guard)


def refine(image, prior, run_logits, guard=None):
    """The whole pipeline for one object: prior (bool, image grid) -> refined mask (bool)."""
    m = refine_pass(image, prior, run_logits, guard)
    if guard is None:
        return m
    if guard.keep_above is not None and C.dice(m, prior) >= guard.keep_above:
        return prior.copy()
    for _ in range(guard.passes - 1):
        if not m.any():
            break
        m = refine_pass(image, m, run_logits, guard)
    return m


# ---------------------------------------------------------------------------------- degradation

def _fill_polygon(shape, rows, cols):
    from skimage.draw import polygon
    out = np.zeros(shape, bool)
    rr, cc = polygon(rows, cols, shape)
    out[rr, cc] = True
    return out


def degrade_once(rng, m, kind):
    size = max(2.0, float(np.sqrt(m.sum())))
    H, W = m.shape
    if kind == 'dilate':
        return ndi.binary_dilation(m, iterations=int(rng.integers(1, max(2, int(0.15 * size)) + 1)))
    if kind == 'erode':
        e = ndi.binary_erosion(m, iterations=int(rng.integers(1, max(2, int(0.12 * size)) + 1)))
        return e if e.sum() >= 6 else m
    if kind == 'shift':
        d = rng.uniform(0.05, 0.18) * size
        a = rng.uniform(0, 2 * np.pi)
        return ndi.shift(m.astype(np.float32), (d * np.sin(a), d * np.cos(a)), order=0) > 0.5
    if kind == 'blur':
        b = ndi.gaussian_filter(m.astype(np.float32), rng.uniform(0.06, 0.18) * size)
        return b > rng.uniform(0.3, 0.7)
    if kind == 'polygon':
        from skimage.measure import approximate_polygon, find_contours
        cs = find_contours(np.pad(m, 1).astype(np.float32), 0.5)
        if not cs:
            return m
        c = max(cs, key=len) - 1
        p = approximate_polygon(c, tolerance=rng.uniform(0.06, 0.2) * size)
        if len(p) < 3:
            return m
        return _fill_polygon(m.shape, p[:, 0], p[:, 1])
    if kind == 'hull':
        from skimage.morphology import convex_hull_image
        return convex_hull_image(m)
    if kind == 'ellipse':
        from skimage.measure import regionprops
        p = regionprops(m.astype(np.uint8))[0]
        yy, xx = np.mgrid[0:H, 0:W]
        cy, cx = p.centroid
        a, b = max(p.major_axis_length / 2, 1.5), max(p.minor_axis_length / 2, 1.5)
        t = -p.orientation
        s = rng.uniform(0.85, 1.15)
        dy, dx = yy - cy, xx - cx
        u = (dx * np.cos(t) - dy * np.sin(t))
        v = (dx * np.sin(t) + dy * np.cos(t))
        return (v / (a * s)) ** 2 + (u / (b * s)) ** 2 <= 1
    if kind == 'elastic':
        amp = rng.uniform(0.05, 0.15) * size
        g = (max(3, H // 12), max(3, W // 12))
        dy = ndi.zoom(rng.standard_normal(g), (H / g[0], W / g[1]), order=3)[:H, :W]
        dx = ndi.zoom(rng.standard_normal(g), (H / g[0], W / g[1]), order=3)[:H, :W]
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
        return ndi.map_coordinates(m.astype(np.float32), [yy + amp * dy, xx + amp * dx], order=1) > 0.5
    if kind in ('bite', 'blob'):
        ys, xs = np.nonzero(ndi.binary_dilation(m) ^ ndi.binary_erosion(m))
        if ys.size == 0:
            return m
        i = int(rng.integers(ys.size))
        r = rng.uniform(0.15, 0.35) * size
        yy, xx = np.ogrid[0:H, 0:W]
        disc = (yy - ys[i]) ** 2 + (xx - xs[i]) ** 2 <= r * r
        return (m & ~disc) if kind == 'bite' else (m | disc)
    raise ValueError(kind)


def degrade(rng, m, n=None):
    """A rough version of mask m (bool): 1-3 random degradations; kinds names what was done."""
    n = n or int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
    kinds = list(rng.choice(DEGRADATIONS, size=n, replace=False))
    r = m
    for k in kinds:
        r2 = degrade_once(rng, r, k)
        if r2.sum() >= 6:
            r = r2
    return r, kinds


# ----------------------------------------------------------------------------------------- data

def make_item(rng, real, keep=0.05):
    """-> (x [2, S, S], target [S, S] float32 in {0,1}, soft target [S, S])"""
    while True:
        src = D._choice(rng, D.SOURCES)
        if src == 'synth' or real is None:
            item = D.synth_sample(rng)
        elif src == 'atlas':
            item = real.atlas(rng)
        elif src == 'cord':
            item = real.cord(rng)
        else:
            item = real.nuclei(rng)
        if item is None:
            continue
        img, mask, lab = item
        if src != 'synth' or rng.random() < 0.5:
            zr = {'synth': (0.7, 1.5), 'cord': (0.8, 3.0)}.get(src, (0.6, 1.7))
            item = D.crop_zoom(rng, img, mask, lab, *zr)
            if item is None:
                continue
            img, mask, lab = item
        if mask.sum() < 12:
            continue
        img, mask, lab = D.augment(rng, img, mask, lab)
        rough, _ = degrade(rng, mask)
        if rough.sum() < 6 or rng.random() < keep:
            rough = mask.copy()  # a good prior should stay as it is
        x, win = encode(img, rough, fast=True)
        soft = C.resample_fast(mask.astype(np.float32), win)
        return x, (soft > 0.5).astype(np.float32), soft.astype(np.float32)


class Stream(torch.utils.data.IterableDataset):
    def __init__(self, seed, keep=0.05):
        self.seed, self.keep = seed, keep

    def __iter__(self):
        torch.set_num_threads(1)
        info = torch.utils.data.get_worker_info()
        rng = np.random.default_rng([self.seed, 0 if info is None else info.id])
        path = os.path.join(FM.CACHE, 'train.npz')
        real = D.RealData(path) if os.path.exists(path) else None
        while True:
            x, t, s = make_item(rng, real, self.keep)
            yield torch.from_numpy(x), torch.from_numpy(t)[None], torch.from_numpy(s)[None]


# ---------------------------------------------------------------------------------------- models

class Generator(nn.Module):
    def __init__(self, base=12):
        super().__init__()
        self.unet = Backbone(cin=2, base=base)

    def forward(self, x):
        return self.unet.head(self.unet(x))


class PatchGAN(nn.Module):
    """Scores overlapping patches of [image, prior, mask] as real (1) or refined (0)."""

    def __init__(self, base=16):
        super().__init__()

        def c(a, b, s):
            return [nn.Conv2d(a, b, 4, stride=s, padding=1), nn.GroupNorm(4, b) if a != 3 else nn.Identity(),
                    nn.LeakyReLU(0.2, inplace=True)]
        self.net = nn.Sequential(*c(3, base, 2), *c(base, 2 * base, 2), *c(2 * base, 4 * base, 2),
                                 *c(4 * base, 4 * base, 1), nn.Conv2d(4 * base, 1, 4, padding=1))

    def forward(self, x, m):
        return self.net(torch.cat([x, m], 1))


def build(cfg):
    return Generator(base=cfg.get('base', 12))


def load(ckpt):
    ck = torch.load(ckpt, map_location='cpu')
    net = build(ck['meta']['cfg'])
    net.load_state_dict(ck['state'])
    net.eval()
    return net, ck['meta']


# ------------------------------------------------------------------------------------- training

def val_set(n=64, seed=987654321):
    rng = np.random.default_rng(seed)
    real = D.RealData(os.path.join(FM.CACHE, 'train.npz'))
    items = [make_item(rng, real) for _ in range(n)]
    return (torch.from_numpy(np.stack([i[0] for i in items])),
            torch.from_numpy(np.stack([i[1] for i in items]))[:, None])


def batch_dice(m, t):
    return (2 * (m * t).sum((1, 2, 3)) / (m.sum((1, 2, 3)) + t.sum((1, 2, 3)) + 1e-6)).mean()


def train(a):
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    cfg = {'base': 12}
    gen = build(cfg)
    if a.init:
        gen.unet.load_onnx(a.init, in_channels=[0, 3])
        print('generator from', a.init, '(channels image, box -> image, prior)', flush=True)
    disc = PatchGAN()
    before = {'minutes': 0.0, 'steps': 0}
    if a.resume:
        ck = torch.load(a.resume, map_location='cpu')
        gen.load_state_dict(ck['state'])
        disc.load_state_dict(ck['disc'])
        before = {'minutes': ck['meta']['minutes'], 'steps': ck['meta']['steps'], 'previous': ck['meta']}
        print('resumed from %s (%d steps, %.1f min)' % (a.resume, before['steps'], before['minutes']), flush=True)
    nparam = sum(p.numel() for p in gen.parameters())
    og = torch.optim.AdamW(gen.parameters(), lr=a.lr, betas=(0.5, 0.999), weight_decay=1e-4)
    od = torch.optim.AdamW(disc.parameters(), lr=a.lr_d, betas=(0.5, 0.999), weight_decay=1e-4)
    os.makedirs(a.out, exist_ok=True)
    loader = torch.utils.data.DataLoader(Stream(a.seed, a.keep), batch_size=a.batch, num_workers=a.workers,
                                         persistent_workers=a.workers > 0)
    vx, vt = val_set()
    clock = FM.Clock(a.minutes)
    print('generator params %d, discriminator params %d, batch %d, adv weight %g, %.0f min'
          % (nparam, sum(p.numel() for p in disc.parameters()), a.batch, a.adv, a.minutes), flush=True)
    step, hist = 0, []

    def save(final=False):
        meta = {'cfg': cfg, 'steps': before['steps'] + step, 'samples': (before['steps'] + step) * a.batch,
                'minutes': before['minutes'] + clock.elapsed() / 60, 'resumed': bool(a.resume),
                'this_run': {'steps': step, 'minutes': clock.elapsed() / 60}, 'previous': before.get('previous'),
                'params': nparam, 'batch': a.batch, 'lr': a.lr, 'lr_d': a.lr_d, 'adv': a.adv, 'keep': a.keep,
                'init': os.path.relpath(a.init, FM.REPO) if a.init else None, 'torch': torch.__version__,
                'final': final}
        torch.save({'state': gen.state_dict(), 'disc': disc.state_dict(), 'meta': meta},
                   os.path.join(a.out, 'ckpt.pt'))
        FM.save_json(meta, os.path.join(a.out, 'meta.json'))

    gen.train()
    disc.train()
    for x, t, soft in loader:
        if clock.over():
            break
        frac = clock.frac()
        for o, base in ((og, a.lr), (od, a.lr_d)):
            for g in o.param_groups:
                g['lr'] = FM.cosine_lr(base, step, frac)
        logits = gen(x)
        fake = torch.sigmoid(logits)
        # discriminator: truths (soft-edged by the resampling) are real, refined masks are fake
        d_real = disc(x, soft)
        d_fake = disc(x, fake.detach())
        ld = 0.5 * (((d_real - 1) ** 2).mean() + (d_fake ** 2).mean())
        od.zero_grad(set_to_none=True)
        ld.backward()
        od.step()
        # generator: overlap + adversarial
        overlap = F.binary_cross_entropy_with_logits(logits, t) + FM.soft_dice_loss(logits, t)
        adv = ((disc(x, fake) - 1) ** 2).mean()
        lg = overlap + a.adv * adv
        og.zero_grad(set_to_none=True)
        lg.backward()
        og.step()
        step += 1
        hist.append((float(overlap.detach()), float(adv.detach()), float(ld.detach())))
        if clock.due(60):
            gen.eval()
            with torch.no_grad():
                d_ref = float(batch_dice((gen(vx) > 0).float(), vt))
                d_rough = float(batch_dice((vx[:, 1:2] > 0.5).float(), vt))
            gen.train()
            h = np.mean(hist[-50:], 0)
            print('%5.1f min step %5d overlap %.4f adv %.4f disc %.4f | val dice rough %.3f -> refined %.3f'
                  % (clock.elapsed() / 60, step, h[0], h[1], h[2], d_rough, d_ref), flush=True)
        if step % 100 == 0:
            save()
    save(final=True)
    print('done: %d steps, %.1f min' % (step, clock.elapsed() / 60), flush=True)
    os._exit(0)


# ----------------------------------------------------------------------------------- evaluation

def parse_guard(text):
    """'add_above,remove_below,keep_above,passes' ('-' for no keep_above) -> Guard; None or 'none' -> None."""
    if text in (None, '', 'none'):
        return None
    v = text.split(',')
    return Guard(add_above=float(v[0]), remove_below=float(v[1]),
                 keep_above=None if len(v) < 3 or v[2] == '-' else float(v[2]), passes=int(v[3]) if len(v) > 3 else 1)


def evaluate(a):
    torch.set_num_threads(1)
    if a.ckpt.endswith('.onnx'):
        gen = Generator()
        gen.unet.load_onnx(a.ckpt)
        gen.eval()
    else:
        gen, meta = load(a.ckpt)
    guard = parse_guard(a.guard)

    def run(x):
        with torch.no_grad():
            return gen(torch.from_numpy(np.ascontiguousarray(x, np.float32))).numpy()
    res, by_kind = {}, {}
    t0 = time.time()
    i = 0
    for name, img, truth in cases(os.path.join(FM.CACHE, 'eval.npz'), a.synthetic):
        r = res.setdefault(name, {'rough': [], 'refined': []})
        for rep in range(a.repeats):
            rng = np.random.default_rng(EVAL_SEED0 + 1000 * i + rep)
            rough, kinds = degrade(rng, truth)
            d0 = C.dice(rough, truth)
            d1 = C.dice(refine(img.astype(np.float32), rough, run, guard), truth)
            r['rough'].append(d0)
            r['refined'].append(d1)
            for k in kinds:
                by_kind.setdefault(k, []).append(d1 - d0)
        i += 1
    out = {}
    for name, r in res.items():
        out[name] = {'n': len(r['rough']), 'rough_dice': float(np.mean(r['rough'])),
                     'refined_dice': float(np.mean(r['refined'])),
                     'gain': float(np.mean(r['refined']) - np.mean(r['rough'])),
                     'improved_share': float(np.mean(np.asarray(r['refined']) > np.asarray(r['rough'])))}
        print('%-28s n %4d  rough %.3f -> refined %.3f  (gain %+.3f, improved %.0f %%)' % (
            name, out[name]['n'], out[name]['rough_dice'], out[name]['refined_dice'], out[name]['gain'],
            100 * out[name]['improved_share']), flush=True)
    real = [v for k_, v in out.items() if not k_.startswith('synthetic')]
    out['mean of the real sets'] = {k_: float(np.mean([v[k_] for v in real])) for k_ in real[0] if k_ != 'n'}
    out['mean of the real sets']['n'] = sum(v['n'] for v in real)
    out['_gain_by_degradation'] = {k: float(np.mean(v)) for k, v in sorted(by_kind.items())}
    pairs = [(r0, r1) for k_, r in res.items() if not k_.startswith('synthetic') for r0, r1 in zip(r['rough'], r['refined'])]
    strata = {}
    for lo, hi in ((0.0, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        sel = [(r0, r1) for r0, r1 in pairs if lo <= r0 < hi]
        if sel:
            a0, a1 = np.mean(sel, 0)
            strata['%.1f-%.1f' % (lo, min(hi, 1.0))] = {'n': len(sel), 'rough_dice': float(a0), 'refined_dice': float(a1),
                                                       'gain': float(a1 - a0),
                                                       'lowered_share': float(np.mean([r1 < r0 - 0.01 for r0, r1 in sel]))}
    sel = [(r0, r1) for r0, r1 in pairs if r0 < 0.8]
    if sel:
        a0, a1 = np.mean(sel, 0)
        strata['0.0-0.8'] = {'n': len(sel), 'rough_dice': float(a0), 'refined_dice': float(a1), 'gain': float(a1 - a0),
                             'lowered_share': float(np.mean([r1 < r0 - 0.01 for r0, r1 in sel]))}
    for k_, v in strata.items():
        print('real, prior Dice %s: n %d  %.3f -> %.3f (gain %+.3f; lowered by > 0.01: %.0f %%)' % (
            k_, v['n'], v['rough_dice'], v['refined_dice'], v['gain'], 100 * v['lowered_share']))
    out['_real_by_prior_dice'] = strata
    out['_seconds'] = time.time() - t0
    out['_guard'] = repr(guard)
    m = out['mean of the real sets']
    print('mean of the real sets: rough %.3f -> refined %.3f (gain %+.3f); by degradation %s' % (
        m['rough_dice'], m['refined_dice'], m['gain'],
        ', '.join('%s %+.3f' % kv for kv in out['_gain_by_degradation'].items())))
    path = a.json or os.path.join(os.path.dirname(a.ckpt), 'evaluation.json')
    FM.save_json(out, path)
    print('wrote', path)


def export_cases(a):
    """The rough priors evaluate() makes (same seeds), as TIFFs for the Java side: one float32 image, one
    uint8 prior and one uint8 truth per prior, and cases.csv (case, set, input, mask, truth, prior_dice)."""
    import tifffile
    os.makedirs(a.out, exist_ok=True)
    rows, images, i = ['case,set,input,mask,truth,prior_dice'], {}, 0
    for name, img, truth in cases(os.path.join(FM.CACHE, 'eval.npz'), 0):
        # the nuclei share one image (the generator keeps it alive); every other object has its own slice
        key = id(img) if name.startswith('nuclei') else ('slice', i)
        if key not in images:
            images[key] = 'image-%04d.tif' % len(images)
            tifffile.imwrite(os.path.join(a.out, images[key]), img.astype(np.float32))
        for rep in range(a.repeats):
            rng = np.random.default_rng(EVAL_SEED0 + 1000 * i + rep)
            rough, _ = degrade(rng, truth)
            case = 'case-%04d-%d' % (i, rep)
            tifffile.imwrite(os.path.join(a.out, case + '-prior.tif'), rough.astype(np.uint8))
            tifffile.imwrite(os.path.join(a.out, case + '-truth.tif'), truth.astype(np.uint8))
            rows.append('%s,%s,%s,%s,%s,%.6f' % (case, name, images[key], case + '-prior.tif', case + '-truth.tif',
                                                 C.dice(rough, truth)))
        i += 1
    with open(os.path.join(a.out, 'cases.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    print('%d priors in %s' % (len(rows) - 1, a.out))


# --------------------------------------------------------------------------------- export + package

def export(a):
    gen, meta = load(a.ckpt)
    out = a.onnx or os.path.join(FM.REPO, 'models', MODEL_ID, MODEL_ID + '.onnx')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(gen, torch.zeros(1, 2, C.S, C.S), out, input_names=['input'], output_names=['logits'],
                          opset_version=17, do_constant_folding=True,
                          dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
    print('exported %s (%.2f MB)' % (out, FM.check_onnx(out)))


RDF = """\
format_version: 0.5.4
type: model
id: condseg-refine-cgan-2d
name: CondSeg refine-cgan-2d
description: >-
  Generator of a conditional GAN (pix2pix style) that refines a rough prior mask on a 2D image:
  image and prior in, refined mask out, object by object (each label of the prior).
authors:
  - {{name: CondSeg developers}}
maintainers:
  - {{name: CondSeg developers}}
cite:
  - text: "Isola, Zhu, Zhou, Efros. Image-to-Image Translation with Conditional Adversarial Networks. CVPR 2017."
    url: https://arxiv.org/abs/1611.07004
  - text: "Mao et al. Least Squares Generative Adversarial Networks. ICCV 2017."
    url: https://arxiv.org/abs/1611.04076
license: BSD-2-Clause
documentation: README.md
tags: [refinement, cgan, pix2pix, prior-mask, segmentation, 2d, onnx, condseg]
timestamp: "{timestamp}"
version: "{version}"
inputs:
  - id: input
    description: >-
      [N, 2, 128, 128] float32 in a window around one object of the prior (W = 1.5 w + 8, H = 1.5 h + 8
      around its tight box): 0 image crop (bilinear, clamp-to-edge, clipped to its 0.5/99.5
      percentiles, zero mean unit variance); 1 the prior mask (nearest neighbour, 1 inside).
    axes:
      - type: batch
      - type: channel
        channel_names: [image, prior]
      - type: space
        id: y
        size: 128
      - type: space
        id: x
        size: 128
    test_tensor: {{source: test-input.npy, sha256: {sha_in}}}
    data: {{type: float32}}
outputs:
  - id: logits
    description: "[N, 1, 128, 128] float32 logits of the refined object; sigmoid, threshold 0.5."
    axes:
      - type: batch
      - type: channel
        channel_names: [object]
      - type: space
        id: y
        size: 128
      - type: space
        id: x
        size: 128
    test_tensor: {{source: test-output.npy, sha256: {sha_out}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {model_id}.onnx
    sha256: {sha_onnx}
    opset_version: {opset}
config:
  condseg:
    task: refine
    grid: [128, 128]
    coordinates: edge            # pixel i covers [i, i+1)
    window: {{box_scale: 1.5, box_margin: 8, click_min_side: 128, click_scale: 1.5, click_margin: 16}}
    resample: {{image: linear_clamp_to_edge, mask: nearest, back_projection: linear}}
    normalize: {{percentiles: [0.5, 99.5], method: zero_mean_unit_variance}}
    conditions:
      - {{channel: 1, kind: mask, encoding: nearest}}
    output: {{activation: sigmoid, threshold: 0.5}}
    postprocess: {{clip_to_box: false, keep: prompted_component, connectivity: 4}}
    refine: {{add_above: {guard.add_above}, remove_below: {guard.remove_below}, keep_above: {guard.keep_above}, passes: {guard.passes}}}
"""


def package(a):
    run_dir = a.run
    out_dir = os.path.join(FM.REPO, 'models', MODEL_ID)
    onnx_path = os.path.join(out_dir, MODEL_ID + '.onnx')
    gen, meta = load(os.path.join(run_dir, 'ckpt.pt'))
    ev = FM.load_json(os.path.join(run_dir, 'evaluation.json'))
    import tifffile
    d = os.path.join(FM.REPO, 'test-data', 'synthetic')
    img = tifffile.imread(os.path.join(d, 'demo-image.tif')).astype(np.float32)
    truth = tifffile.imread(os.path.join(d, 'demo-truth.tif')) > 0
    rough, kinds = degrade(np.random.default_rng(5), truth, n=2)
    tifffile.imwrite(os.path.join(out_dir, 'sample-prior.tif'), rough.astype(np.uint8), imagej=True)
    x, win = encode(img, rough)
    x = x[None].astype(np.float32)
    with torch.no_grad():
        y = gen(torch.from_numpy(x)).numpy().astype(np.float32)
    np.save(os.path.join(out_dir, 'test-input.npy'), x)
    np.save(os.path.join(out_dir, 'test-output.npy'), y)
    rdf = RDF.format(timestamp=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
                     sha_in=FM.sha256(os.path.join(out_dir, 'test-input.npy')),
                     sha_out=FM.sha256(os.path.join(out_dir, 'test-output.npy')),
                     sha_onnx=FM.sha256(onnx_path), opset=FM.opset_of(onnx_path), model_id=MODEL_ID,
                     version=VERSION, guard=GUARD)
    with open(os.path.join(out_dir, 'rdf.yaml'), 'w') as f:
        f.write(rdf)
    lines = ['| held-out set | rough priors | Dice of the prior | Dice refined | gain | refined better |',
             '|---|---:|---:|---:|---:|---:|']
    for k_, v in ev.items():
        if not k_.startswith('_'):
            lines.append('| %s | %d | %.3f | %.3f | %+.3f | %.0f %% |' % (
                k_, v['n'], v['rough_dice'], v['refined_dice'], v['gain'], 100 * v['improved_share']))
    kinds_line = ', '.join('%s %+.3f' % kv for kv in ev['_gain_by_degradation'].items())
    strata = ['| Dice of the prior | priors | Dice of the prior | Dice refined | gain | lowered by > 0.01 |',
              '|---|---:|---:|---:|---:|---:|']
    for k_, v in ev.get('_real_by_prior_dice', {}).items():
        strata.append('| %s | %d | %.3f | %.3f | %+.3f | %.0f %% |' % (k_, v['n'], v['rough_dice'], v['refined_dice'], v['gain'],
                                                                 100 * v.get('lowered_share', float('nan'))))
    runs, m = [], meta
    while m is not None:
        this = m.get('this_run', {'steps': m['steps'], 'minutes': m['minutes']})
        runs.append('%.1f min, %d steps, adversarial weight %g, truth as prior %d %%' % (
            this['minutes'], this['steps'], m['adv'], round(100 * m.get('keep', 0.05))))
        m = m.get('previous')
    history = '; then '.join(reversed(runs))
    card = open(os.path.join(FM.HERE, 'cards', MODEL_ID + '.md')).read()
    final = os.path.basename(os.path.normpath(run_dir))
    second = ''
    if meta.get('previous'):
        second = ('/usr/bin/python3 training/refine_cgan.py train --minutes 20 --workers 1 --adv %g --keep %g \\\n'
                  '    --resume training/runs/refine-cgan-2d/ckpt.pt --out training/runs/%s\n' % (meta['adv'], meta['keep'], final))
    card = card.format(history=history, second_run=second, final=final, params=meta['params'], size_mb=os.path.getsize(onnx_path) / 1e6, opset=FM.opset_of(onnx_path),
                       minutes=meta['minutes'], steps=meta['steps'], samples=meta['samples'], batch=meta['batch'],
                       adv=meta['adv'], torch=meta['torch'], machine=a.machine or FM.machine_words(),
                       table='\n'.join(lines), kinds=kinds_line, strata='\n'.join(strata), demo_kinds=' + '.join(kinds),
                       demo_rough=C.dice(rough, truth))
    with open(os.path.join(out_dir, 'README.md'), 'w') as f:
        f.write(card)
    FM.save_json(ev, os.path.join(out_dir, 'evaluation.json'))
    print('packaged', out_dir)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train')
    t.add_argument('--minutes', type=float, default=20)
    t.add_argument('--batch', type=int, default=16)
    t.add_argument('--lr', type=float, default=5e-4)
    t.add_argument('--lr-d', type=float, default=5e-4)
    t.add_argument('--adv', type=float, default=0.05)
    t.add_argument('--workers', type=int, default=0)
    t.add_argument('--init', default=INTERACTIVE_ONNX, help="interactive-2d's ONNX file ('' to start from scratch)")
    t.add_argument('--seed', type=int, default=5)
    t.add_argument('--out', default=os.path.join(FM.RUNS, MODEL_ID))
    t.add_argument('--resume', default=None, help='a checkpoint to continue from (a new cosine schedule)')
    t.add_argument('--keep', type=float, default=0.05, help='share of samples whose prior is the truth itself')
    e = sub.add_parser('evaluate')
    e.add_argument('ckpt')
    e.add_argument('--synthetic', type=int, default=50)
    e.add_argument('--repeats', type=int, default=2, help='rough priors per held-out object')
    e.add_argument('--json', default=None)
    e.add_argument('--guard', default=None, help="add_above,remove_below,keep_above,passes ('-': no keep_above); "
                   "default: none (the 0.1.0 decoder)")
    c = sub.add_parser('export-cases', help='the held-out rough priors as TIFFs (for batch + evaluate)')
    c.add_argument('--out', required=True)
    c.add_argument('--repeats', type=int, default=2)
    x = sub.add_parser('export')
    x.add_argument('ckpt')
    x.add_argument('--onnx', default=None)
    p = sub.add_parser('package')
    p.add_argument('run')
    p.add_argument('--machine', default=None)
    a = ap.parse_args()
    {'train': train, 'evaluate': evaluate, 'export-cases': export_cases, 'export': export, 'package': package}[a.cmd](a)


if __name__ == '__main__':
    main()
