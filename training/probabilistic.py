"""probabilistic-2d: a conditional VAE in the manner of the Probabilistic U-Net (Kohl et al. 2018)
with the prompts and window of interactive-2d (training/common.py is the contract).

A U-Net backbone turns the [4, 128, 128] encoding (image, positive, negative, box) into features; a
prior net maps the same encoding to a Gaussian over a 6-dimensional latent; a posterior net (training
only) sees the truth as well. A latent sample z, tiled over the grid and concatenated with the
features, goes through a small 1x1 head whose output is added to the backbone's own logits.

Exported graph (one ONNX file, cheap sampling): inputs `input` [1, 4, 128, 128] and `noise` [N, 6]
(standard normal, drawn by the caller from its seed); z = mu_prior + exp(logvar_prior / 2) * noise;
the backbone and the prior run once, the head N times; output `logits` [N, 1, 128, 128].

The backbone starts from the shipped interactive-2d weights (read from its ONNX file, where batch
norm is folded into the convolutions) so that the short CPU run goes to the latent part.

Annotators disagree; one truth per image does not show it. Training targets are therefore the
truth as one of several plausible annotators would draw it: as is, or 1-2 model pixels larger or
smaller, and for clicks on an object touching a neighbour sometimes the two together.

  /usr/bin/python3 training/probabilistic.py train --minutes 20
  /usr/bin/python3 training/probabilistic.py evaluate training/runs/probabilistic-2d/ckpt.pt
  /usr/bin/python3 training/probabilistic.py export training/runs/probabilistic-2d/ckpt.pt
  /usr/bin/python3 training/probabilistic.py package training/runs/probabilistic-2d
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
from evaluate_interactive2d import cases, MIN_PIXELS  # noqa: E402,F401

MODEL_ID = 'probabilistic-2d'
LATENT = 6
EVAL_SAMPLES = 16
EVAL_NOISE_SEED = 12345
MODES = (('box', 0.40), ('click', 0.32), ('clicks', 0.10), ('posneg', 0.12), ('scribble', 0.06))
INTERACTIVE_ONNX = os.path.join(FM.REPO, 'models', 'interactive-2d', 'interactive-2d.onnx')


# ----------------------------------------------------------------------------------------- data

def nearest(lab, win):
    """Nearest-neighbour resampling of a label image into the window (outside: 0)."""
    lx, ly, wx, wy = win
    h, w = lab.shape
    ix = np.floor(C.sample_positions(lx, wx) + 0.5).astype(np.int64)
    iy = np.floor(C.sample_positions(ly, wy) + 0.5).astype(np.int64)
    out = lab[np.clip(iy, 0, h - 1)][:, np.clip(ix, 0, w - 1)].copy()
    out[(iy < 0) | (iy >= h)] = 0
    out[:, (ix < 0) | (ix >= w)] = 0
    return out


def annotator(rng, t, labw, mode, k):
    """One plausible annotation of target t (window grid, bool): boundary drawn tighter or looser,
    and for a click on an object touching a neighbour sometimes the two objects together."""
    t = t.copy()
    if mode in ('click', 'clicks') and k > 0 and rng.random() < 0.12:
        ring = ndi.binary_dilation(t, iterations=2) & ~t
        nb = np.unique(labw[ring])
        nb = nb[(nb > 0) & (nb != k)]
        if nb.size:
            t |= labw == int(rng.choice(nb))
    r = int(rng.choice([-2, -1, 0, 1, 2], p=[0.1, 0.2, 0.4, 0.2, 0.1]))
    if r > 0:
        t = ndi.binary_dilation(t, iterations=r)
    elif r < 0:
        e = ndi.binary_erosion(t, iterations=-r)
        t = e if e.sum() >= 8 else t
    return t


def make_item(rng, real):
    """-> (x [4, S, S] float32, target [S, S] float32)"""
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
        mode = D._choice(rng, MODES)
        big = mode != 'box' and rng.random() < 0.3
        if src != 'synth' or big or rng.random() < 0.5:
            zr = {'synth': (0.7, 1.5), 'cord': (0.8, 3.0)}.get(src, (0.6, 1.7))
            item = D.crop_zoom(rng, img, mask, lab, *zr, big=big)
            if item is None:
                continue
            img, mask, lab = item
        if mask.sum() < 12:
            continue
        img, mask, lab = D.augment(rng, img, mask, lab)
        ys, xs = np.nonzero(mask)
        k = int(lab[ys[0], xs[0]])
        prompt = D.make_prompt(rng, mask, lab, mode)
        x, win = C.encode(img, prompt, fast=True)
        t = C.resample_fast(mask.astype(np.float32), win) > 0.5
        if not t.any():
            continue
        t = annotator(rng, t, nearest(lab, win), mode, k)
        return x, t.astype(np.float32)


class Stream(torch.utils.data.IterableDataset):
    def __init__(self, seed):
        self.seed = seed

    def __iter__(self):
        torch.set_num_threads(1)
        info = torch.utils.data.get_worker_info()
        rng = np.random.default_rng([self.seed, 0 if info is None else info.id])
        path = os.path.join(FM.CACHE, 'train.npz')
        real = D.RealData(path) if os.path.exists(path) else None
        while True:
            x, t = make_item(rng, real)
            yield torch.from_numpy(x), torch.from_numpy(t)[None]


# ---------------------------------------------------------------------------------------- model

def conv_block(cin, cout, bn):
    layers = []
    for a, b in ((cin, cout), (cout, cout)):
        layers += [nn.Conv2d(a, b, 3, padding=1, bias=not bn)]
        if bn:
            layers += [nn.BatchNorm2d(b)]
        layers += [nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class Backbone(nn.Module):
    """interactive-2d's U-Net (batch norm folded: plain convolutions with bias)."""

    def __init__(self, cin=4, base=12, levels=5, cap=8):
        super().__init__()
        ch = [base * min(2 ** i, cap) for i in range(levels)]
        self.down = nn.ModuleList()
        c = cin
        for co in ch:
            self.down.append(conv_block(c, co, bn=False))
            c = co
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in range(levels - 2, -1, -1):
            self.up.append(nn.ConvTranspose2d(c, ch[i], 2, stride=2))
            self.dec.append(conv_block(2 * ch[i], ch[i], bn=False))
            c = ch[i]
        self.head = nn.Conv2d(c, 1, 1)
        self.out_channels = c

    def forward(self, x):
        skips = []
        for i, d in enumerate(self.down):
            if i > 0:
                x = self.pool(x)
            x = d(x)
            skips.append(x)
        x = skips.pop()
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([up(x), skips.pop()], 1))
        return x

    def load_onnx(self, path, in_channels=None):
        """Copies the weights of interactive-2d's ONNX graph (Conv / ConvTranspose in graph order);
        in_channels picks the input channels of the first convolution (e.g. [0, 3])."""
        import onnx
        from onnx import numpy_helper
        m = onnx.load(path)
        init = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
        convs = [n for n in m.graph.node if n.op_type in ('Conv', 'ConvTranspose')]
        mods = []
        for d in self.down:
            mods += [l for l in d if isinstance(l, nn.Conv2d)]
        for up, dec in zip(self.up, self.dec):
            mods += [up] + [l for l in dec if isinstance(l, nn.Conv2d)]
        mods += [self.head]
        assert len(convs) == len(mods), (len(convs), len(mods))
        for node, mod in zip(convs, mods):
            w = torch.from_numpy(init[node.input[1]].copy())
            b = torch.from_numpy(init[node.input[2]].copy())
            if in_channels is not None and mod is mods[0]:
                w = w[:, list(in_channels)].contiguous()
            assert tuple(w.shape) == tuple(mod.weight.shape), (node.name, w.shape, mod.weight.shape)
            assert (node.op_type == 'ConvTranspose') == isinstance(mod, nn.ConvTranspose2d)
            with torch.no_grad():
                mod.weight.copy_(w)
                mod.bias.copy_(b)


