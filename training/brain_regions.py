"""brain-regions-2d: a class-conditional segmenter of the 116 AAL regions on axial T1 brain slices.

One network answers "where is region c on this slice?" for any of the 116 regions: a U-Net backbone
computes features once, and a head modulated by the class (one-hot [N, 116] -> embedding -> FiLM,
Perez et al. 2018) turns them into the logits of that region.

  /usr/bin/python3 training/brain_regions.py train --minutes 20 --out training/runs/brain-regions-2d
  /usr/bin/python3 training/brain_regions.py export training/runs/brain-regions-2d/ckpt.pt
  /usr/bin/python3 training/brain_regions.py evaluate training/runs/brain-regions-2d/ckpt.pt
  /usr/bin/python3 training/brain_regions.py package training/runs/brain-regions-2d

Data: Debian mricron-data's Colin27 T1 (ch2.nii.gz, 1 mm) and the AAL atlas on its grid. Axial
slices k (voxel axis 2) in slabs of 8: slabs with (k // 8) % 4 == 2 are held out (never trained on);
they are evaluated as they are, and under random smooth deformations, bias fields and noise from
seeds the training never draws (a stand-in for other heads; no second labelled T1 exists here).

Orientation (the contract): a slice is the voxel array [:, :, k] of a RAS-stored volume as ImageJ
shows it, x = voxel axis i (patient left -> right), y = voxel axis j (posterior -> anterior). As
numpy [y, x] that is vol[:, :, k].T. The image is scaled by the 0.5 / 99.5 percentiles of the whole
volume (bioimage.io scale_range over all slices) and padded at the end to multiples of 16 with 0.
Region names ending in _L lie on the image's left (low x) in this orientation.
"""
import argparse
import datetime
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import family as FM  # noqa: E402
from model import block  # noqa: E402

NCLS = 116
P_LO, P_HI = 0.5, 99.5
MULTIPLE = 16
CANVAS = (224, 192)          # training canvas [y, x]: a padded 217 x 181 axial slice
EVAL_SEED0 = 70_000_000      # deformation seeds of the evaluation; training never draws these
MIN_PIXELS = 30


# ----------------------------------------------------------------------------------------- data

def names(path=os.path.join(FM.MRICRON, 'aal.nii.txt')):
    out = []
    for line in open(path):
        p = line.split()
        if len(p) >= 2:
            out.append((int(p[0]), p[1]))
    out.sort()
    assert [i for i, _ in out] == list(range(1, NCLS + 1)), 'aal.nii.txt does not list regions 1..116'
    return [n for _, n in out]


def mirror_table(nm):
    """Index (0-based) of each region's mirror image (_L <-> _R; the vermis maps to itself)."""
    idx = {n: i for i, n in enumerate(nm)}
    out = []
    for i, n in enumerate(nm):
        if n.endswith('_L'):
            out.append(idx[n[:-2] + '_R'])
        elif n.endswith('_R'):
            out.append(idx[n[:-2] + '_L'])
        else:
            out.append(i)
    return np.asarray(out)