class LatentNet(nn.Module):
    """Encoder -> global mean -> (mu, logvar) of the latent."""

    def __init__(self, cin, base=8, levels=4, latent=LATENT):
        super().__init__()
        layers, c = [], cin
        for i in range(levels):
            co = base * 2 ** i
            if i > 0:
                layers.append(nn.AvgPool2d(2))
            layers.append(conv_block(c, co, bn=True))
            c = co
        self.enc = nn.Sequential(*layers)
        self.out = nn.Linear(c, 2 * latent)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):
        h = self.enc(x).mean((2, 3))
        mu, logvar = self.out(h).chunk(2, 1)
        return mu, logvar.clamp(-8, 4)


class ProbUNet(nn.Module):
    def __init__(self, base=12, latent=LATENT, hidden=32):
        super().__init__()
        self.backbone = Backbone(base=base)
        self.prior = LatentNet(4, latent=latent)
        self.posterior = LatentNet(5, latent=latent)
        c = self.backbone.out_channels
        self.fcomb = nn.Sequential(nn.Conv2d(c + latent, hidden, 1), nn.ReLU(inplace=True),
                                   nn.Conv2d(hidden, hidden, 1), nn.ReLU(inplace=True), nn.Conv2d(hidden, 1, 1))
        nn.init.zeros_(self.fcomb[-1].weight)
        nn.init.zeros_(self.fcomb[-1].bias)
        self.latent = latent

    def combine(self, f, z):
        zt = z[:, :, None, None].expand(-1, -1, f.shape[2], f.shape[3])
        return self.backbone.head(f) + self.fcomb(torch.cat([f, zt], 1))

    def forward(self, x, noise):
        """The exported graph: x [1, 4, S, S], noise [N, L] -> logits [N, 1, S, S]."""
        f = self.backbone(x)
        mu, logvar = self.prior(x)
        z = mu + torch.exp(0.5 * logvar) * noise
        return self.combine(f.expand(noise.shape[0], -1, -1, -1), z)

    def sample_batch(self, x, noise):
        """Training / evaluation: x [B, 4, S, S], noise [B, K, L] -> logits [B, K, S, S]."""
        B, K, L = noise.shape
        f = self.backbone(x)
        mu, logvar = self.prior(x)
        z = mu[:, None] + torch.exp(0.5 * logvar)[:, None] * noise
        fk = f[:, None].expand(-1, K, -1, -1, -1).reshape(B * K, f.shape[1], f.shape[2], f.shape[3])
        return self.combine(fk, z.reshape(B * K, L)).reshape(B, K, f.shape[2], f.shape[3])


def kl(mu_q, lv_q, mu_p, lv_p):
    return 0.5 * (lv_p - lv_q + (lv_q.exp() + (mu_q - mu_p) ** 2) / lv_p.exp() - 1).sum(1)


def build(cfg):
    return ProbUNet(base=cfg.get('base', 12), latent=cfg.get('latent', LATENT), hidden=cfg.get('hidden', 32))


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
    return torch.from_numpy(np.stack([i[0] for i in items])), torch.from_numpy(np.stack([i[1] for i in items]))[:, None]


def train(a):
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    cfg = {'base': 12, 'latent': LATENT, 'hidden': 32}
    net = build(cfg)
    if a.init:
        net.backbone.load_onnx(a.init)
        print('backbone from', a.init, flush=True)
    nparam = sum(p.numel() for n_, p in net.named_parameters() if not n_.startswith('posterior'))
    groups = [{'params': net.backbone.parameters(), 'lr_scale': a.backbone_lr / a.lr},
              {'params': [p for n_, p in net.named_parameters() if not n_.startswith('backbone')], 'lr_scale': 1.0}]
    opt = torch.optim.AdamW(groups, lr=a.lr, weight_decay=1e-4)
    os.makedirs(a.out, exist_ok=True)
    loader = torch.utils.data.DataLoader(Stream(a.seed), batch_size=a.batch, num_workers=a.workers,
                                         persistent_workers=a.workers > 0)
    vx, vt = val_set()
    clock = FM.Clock(a.minutes)
    print('params %d (exported), cfg %s, batch %d, beta %g, %.0f min' % (nparam, cfg, a.batch, a.beta, a.minutes),
          flush=True)
    step, hist = 0, []

    def save(final=False):
        meta = {'cfg': cfg, 'steps': step, 'samples': step * a.batch, 'minutes': clock.elapsed() / 60,
                'params': nparam, 'batch': a.batch, 'lr': a.lr, 'backbone_lr': a.backbone_lr, 'beta': a.beta,
                'init': os.path.relpath(a.init, FM.REPO) if a.init else None, 'torch': torch.__version__,
                'final': final}
        torch.save({'state': net.state_dict(), 'meta': meta}, os.path.join(a.out, 'ckpt.pt'))
        FM.save_json(meta, os.path.join(a.out, 'meta.json'))

    net.train()
    for x, t in loader:
        if clock.over():
            break
        base_lr = FM.cosine_lr(a.lr, step, clock.frac())
        for g in opt.param_groups:
            g['lr'] = base_lr * g['lr_scale']
        f = net.backbone(x)
        mu_p, lv_p = net.prior(x)
        mu_q, lv_q = net.posterior(torch.cat([x, t], 1))
        z = mu_q + torch.exp(0.5 * lv_q) * torch.randn_like(mu_q)
        logits = net.combine(f, z)
        rec = F.binary_cross_entropy_with_logits(logits, t) + FM.soft_dice_loss(logits, t)
        k = kl(mu_q, lv_q, mu_p, lv_p).mean()
        loss = rec + a.beta * k
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        hist.append((float(rec.detach()), float(k.detach())))
        if clock.due(60):
            v = validate(net, vx, vt)
            h = np.mean(hist[-50:], 0)
            print('%5.1f min step %5d lr %.2e rec %.4f kl %.3f | val: consensus dice %.3f, posterior dice %.3f, '
                  'sample spread %.3f' % (clock.elapsed() / 60, step, base_lr, h[0], h[1], *v), flush=True)
        if step % 100 == 0:
            save()
    save(final=True)
    v = validate(net, vx, vt)
    print('done: %d steps, %.1f min; consensus dice %.3f, posterior dice %.3f, sample spread %.3f'
          % (step, clock.elapsed() / 60, *v), flush=True)
    os._exit(0)