def held_out(k):
    return (k // 8) % 4 == 2


class Brain:
    """ch2 scaled by its volume percentiles, and AAL labels, as axial [y, x] slices."""

    def __init__(self, cache=os.path.join(FM.CACHE, 'train.npz')):
        z = np.load(cache)
        vol = z['ch2'].astype(np.float32)
        self.lo, self.hi = np.percentile(vol, [P_LO, P_HI])
        self.vol = (vol - self.lo) / (self.hi - self.lo + 1e-6)
        self.aal = z['aal'].astype(np.int32)
        per_slice = (self.aal > 0).sum(axis=(0, 1))
        self.slices = [k for k in range(self.aal.shape[2]) if per_slice[k] >= 200]
        self.train = [k for k in self.slices if not held_out(k)]
        self.test = [k for k in self.slices if held_out(k)]
        self.names = names()
        self.mirror = mirror_table(self.names)
        self.present = [np.unique(self.aal[:, :, k]) for k in range(self.aal.shape[2])]

    def nearby(self, k, reach=12):
        """Regions on the axial slices within reach of k (absent from k itself: hard negatives)."""
        ks = range(max(0, k - reach), min(len(self.present), k + reach + 1))
        return np.setdiff1d(np.unique(np.concatenate([self.present[j] for j in ks])), self.present[k])

    def slice(self, k):
        return np.ascontiguousarray(self.vol[:, :, k].T), np.ascontiguousarray(self.aal[:, :, k].T)


def _smooth(rng, shape, sigma):
    n = ndi.gaussian_filter(rng.standard_normal(shape), sigma, mode='reflect')
    return n / (np.abs(n).max() + 1e-9)


def deform(rng, img, lab, strength=1.0, out_shape=CANVAS):
    """Random rotation, anisotropic scale, shift and smooth elastic warp of a slice onto the canvas
    (centred), with bias field, gamma, blur and noise. strength=0 gives the centred slice."""
    H, W = out_shape
    h, w = img.shape
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    cy, cx = (H - 1) / 2, (W - 1) / 2
    ang = np.deg2rad(rng.uniform(-8, 8)) * strength
    sy, sx = np.exp(rng.uniform(-0.1, 0.1, 2) * strength)
    ty, tx = rng.uniform(-8, 8, 2) * strength
    ca, sa = math.cos(ang), math.sin(ang)
    dy, dx = yy - cy - ty, xx - cx - tx
    src_y = (ca * dy - sa * dx) / sy + (h - 1) / 2
    src_x = (sa * dy + ca * dx) / sx + (w - 1) / 2
    if strength > 0:
        amp = rng.uniform(0, 4) * strength
        g = (H // 16 + 1, W // 16 + 1)
        for arr in (src_y, src_x):
            d = ndi.zoom(_smooth(rng, g, 1.0), (H / g[0], W / g[1]), order=3)[:H, :W]
            arr += amp * d
    im = ndi.map_coordinates(img, [src_y, src_x], order=1, mode='constant', cval=0.0).astype(np.float32)
    lb = ndi.map_coordinates(lab, [src_y, src_x], order=0, mode='constant', cval=0).astype(np.int32)
    if strength > 0:
        im = np.clip(im, 0, None)
        im = im ** np.exp(rng.uniform(-0.35, 0.35) * strength)
        im *= np.exp(rng.uniform(-0.15, 0.15) * strength)
        bias = ndi.zoom(_smooth(rng, (6, 6), 1.0), (H / 6, W / 6), order=3)[:H, :W]
        im *= 1 + 0.15 * strength * rng.uniform(0, 1) * bias
        if rng.random() < 0.5:
            im = ndi.gaussian_filter(im, rng.uniform(0.2, 1.0) * strength)
        im += rng.uniform(0, 0.04) * strength * rng.standard_normal(im.shape)
    return im.astype(np.float32), lb


def flip_lr(img, lab, mirror):
    lab2 = lab[:, ::-1].copy()
    fg = lab2 > 0
    lab2[fg] = mirror[lab2[fg] - 1] + 1
    return np.ascontiguousarray(img[:, ::-1]), lab2


def sample(rng, brain, k_classes, absent=1):
    """(image [1, H, W], labels [H, W] int, classes [K] 0-based, targets [K, H, W]); with absent=2
    one of the absent regions is a hard negative, present on a nearby slice."""
    k = int(rng.choice(brain.train))
    img, lab = brain.slice(k)
    hard = brain.nearby(k)
    flipped = rng.random() < 0.5
    if flipped:
        img, lab = flip_lr(img, lab, brain.mirror)
        hard = brain.mirror[hard[hard > 0] - 1] + 1 if hard.size else hard
    img, lab = deform(rng, img, lab, strength=float(rng.uniform(0.3, 1.0)))
    ids, counts = np.unique(lab, return_counts=True)
    keep = (ids > 0) & (counts >= 10)
    ids, counts = ids[keep], counts[keep]
    chosen = []
    if ids.size:
        w = counts ** -0.5
        n = min(k_classes - absent, ids.size)
        chosen = list(rng.choice(ids, size=n, replace=False, p=w / w.sum()) - 1)
    hard = np.setdiff1d(hard[hard > 0], np.unique(lab))
    if absent > 1 and hard.size:
        chosen.append(int(rng.choice(hard)) - 1)
    absent = np.setdiff1d(np.arange(NCLS), np.asarray(chosen, int))
    while len(chosen) < k_classes:  # absent (or tiny) regions: the answer is nothing
        chosen.append(int(rng.choice(absent)))
    cls = np.asarray(chosen, np.int64)
    t = (lab[None] == (cls[:, None, None] + 1)).astype(np.float32)
    return img[None], lab, cls, t


# ---------------------------------------------------------------------------------------- model

class ClassUNet(nn.Module):
    """U-Net features (computed once per image, at half resolution) + a class-conditional head.

    The class (one-hot [N, 116]) selects a weight vector w_c and bias b_c (an embedding) and FiLM
    parameters of a small per-pixel MLP: logit_c = w_c . f + b_c + MLP_FiLM(c)(f), upsampled x2
    (bilinear) to the input grid. In training the same w, b also give a softmax over all regions at
    once, so every step teaches every region.

    forward(image [N,1,H,W], cls [N,116] one-hot) -> logits [N,1,H,W]; H, W multiples of 16."""

    def __init__(self, base=16, levels=4, cap=8, feat=32, emb=32, ncls=NCLS):
        super().__init__()
        ch = [base * min(2 ** i, cap) for i in range(levels)]
        self.down = nn.ModuleList()
        c = 1
        for co in ch:
            self.down.append(block(c, co))
            c = co
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in range(levels - 2, -1, -1):
            self.up.append(nn.ConvTranspose2d(c, ch[i], 2, stride=2))
            self.dec.append(block(2 * ch[i], ch[i]))
            c = ch[i]
        self.proj = nn.Conv2d(c, feat, 3, padding=1)
        self.w = nn.Linear(ncls, feat, bias=False)     # class -> weight vector (an embedding)
        self.b = nn.Linear(ncls, 1, bias=False)        # class -> bias
        self.embed = nn.Sequential(nn.Linear(ncls, emb), nn.ReLU(inplace=True))
        self.film = nn.Linear(emb, 2 * feat)
        self.mix = nn.Conv2d(feat, feat, 1)
        self.corr = nn.Linear(emb, feat)
        nn.init.zeros_(self.corr.weight)
        nn.init.zeros_(self.corr.bias)
        nn.init.normal_(self.w.weight, std=0.1)
        nn.init.constant_(self.b.weight, -2.0)

    def features(self, x):
        x = F.avg_pool2d(x, 2)
        skips = []
        for i, d in enumerate(self.down):
            if i > 0:
                x = self.pool(x)
            x = d(x)
            skips.append(x)
        x = skips.pop()
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([up(x), skips.pop()], 1))
        return F.relu(self.proj(x))

    def all_logits(self, f):
        """Logits of every region at half resolution (training): [N, 116, H/2, W/2]."""
        return torch.einsum('nchw,kc->nkhw', f, self.w.weight.t()) + self.b.weight[0][None, :, None, None]

    def head(self, f, cls):
        """Half-resolution logits [N, 1, H/2, W/2] of the class of each row of cls."""
        w = self.w(cls)[:, :, None, None]
        e = self.embed(cls)
        g, b = self.film(e)[:, :, None, None].chunk(2, 1)
        h = F.relu(self.mix(f * (1 + g) + b))
        v = self.corr(e)[:, :, None, None]
        return (f * w).sum(1, keepdim=True) + self.b(cls)[:, :, None, None] + (h * v).sum(1, keepdim=True)

    def forward(self, image, cls):
        lg = self.head(self.features(image), cls)
        return F.interpolate(lg, scale_factor=2.0, mode='bilinear', align_corners=False)


def build(cfg):
    return ClassUNet(base=cfg.get('base', 16), levels=cfg.get('levels', 4), feat=cfg.get('feat', 32),
                     emb=cfg.get('emb', 32))


def load(ckpt):
    ck = torch.load(ckpt, map_location='cpu')
    net = build(ck['meta']['cfg'])
    net.load_state_dict(ck['state'])
    net.eval()
    return net, ck['meta']


def one_hot(cls, n=NCLS):
    return F.one_hot(torch.as_tensor(cls, dtype=torch.int64), n).float()


# ------------------------------------------------------------------------------------- training

def train(a):
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    brain = Brain()
    cfg = {'base': a.base, 'levels': 4, 'feat': a.feat, 'emb': 32}
    net = build(cfg)
    before = {'minutes': 0.0, 'steps': 0, 'runs': []}
    if a.resume:
        ck = torch.load(a.resume, map_location='cpu')
        net.load_state_dict(ck['state'])
        before = {'minutes': ck['meta']['minutes'], 'steps': ck['meta']['steps'], 'runs': run_history(ck['meta'])}
        print('resumed from %s (%d steps, %.1f min)' % (a.resume, before['steps'], before['minutes']), flush=True)
    nparam = sum(p.numel() for p in net.parameters())
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    os.makedirs(a.out, exist_ok=True)
    clock = FM.Clock(a.minutes)
    print('params %d (exported), cfg %s, %d train slices, %d held-out slices, batch %d x %d classes, %.0f min'
          % (nparam, cfg, len(brain.train), len(brain.test), a.batch, a.classes, a.minutes), flush=True)
    vrng = np.random.default_rng(EVAL_SEED0 - 1)
    val = [brain.slice(k) for k in brain.test[::6]]
    step, losses = 0, []

    def save(final=False):
        meta = {'cfg': cfg, 'steps': before['steps'] + step, 'minutes': before['minutes'] + clock.elapsed() / 60,
                'runs': before['runs'] + [{'minutes': clock.elapsed() / 60, 'steps': step, 'lr': a.lr, 'absent': a.absent}],
                'params': nparam,
                'batch': a.batch, 'classes_per_image': a.classes, 'absent_per_image': a.absent, 'lr': a.lr, 'torch': torch.__version__,
                'volume_percentiles': [float(brain.lo), float(brain.hi)], 'final': final}
        torch.save({'state': net.state_dict(), 'meta': meta}, os.path.join(a.out, 'ckpt.pt'))
        FM.save_json(meta, os.path.join(a.out, 'meta.json'))

    net.train()
    while not clock.over():
        lr = FM.cosine_lr(a.lr, step, clock.frac())
        for g in opt.param_groups:
            g['lr'] = lr
        items = [sample(rng, brain, a.classes, a.absent) for _ in range(a.batch)]
        x = torch.from_numpy(np.stack([it[0] for it in items]))
        labs = torch.from_numpy(np.stack([it[1] for it in items])).long()
        cls = torch.from_numpy(np.concatenate([it[2] for it in items]))
        t = torch.from_numpy(np.concatenate([it[3] for it in items]))[:, None]
        f = net.features(x)
        logits = F.interpolate(net.head(f.repeat_interleave(a.classes, 0), one_hot(cls)), scale_factor=2.0,
                               mode='bilinear', align_corners=False)
        loss = F.binary_cross_entropy_with_logits(logits, t, pos_weight=torch.tensor(2.0)) \
            + FM.soft_dice_loss(logits, t)
        lab_half = labs[:, ::2, ::2]
        loss = loss + a.softmax_weight * F.cross_entropy(
            torch.cat([torch.zeros_like(f[:, :1]), net.all_logits(f)], 1), lab_half)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        losses.append(float(loss.detach()))
        if clock.due(60):
            d = quick_val(net, val, vrng)
            print('%5.1f min step %5d lr %.2e loss %.4f held-out dice %.3f' % (
                clock.elapsed() / 60, step, lr, np.mean(losses[-50:]), d), flush=True)
        if step % 200 == 0:
            save()
    save(final=True)
    print('done: %d steps, %.1f min, held-out dice %.3f' % (step, clock.elapsed() / 60,
                                                            quick_val(net, val, vrng)), flush=True)


def run_history(meta):
    """The runs that made a checkpoint, first to last: [{minutes, steps, lr, absent}]."""
    runs = [r for r in meta.get('runs', []) if 'lr' in r]
    if len(runs) == len(meta.get('runs', [])) and runs:
        return runs
    # a checkpoint of the first shipped run (lr 2e-3, one absent region), or one resumed from it
    earlier = [dict(r, lr=r.get('lr', 2e-3), absent=r.get('absent', 1)) for r in meta.get('runs', [])]
    done_m, done_s = sum(r['minutes'] for r in earlier), sum(r['steps'] for r in earlier)
    return earlier + [{'minutes': meta['minutes'] - done_m, 'steps': meta['steps'] - done_s, 'lr': meta.get('lr', 2e-3),
                       'absent': meta.get('absent_per_image', 1)}]


def pad_to(img, multiple=MULTIPLE):
    h, w = img.shape
    H, W = -(-h // multiple) * multiple, -(-w // multiple) * multiple
    out = np.zeros((H, W), np.float32)
    out[:h, :w] = img
    return out


def predict(net, img, classes):
    """Probability maps [len(classes), h, w] of a scaled slice, padded at the end as in Java."""
    h, w = img.shape
    x = torch.from_numpy(pad_to(img))[None, None]
    with torch.no_grad():
        f = net.features(x)
        lg = net.head(f.expand(len(classes), -1, -1, -1), one_hot(classes))
        lg = F.interpolate(lg, scale_factor=2.0, mode='bilinear', align_corners=False)
    return torch.sigmoid(lg[:, 0, :h, :w]).numpy()


def quick_val(net, val, rng):
    net.eval()
    ds = []
    for img, lab in val:
        ids, cnt = np.unique(lab, return_counts=True)
        ids = ids[(ids > 0) & (cnt >= MIN_PIXELS)]
        if ids.size == 0:
            continue
        ids = rng.choice(ids, size=min(8, ids.size), replace=False)
        p = predict(net, img, ids - 1)
        ds += [FM.dice(p[i] > 0.5, lab == ids[i]) for i in range(len(ids))]
    net.train()
    return float(np.mean(ds))


# ----------------------------------------------------------------------------------- evaluation

def evaluate(a):
    torch.set_num_threads(1)
    net, meta = load(a.ckpt)
    brain = Brain()
    res = {}
    for setting in ('as is', 'deformed'):
        per_pair, per_region = [], {}
        for i, k in enumerate(brain.test):
            img, lab = brain.slice(k)
            if setting == 'deformed':
                rng = np.random.default_rng(EVAL_SEED0 + i)
                h, w = img.shape
                img, lab = deform(rng, img, lab, strength=0.8, out_shape=(h, w))
            ids, cnt = np.unique(lab, return_counts=True)
            ids = ids[(ids > 0) & (cnt >= MIN_PIXELS)]
            if ids.size == 0:
                continue
            p = predict(net, img, ids - 1)
            for j, r in enumerate(ids):
                d = FM.dice(p[j] > 0.5, lab == r)
                per_pair.append(d)
                per_region.setdefault(int(r), []).append(d)
            # a region absent from the slice should give (almost) nothing
        absent = []
        for i, k in enumerate(brain.test[::4]):
            img, lab = brain.slice(k)
            gone = np.setdiff1d(np.arange(1, NCLS + 1), np.unique(lab))
            if gone.size == 0:
                continue
            pick = np.random.default_rng(EVAL_SEED0 + 999 + i).choice(gone, size=min(4, gone.size), replace=False)
            p = predict(net, img, pick - 1)
            absent += [float((p[j] > 0.5).sum()) for j in range(len(pick))]
        reg = {brain.names[r - 1]: float(np.mean(v)) for r, v in sorted(per_region.items())}
        res[setting] = {'pairs': len(per_pair), 'mean_dice': float(np.mean(per_pair)),
                        'median_dice': float(np.median(per_pair)), 'regions': len(reg),
                        'mean_of_region_means': float(np.mean(list(reg.values()))),
                        'per_region': reg, 'absent_queries': len(absent),
                        'absent_false_pixels_mean': float(np.mean(absent)) if absent else 0.0}
        print('%-9s %5d slice-region pairs over %3d regions: mean Dice %.3f (median %.3f, mean of region means %.3f); '
              'absent regions: %.1f false pixels on average' % (setting, len(per_pair), len(reg), res[setting]['mean_dice'],
                                                              res[setting]['median_dice'],
                                                              res[setting]['mean_of_region_means'],
                                                              res[setting]['absent_false_pixels_mean']), flush=True)
    res['held_out_slices'] = brain.test
    out = a.json or os.path.join(os.path.dirname(a.ckpt), 'evaluation.json')
    FM.save_json(res, out)
    print('wrote', out)


# --------------------------------------------------------------------------------- export + package

MODEL_ID = 'brain-regions-2d'


def export(a):
    net, meta = load(a.ckpt)
    out = a.onnx or os.path.join(FM.REPO, 'models', MODEL_ID, MODEL_ID + '.onnx')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    x = torch.zeros(1, 1, 224, 192)
    c = one_hot([0])
    with torch.no_grad():
        torch.onnx.export(net, (x, c), out, input_names=['image', 'class'], output_names=['logits'],
                          opset_version=17, do_constant_folding=True,
                          dynamic_axes={'image': {0: 'batch', 2: 'y', 3: 'x'}, 'class': {0: 'batch'},
                                        'logits': {0: 'batch', 2: 'y', 3: 'x'}})
    print('exported %s (%.2f MB)' % (out, FM.check_onnx(out)))


RDF = """\
format_version: 0.5.4
type: model
id: condseg-brain-regions-2d
name: CondSeg brain-regions-2d
description: >-
  Class-conditional 2D segmenter of the 116 regions of the AAL atlas on axial T1 brain MRI slices:
  the region (one-hot) conditions the network, which returns that region's mask on the slice.
authors:
  - {{name: CondSeg developers}}
maintainers:
  - {{name: CondSeg developers}}
cite:
  - text: "Tzourio-Mazoyer et al. Automated anatomical labeling of activations in SPM using a macroscopic anatomical parcellation of the MNI MRI single-subject brain. NeuroImage 15, 2002."
    doi: 10.1006/nimg.2001.0978
  - text: "Perez et al. FiLM: Visual Reasoning with a General Conditioning Layer. AAAI 2018."
    url: https://arxiv.org/abs/1709.07871
license: BSD-2-Clause
documentation: README.md
tags: [class-conditional, segmentation, 2d, brain, mri, t1, atlas, aal, onnx, condseg]
timestamp: "{timestamp}"
version: "0.1.0"
inputs:
  - id: image
    description: >-
      [N, 1, Y, X] float32 axial T1 slice(s) in RAS voxel order (x = voxel axis i, y = axis j), scaled
      by the 0.5 / 99.5 percentiles of the whole volume, padded at the end with 0 to multiples of 16.
    axes:
      - type: batch
      - type: channel
        channel_names: [t1]
      - type: space
        id: y
        size: {{min: 16, step: 16}}
      - type: space
        id: x
        size: {{min: 16, step: 16}}
    preprocessing:
      - id: scale_range
        kwargs: {{min_percentile: 0.5, max_percentile: 99.5}}
    test_tensor: {{source: test-image.npy, sha256: {sha_img}}}
    data: {{type: float32}}
  - id: class
    description: "[N, 116] float32 one-hot: the AAL region to segment (index = AAL label - 1)."
    axes:
      - type: batch
      - type: channel
        channel_names: [{class_list}]
    test_tensor: {{source: test-class.npy, sha256: {sha_cls}}}
    data: {{type: float32}}
outputs:
  - id: logits
    description: "[N, 1, Y, X] float32 logits of the requested region; sigmoid, threshold 0.5."
    axes:
      - type: batch
      - type: channel
        channel_names: [region]
      - type: space
        id: y
        size: {{tensor_id: image, axis_id: y}}
      - type: space
        id: x
        size: {{tensor_id: image, axis_id: x}}
    test_tensor: {{source: test-output.npy, sha256: {sha_out}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {model_id}.onnx
    sha256: {sha_onnx}
    opset_version: {opset}
config:
  condseg:
    task: class
    class_input: class
    size_multiple: 16
    pad: end_zero                # padded at the end (right, bottom) with 0 to the size multiple
    scaling_scope: volume        # the image's preprocessing statistics are those of the whole volume
    output: {{activation: sigmoid, threshold: 0.5}}
    classes: [{class_list}]
"""


def package(a):
    run = a.run
    out_dir = os.path.join(FM.REPO, 'models', MODEL_ID)
    onnx_path = os.path.join(out_dir, MODEL_ID + '.onnx')
    net, meta = load(os.path.join(run, 'ckpt.pt'))
    ev = FM.load_json(os.path.join(run, 'evaluation.json'))
    brain = Brain()
    k = 90 if held_out(90) else brain.test[len(brain.test) // 2]
    img, lab = brain.slice(k)
    r = brain.names.index('Hippocampus_L') if (lab == brain.names.index('Hippocampus_L') + 1).any() \
        else int(np.bincount(lab.ravel())[1:].argmax())
    x = pad_to(img)[None, None]
    c = one_hot([r]).numpy()
    with torch.no_grad():
        y = net(torch.from_numpy(x), torch.from_numpy(c)).numpy().astype(np.float32)
    np.save(os.path.join(out_dir, 'test-image.npy'), x.astype(np.float32))
    np.save(os.path.join(out_dir, 'test-class.npy'), c.astype(np.float32))
    np.save(os.path.join(out_dir, 'test-output.npy'), y)
    nm = brain.names
    rdf = RDF.format(timestamp=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
                     sha_img=FM.sha256(os.path.join(out_dir, 'test-image.npy')),
                     sha_cls=FM.sha256(os.path.join(out_dir, 'test-class.npy')),
                     sha_out=FM.sha256(os.path.join(out_dir, 'test-output.npy')),
                     sha_onnx=FM.sha256(onnx_path), opset=FM.opset_of(onnx_path), model_id=MODEL_ID,
                     class_list=', '.join(nm))
    with open(os.path.join(out_dir, 'rdf.yaml'), 'w') as f:
        f.write(rdf)
    card = open(os.path.join(FM.HERE, 'cards', MODEL_ID + '.md')).read()
    table = ['| held-out slices | slice-region pairs | regions | mean Dice | median Dice | mean of region means |',
             '|---|---:|---:|---:|---:|---:|']
    for s, label in (('as is', 'ch2 held-out axial slabs, as they are'),
                     ('deformed', 'the same, randomly deformed, bias field, noise (held-out seeds)')):
        e = ev[s]
        table.append('| %s | %d | %d | %.3f | %.3f | %.3f |' % (label, e['pairs'], e['regions'], e['mean_dice'],
                                                              e['median_dice'], e['mean_of_region_means']))
    reg = ev['as is']['per_region']
    best = sorted(reg.items(), key=lambda kv: -kv[1])[:5]
    worst = sorted(reg.items(), key=lambda kv: kv[1])[:5]
    runs = run_history(meta)
    history = '; then '.join('%.1f min, %d steps, learning rate %g, %d absent region(s) per slice%s' % (
        r['minutes'], r['steps'], r['lr'], r['absent'], ' (one a hard negative)' if r['absent'] > 1 else '')
        for r in runs)
    card = card.format(history=history, params=meta['params'], size_mb=os.path.getsize(onnx_path) / 1e6,
                       opset=FM.opset_of(onnx_path), minutes=meta['minutes'], steps=meta['steps'],
                       batch=meta['batch'], classes=meta['classes_per_image'], torch=meta['torch'],
                       machine=a.machine or FM.machine_words(), table='\n'.join(table),
                       best=', '.join('%s %.2f' % kv for kv in best), worst=', '.join('%s %.2f' % kv for kv in worst),
                       absent=ev['as is']['absent_false_pixels_mean'], nabsent=ev['as is']['absent_queries'],
                       slices=len(ev['held_out_slices']), test_slice=k, test_region=nm[r],
                       lo=meta['volume_percentiles'][0], hi=meta['volume_percentiles'][1])
    with open(os.path.join(out_dir, 'README.md'), 'w') as f:
        f.write(card)
    FM.save_json(ev, os.path.join(out_dir, 'evaluation.json'))
    print('packaged', out_dir)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train')
    t.add_argument('--minutes', type=float, default=20)
    t.add_argument('--base', type=int, default=16)
    t.add_argument('--softmax-weight', type=float, default=0.5)
    t.add_argument('--batch', type=int, default=4)
    t.add_argument('--classes', type=int, default=6)
    t.add_argument('--feat', type=int, default=32)
    t.add_argument('--lr', type=float, default=2e-3)
    t.add_argument('--seed', type=int, default=1)
    t.add_argument('--out', default=os.path.join(FM.RUNS, MODEL_ID))
    t.add_argument('--resume', default=None, help='a checkpoint to continue from (a new cosine schedule)')
    t.add_argument('--absent', type=int, default=1, help='absent regions asked per slice (2: one of them a hard '
                   'negative, present on a nearby slice)')
    e = sub.add_parser('evaluate')
    e.add_argument('ckpt')
    e.add_argument('--json', default=None)
    x = sub.add_parser('export')
    x.add_argument('ckpt')
    x.add_argument('--onnx', default=None)
    p = sub.add_parser('package')
    p.add_argument('run')
    p.add_argument('--machine', default=None)
    a = ap.parse_args()
    {'train': train, 'evaluate': evaluate, 'export': export, 'package': package}[a.cmd](a)


if __name__ == '__main__':
    main()