def validate(net, vx, vt, k=8):
    net.eval()
    with torch.no_grad():
        g = torch.Generator().manual_seed(EVAL_NOISE_SEED)
        noise = torch.randn(vx.shape[0], k, net.latent, generator=g)
        p = torch.sigmoid(net.sample_batch(vx, noise))
        cons = (p.mean(1, keepdim=True) > 0.5).float()
        t = (vt > 0.5).float()
        d = (2 * (cons * t).sum((1, 2, 3)) / (cons.sum((1, 2, 3)) + t.sum((1, 2, 3)) + 1e-6)).mean()
        mu_q, _ = net.posterior(torch.cat([vx, vt], 1))
        pq = (net.combine(net.backbone(vx), mu_q) > 0).float()
        dq = (2 * (pq * t).sum((1, 2, 3)) / (pq.sum((1, 2, 3)) + t.sum((1, 2, 3)) + 1e-6)).mean()
        m = (p > 0.5).float()
        spread = (m.std(1).mean((1, 2)) / (m.mean(1).mean((1, 2)) + 1e-6)).mean()  # relative pixel disagreement
    net.train()
    return float(d), float(dq), float(spread)


# ----------------------------------------------------------------------------------- evaluation

def sampler(net, n=EVAL_SAMPLES, seed=EVAL_NOISE_SEED):
    """A run_logits for common.segment: the logit of the mean probability over n prior samples."""
    noise = torch.from_numpy(np.random.default_rng(seed).standard_normal((n, net.latent)).astype(np.float32))
    stats = {}

    def run(x):
        with torch.no_grad():
            p = torch.sigmoid(net(torch.from_numpy(np.ascontiguousarray(x, np.float32)), noise)).numpy()
        m = np.clip(p.mean(0, keepdims=True), 1e-6, 1 - 1e-6)
        stats['p'] = p[:, 0]
        return np.log(m / (1 - m))
    return run, stats


def entropy_bits(p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(p * np.log2(p) + (1 - p) * np.log2(1 - p))


def evaluate(a):
    torch.set_num_threads(1)
    net, meta = load(a.ckpt)
    run, stats = sampler(net)
    res = {}
    t0 = time.time()
    for name, img, truth in cases(os.path.join(FM.CACHE, 'eval.npz'), a.synthetic):
        r = res.setdefault(name, {'box': [], 'click': [], 'spread': [], 'h_err': [], 'h_ok': []})
        for kind, prompt in (('box', C.Prompt(box=C.tight_box(truth))), ('click', C.Prompt(pos=[C.interior_point(truth)]))):
            mask = C.segment(img, prompt, run)
            r[kind].append(C.dice(mask, truth))
            x, win = C.encode(img, prompt)
            tw = C.resample(truth.astype(np.float32), win) > 0.5
            p = stats['p']
            m = p > 0.5
            cons = p.mean(0) > 0.5
            inter = [C.dice(m[i], m[j]) for i in range(len(m)) for j in range(i + 1, len(m)) if m[i].any() or m[j].any()]
            r['spread'].append(1 - float(np.mean(inter)) if inter else 0.0)
            h = entropy_bits(p.mean(0))
            err = cons != tw
            if err.any():
                r['h_err'].append(float(h[err].mean()))
            r['h_ok'].append(float(h[~err].mean()))
    out = {}
    for name, r in res.items():
        out[name] = {'n': len(r['box']), 'box_dice': float(np.mean(r['box'])), 'click_dice': float(np.mean(r['click'])),
                     'sample_disagreement': float(np.mean(r['spread'])),
                     'entropy_on_errors': float(np.mean(r['h_err'])) if r['h_err'] else 0.0,
                     'entropy_elsewhere': float(np.mean(r['h_ok']))}
        print('%-28s n %3d  box %.3f  click %.3f  1-Dice between samples %.3f  entropy (bits) on errors %.3f, elsewhere %.3f'
              % (name, out[name]['n'], out[name]['box_dice'], out[name]['click_dice'], out[name]['sample_disagreement'],
                 out[name]['entropy_on_errors'], out[name]['entropy_elsewhere']), flush=True)
    real = [v for k_, v in out.items() if not k_.startswith('synthetic')]
    out['mean of the real sets'] = {k_: float(np.mean([v[k_] for v in real])) for k_ in real[0] if k_ != 'n'}
    out['mean of the real sets']['n'] = sum(v['n'] for v in real)
    out['_seconds'] = time.time() - t0
    out['_samples'] = EVAL_SAMPLES
    path = a.json or os.path.join(os.path.dirname(a.ckpt), 'evaluation.json')
    FM.save_json(out, path)
    print('mean of the real sets: box %.3f click %.3f; wrote %s' % (out['mean of the real sets']['box_dice'],
                                                                  out['mean of the real sets']['click_dice'], path))


# --------------------------------------------------------------------------------- export + package

def export(a):
    net, meta = load(a.ckpt)
    out = a.onnx or os.path.join(FM.REPO, 'models', MODEL_ID, MODEL_ID + '.onnx')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    x = torch.zeros(1, 4, C.S, C.S)
    noise = torch.zeros(3, net.latent)

    with torch.no_grad():
        torch.onnx.export(net, (x, noise), out, input_names=['input', 'noise'], output_names=['logits'],
                          opset_version=17, do_constant_folding=True,
                          dynamic_axes={'noise': {0: 'samples'}, 'logits': {0: 'samples'}})
    print('exported %s (%.2f MB)' % (out, FM.check_onnx(out)))


RDF = """\
format_version: 0.5.4
type: model
id: condseg-probabilistic-2d
name: CondSeg probabilistic-2d
description: >-
  Conditional VAE in the manner of the Probabilistic U-Net: clicks or a box on a 2D image give N
  plausible masks (one per latent sample), their consensus and a per-pixel uncertainty.
authors:
  - {{name: CondSeg developers}}
maintainers:
  - {{name: CondSeg developers}}
cite:
  - text: "Kohl et al. A Probabilistic U-Net for Segmentation of Ambiguous Images. NeurIPS 2018."
    url: https://arxiv.org/abs/1806.05034
  - text: "Ronneberger, Fischer, Brox. U-Net: Convolutional Networks for Biomedical Image Segmentation. MICCAI 2015."
    doi: 10.1007/978-3-319-24574-4_28
license: BSD-2-Clause
documentation: README.md
tags: [interactive, probabilistic, cvae, uncertainty, segmentation, 2d, clicks, box, onnx, condseg]
timestamp: "{timestamp}"
version: "0.1.0"
inputs:
  - id: input
    description: >-
      [1, 4, 128, 128] float32, the encoding of interactive-2d: 0 image crop (bilinear, clamp-to-edge,
      clipped to its 0.5/99.5 percentiles, zero mean unit variance); 1 positive clicks (Gaussian, sigma 3
      model pixels) and positive scribble (1); 2 negative clicks; 3 box (1 inside). One object per call.
    axes:
      - type: batch
      - type: channel
        channel_names: [image, positive, negative, box]
      - type: space
        id: y
        size: 128
      - type: space
        id: x
        size: 128
    test_tensor: {{source: test-input.npy, sha256: {sha_in}}}
    data: {{type: float32}}
  - id: noise
    description: >-
      [N, 6] float32 standard normal draws, one row per sample; the latent of sample i is
      z_i = mu_prior + exp(logvar_prior / 2) * noise_i (computed inside the graph).
    axes:
      - type: batch
      - type: channel
        channel_names: [z0, z1, z2, z3, z4, z5]
    test_tensor: {{source: test-noise.npy, sha256: {sha_noise}}}
    data: {{type: float32}}
outputs:
  - id: logits
    description: "[N, 1, 128, 128] float32 logits of the prompted object, one map per noise row; sigmoid."
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
    task: interactive
    grid: [128, 128]
    coordinates: edge            # pixel i covers [i, i+1)
    window: {{box_scale: 1.25, box_margin: 4, click_min_side: 128, click_scale: 1.5, click_margin: 16}}
    resample: {{image: linear_clamp_to_edge, scribble: nearest, back_projection: linear}}
    normalize: {{percentiles: [0.5, 99.5], method: zero_mean_unit_variance}}
    conditions:
      - {{channel: 1, kind: positive, encoding: gaussian, sigma: 3.0}}
      - {{channel: 2, kind: negative, encoding: gaussian, sigma: 3.0}}
      - {{channel: 3, kind: box, encoding: filled}}
    latent: {{input: noise, size: 6, distribution: standard_normal}}
    uncertainty: entropy_of_mean    # binary entropy of the mean sampled probability, in bits
    output: {{activation: sigmoid, threshold: 0.5}}
    postprocess: {{clip_to_box: true, keep: prompted_component, connectivity: 4}}
"""


def package(a):
    run_dir = a.run
    out_dir = os.path.join(FM.REPO, 'models', MODEL_ID)
    onnx_path = os.path.join(out_dir, MODEL_ID + '.onnx')
    net, meta = load(os.path.join(run_dir, 'ckpt.pt'))
    ev = FM.load_json(os.path.join(run_dir, 'evaluation.json'))
    import tifffile
    d = os.path.join(FM.REPO, 'test-data', 'synthetic')
    img = tifffile.imread(os.path.join(d, 'demo-image.tif')).astype(np.float32)
    box = None
    for line in open(os.path.join(d, 'demo-prompt.txt')):
        k, v = line.split()
        if k == 'box':
            box = tuple(int(s) for s in v.split(','))
    x, win = C.encode(img, C.Prompt(box=box))
    x = x[None].astype(np.float32)
    noise = np.random.default_rng(7).standard_normal((4, LATENT)).astype(np.float32)
    with torch.no_grad():
        y = net(torch.from_numpy(x), torch.from_numpy(noise)).numpy().astype(np.float32)
    for name, arr in (('test-input.npy', x), ('test-noise.npy', noise), ('test-output.npy', y)):
        np.save(os.path.join(out_dir, name), arr)
    rdf = RDF.format(timestamp=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
                     sha_in=FM.sha256(os.path.join(out_dir, 'test-input.npy')),
                     sha_noise=FM.sha256(os.path.join(out_dir, 'test-noise.npy')),
                     sha_out=FM.sha256(os.path.join(out_dir, 'test-output.npy')),
                     sha_onnx=FM.sha256(onnx_path), opset=FM.opset_of(onnx_path), model_id=MODEL_ID)
    with open(os.path.join(out_dir, 'rdf.yaml'), 'w') as f:
        f.write(rdf)
    lines = ['| held-out set | n | Dice from box | Dice from 1 click | 1 − Dice between samples | entropy on errors / elsewhere (bits) |',
             '|---|---:|---:|---:|---:|---:|']
    for k_, v in ev.items():
        if not k_.startswith('_'):
            lines.append('| %s | %d | %.3f | %.3f | %.3f | %.3f / %.3f |' % (
                k_, v['n'], v['box_dice'], v['click_dice'], v['sample_disagreement'], v['entropy_on_errors'],
                v['entropy_elsewhere']))
    card = open(os.path.join(FM.HERE, 'cards', MODEL_ID + '.md')).read()
    card = card.format(params=meta['params'], size_mb=os.path.getsize(onnx_path) / 1e6, opset=FM.opset_of(onnx_path),
                       minutes=meta['minutes'], steps=meta['steps'], samples=meta['samples'], batch=meta['batch'],
                       beta=meta['beta'], torch=meta['torch'], machine=a.machine or FM.machine_words(),
                       table='\n'.join(lines), n_eval=ev['_samples'], box=box)
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
    t.add_argument('--lr', type=float, default=1e-3)
    t.add_argument('--backbone-lr', type=float, default=2e-4)
    t.add_argument('--beta', type=float, default=1e-3, help='weight of KL(posterior || prior), in nats, '
                   'against the per-pixel BCE + soft Dice')
    t.add_argument('--workers', type=int, default=0)
    t.add_argument('--init', default=INTERACTIVE_ONNX, help="interactive-2d's ONNX file ('' to start from scratch)")
    t.add_argument('--seed', type=int, default=3)
    t.add_argument('--out', default=os.path.join(FM.RUNS, MODEL_ID))
    e = sub.add_parser('evaluate')
    e.add_argument('ckpt')
    e.add_argument('--synthetic', type=int, default=50)
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
