"""interactive-3d: a small 3D U-Net for volumes, prompted by a 3D box and/or clicks (the contract is
common3d.py).

  /usr/bin/python3 training/interactive3d.py prepare                # volumes -> runs/interactive-3d/data3d.npz
  /usr/bin/python3 training/interactive3d.py train --minutes 65 --out training/runs/interactive-3d
  /usr/bin/python3 training/interactive3d.py export training/runs/interactive-3d/ckpt.pt
  /root/ortenv/bin/python training/interactive3d.py evaluate models/interactive-3d/interactive-3d.onnx
  /root/ortenv/bin/python training/interactive3d.py package training/runs/interactive-3d

Training data: synthetic volumes (synth3d.py), the 116 AAL regions on Debian mricron-data's ch2,
the spinal cord t1w (cord mask) and t2s (grey-matter mask). Held out, never trained on: the spleen
CT, the spinal cord t2, synthetic seeds >= 50 000 000. Volumes keep their stored voxel order
(NIfTI i, j, k = x, y, z, as the Java reader), as numpy arrays [z, y, x].
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
from scipy import ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common3d as C  # noqa: E402

REPO = os.path.dirname(HERE)
RUN = os.path.join(HERE, 'runs', 'interactive-3d')
DATA = os.path.join(RUN, 'data3d.npz')
MODEL_DIR = os.path.join(REPO, 'models', 'interactive-3d')
ONNX = os.path.join(MODEL_DIR, 'interactive-3d.onnx')
PATCH = 32


# ------------------------------------------------------------------------------------ data

def cmd_prepare(a):
    import nibabel as nib

    def load(path):
        img = nib.load(path)
        d = np.asanyarray(img.dataobj).astype(np.float32)
        return np.ascontiguousarray(d.transpose(2, 1, 0)), np.asarray(img.header.get_zooms()[:3], np.float64)

    sc = os.path.join(a.data, 'sct-spinalcord')
    sp = os.path.join(a.data, 'msd-spleen-ct')
    out = {}
    for key, img, seg in [('t1w', 't1w.nii.gz', 't1w_seg-manual.nii.gz'),
                          ('t2s', 't2s.nii.gz', 't2s_gmseg_manual.nii.gz'),
                          ('ev_cord_t2', 't2.nii.gz', 't2_seg-manual.nii.gz')]:
        v, s = load(os.path.join(sc, img))
        m, _ = load(os.path.join(sc, seg))
        out[key], out[key + '_lab'], out[key + '_sp'] = v, (m > 0).astype(np.uint8), s
    v, s = load(os.path.join(sp, 'sub-spleen2_ct.nii.gz'))
    m, _ = load(os.path.join(sp, 'sub-spleen2_ct_seg-manual.nii.gz'))
    out['ev_spleen'], out['ev_spleen_lab'], out['ev_spleen_sp'] = v, (m > 0).astype(np.uint8), s
    v, s = load(os.path.join(a.mricron, 'ch2.nii.gz'))
    m, _ = load(os.path.join(a.mricron, 'aal.nii.gz'))
    out['ch2'], out['ch2_lab'], out['ch2_sp'] = v, m.astype(np.uint8), s
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    np.savez_compressed(a.out, **out)
    for k, v in out.items():
        print(k, v.shape, v.dtype)


class Source:
    """A volume, its label image and spacing; objects are its labels (label k = object k)."""

    def __init__(self, vol, lab, spacing, name):
        self.vol = np.asarray(vol, np.float32)
        self.lab = np.asarray(lab)
        self.spacing = tuple(float(v) for v in spacing)
        self.name = name
        self.labels = [int(k) for k in np.unique(self.lab) if k > 0]
        self.boxes = {k: s for k, s in enumerate(ndi.find_objects(self.lab.astype(np.int32)), 1) if s is not None}


def crop_resample(vol, win):
    """C.resample on the sub-volume the window touches (same values, less work)."""
    shape = vol.shape[::-1]
    lo, hi, L = [], [], []
    for ax in range(3):
        p = np.clip(C.positions(win, ax), 0, shape[ax] - 1)
        i0 = int(np.floor(p.min()))
        i1 = min(int(np.floor(p.max())) + 1, shape[ax] - 1)
        lo.append(i0)
        hi.append(i1)
        L.append(win.L[ax] - i0)
    sub = vol[lo[2]:hi[2] + 1, lo[1]:hi[1] + 1, lo[0]:hi[0] + 1]
    return C.resample(sub, C.Window(L, win.t, win.M, win.g))


def sample(rng, src, k, aug=True):
    """One training example: (x [4, Z, Y, X], target [1, Z, Y, X]) on the model grid of a prompt."""
    sl = src.boxes[k]
    obj = src.lab[sl] == k
    off = np.array([s.start for s in sl])  # z, y, x
    if aug and rng.random() < 0.3:  # a slab of a long object: prompt and target restricted to it
        ax = int(np.argmax(obj.shape))
        n = obj.shape[ax]
        if n >= 12:
            w = int(rng.integers(max(6, int(0.3 * n)), n + 1))
            s0 = int(rng.integers(0, n - w + 1))
            keep = np.zeros(n, bool)
            keep[s0:s0 + w] = True
            shp = [1, 1, 1]
            shp[ax] = n
            obj = obj & keep.reshape(shp)
    if obj.sum() < 8:
        obj = src.lab[sl] == k
    zs, ys, xs = np.nonzero(obj)
    box = (int(xs.min() + off[2]), int(ys.min() + off[1]), int(zs.min() + off[0]),
           int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1), int(zs.max() - zs.min() + 1))
    sp = src.spacing
    r = rng.random() if aug else 0.0
    pos, neg = [], []
    if r < 0.5 or r >= 0.85:
        b = list(box)
        if aug:
            for ax in range(3):
                n = b[3 + ax]
                j0, j1 = (int(round(v)) for v in rng.normal(0, 0.04 * n + 0.4, 2))
                lo = b[ax] + j0
                hi = max(lo + 1, b[ax] + n + j1)
                b[ax], b[3 + ax] = lo, hi - lo
        box_p = tuple(b)
    else:
        box_p = None
    if r >= 0.5:
        dt = ndi.distance_transform_edt(np.pad(obj, 1), sampling=sp[::-1])[1:-1, 1:-1, 1:-1]
        if rng.random() < 0.6:
            cand = np.argwhere(dt >= 0.5 * dt.max())
        else:
            cand = np.argwhere(obj)
        npos = 1 if rng.random() < 0.6 else int(rng.integers(2, 4))
        for _ in range(npos):
            z, y, x = cand[rng.integers(len(cand))] + off
            pos.append((int(x), int(y), int(z)))
        if rng.random() < 0.3:
            ring = ndi.binary_dilation(np.pad(obj, 4), iterations=4)[4:-4, 4:-4, 4:-4] & ~obj
            if ring.any():
                cn = np.argwhere(ring)
                for _ in range(int(rng.integers(1, 3))):
                    z, y, x = cn[rng.integers(len(cn))] + off
                    neg.append((int(x), int(y), int(z)))
    prompt = C.Prompt(box=box_p, pos=pos, neg=neg)
    win = C.window(prompt, sp)
    img = crop_resample(src.vol, win)
    if aug:
        img = augment_intensity(rng, img)
    full = np.zeros(src.lab.shape, np.float32)
    full[sl] = obj
    tgt = crop_resample(full, win)
    x = np.zeros((4,) + img.shape, np.float32)
    x[0] = C.normalize(img)
    x[1] = C.click_map(pos, win)
    x[2] = C.click_map(neg, win)
    x[3] = C.box_map(box_p, win)
    return x, tgt[None].astype(np.float32), win


def augment_intensity(rng, img):
    lo, hi = np.percentile(img, [0.5, 99.5])
    v = np.clip((img - lo) / (hi - lo + 1e-6), 0, 1)
    if rng.random() < 0.5:
        v = v ** math.exp(rng.normal(0, 0.4))
    if rng.random() < 0.25:
        v = 1 - v
    if rng.random() < 0.3:
        small = tuple(max(s // 8, 2) for s in v.shape)
        b = ndi.zoom(rng.standard_normal(small), [s / t for s, t in zip(v.shape, small)], order=1)
        b = np.pad(b, [(0, max(0, s - t)) for s, t in zip(v.shape, b.shape)], mode='edge')[:v.shape[0], :v.shape[1], :v.shape[2]]
        v = v * (1 + 0.2 * b)
    if rng.random() < 0.5:
        v = v + rng.uniform(0, 0.08) * rng.standard_normal(v.shape)
    return v


def patch(rng, x, t, P=PATCH):
    """A random P^3 patch (mirror-padded where the window is smaller), mostly near the object."""
    pad = [(0, 0)] + [(0, max(0, P - s)) for s in x.shape[1:]]
    if any(p[1] for p in pad):
        x = np.pad(x, pad, mode='reflect' if min(x.shape[1:]) > 1 else 'edge')
        t = np.pad(t, pad, mode='reflect' if min(t.shape[1:]) > 1 else 'edge')
    shape = x.shape[1:]
    if rng.random() < 0.75 and (t[0] > 0.5).any():
        fg = np.argwhere(t[0] > 0.5)
        c = fg[rng.integers(len(fg))]
        st = [int(np.clip(c[a] - P // 2 + rng.integers(-P // 4, P // 4 + 1), 0, shape[a] - P)) for a in range(3)]
    else:
        st = [int(rng.integers(0, shape[a] - P + 1)) for a in range(3)]
    s = (slice(None), slice(st[0], st[0] + P), slice(st[1], st[1] + P), slice(st[2], st[2] + P))
    x, t = x[s], t[s]
    for ax in (1, 2, 3):
        if rng.random() < 0.5:
            x, t = np.flip(x, ax), np.flip(t, ax)
    if rng.random() < 0.5:
        perm = [0] + list(1 + rng.permutation(3))
        x, t = x.transpose(perm), t.transpose(perm)
    return np.ascontiguousarray(x), np.ascontiguousarray(t)


def real_sources(path=DATA):
    d = np.load(path)
    return {'aal': Source(d['ch2'], d['ch2_lab'], d['ch2_sp'], 'ch2 AAL'),
            'cord_t1w': Source(d['t1w'], d['t1w_lab'], d['t1w_sp'], 'cord t1w'),
            'gm_t2s': Source(d['t2s'], d['t2s_lab'], d['t2s_sp'], 'grey matter t2s')}


def eval_sources(path=DATA):
    d = np.load(path)
    return {'spleen CT': Source(d['ev_spleen'], d['ev_spleen_lab'], d['ev_spleen_sp'], 'spleen CT'),
            'cord t2': Source(d['ev_cord_t2'], d['ev_cord_t2_lab'], d['ev_cord_t2_sp'], 'cord t2')}


def synth_source(seed):
    import synth3d
    img, lab, sp = synth3d.synth_volume(np.random.default_rng(seed))
    return Source(img, lab, sp, 'synthetic %d' % seed)


# ------------------------------------------------------------------------------------ model

def build(base=8, levels=4):
    import torch
    import torch.nn as nn

    def block(cin, cout):
        return nn.Sequential(
            nn.Conv3d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm3d(cout), nn.ReLU(inplace=True),
            nn.Conv3d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm3d(cout), nn.ReLU(inplace=True))

    class UNet3d(nn.Module):
        def __init__(self):
            super().__init__()
            ch = [base * 2 ** i for i in range(levels)]
            self.down = nn.ModuleList()
            c = 4
            for co in ch:
                self.down.append(block(c, co))
                c = co
            self.pool = nn.MaxPool3d(2)
            self.up = nn.ModuleList()
            self.dec = nn.ModuleList()
            for i in range(levels - 2, -1, -1):
                self.up.append(nn.ConvTranspose3d(c, ch[i], 2, stride=2))
                self.dec.append(block(2 * ch[i], ch[i]))
                c = ch[i]
            self.head = nn.Conv3d(c, 1, 1)

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
            return self.head(x)

    return UNet3d()


# ------------------------------------------------------------------------------------ train

def cmd_train(a):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(1)
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    torch.manual_seed(a.seed)
    real = real_sources(a.data)
    t0 = time.time()
    bank = [synth_source(s) for s in range(a.bank)]
    next_seed = a.bank
    print('bank of %d synthetic volumes in %.0f s' % (a.bank, time.time() - t0), flush=True)
    net = build(a.base, a.levels)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    step, samples, start_elapsed = 0, 0, 0.0
    hist = []
    ck = os.path.join(a.out, 'ckpt.pt')
    if a.resume and os.path.exists(ck):
        st = torch.load(ck)
        net.load_state_dict(st['model'])
        opt.load_state_dict(st['opt'])
        step, samples, start_elapsed = st['step'], st['samples'], st['elapsed']
        hist = st.get('hist', [])
        print('resumed at step %d, %.1f min' % (step, start_elapsed / 60), flush=True)
    weights = {'synth': a.w_synth, 'aal': a.w_aal, 'cord_t1w': a.w_cord, 'gm_t2s': a.w_gm}
    names = list(weights)
    p = np.array([weights[n] for n in names], float)
    p /= p.sum()
    budget = a.minutes * 60
    t_start = time.time()
    last_ck = t_start
    run_loss, run_dice, n_run = 0.0, 0.0, 0
    cfg = dict(base=a.base, levels=a.levels, patch=PATCH, batch=a.batch, lr=a.lr, weights=weights, seed=a.seed)

    def save():
        el = start_elapsed + time.time() - t_start
        torch.save({'model': net.state_dict(), 'opt': opt.state_dict(), 'step': step, 'samples': samples,
                    'elapsed': el, 'cfg': cfg, 'hist': hist}, ck + '.tmp')
        os.replace(ck + '.tmp', ck)
        with open(os.path.join(a.out, 'meta.json'), 'w') as f:
            json.dump({'step': step, 'samples': samples, 'minutes': el / 60, 'cfg': cfg, 'hist': hist[-50:],
                       'command': ' '.join(sys.argv)}, f, indent=1)

    while True:
        el = start_elapsed + time.time() - t_start
        if time.time() - t_start >= budget:
            break
        frac = min(1.0, el / (start_elapsed + budget))
        lr = a.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g['lr'] = lr
        if rng.random() < a.refresh:
            bank[int(rng.integers(len(bank)))] = synth_source(next_seed)
            next_seed += 1
        xs, ts = [], []
        for _ in range(a.batch):
            name = names[int(rng.choice(len(names), p=p))]
            src = bank[int(rng.integers(len(bank)))] if name == 'synth' else real[name]
            k = src.labels[int(rng.integers(len(src.labels)))]
            x, t, _ = sample(rng, src, k)
            x, t = patch(rng, x, t)
            xs.append(x)
            ts.append(t)
        x = torch.from_numpy(np.stack(xs))
        t = torch.from_numpy(np.stack(ts))
        net.train()
        logit = net(x)
        pr = torch.sigmoid(logit)
        inter = (pr * t).sum((1, 2, 3, 4))
        dl = 1 - (2 * inter + 1) / (pr.sum((1, 2, 3, 4)) + t.sum((1, 2, 3, 4)) + 1)
        loss = F.binary_cross_entropy_with_logits(logit, t) + dl.mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        samples += a.batch
        with torch.no_grad():
            hb = (pr > 0.5).float()
            tb = (t > 0.5).float()
            d = (2 * (hb * tb).sum((1, 2, 3, 4)) + 1) / (hb.sum((1, 2, 3, 4)) + tb.sum((1, 2, 3, 4)) + 1)
        run_loss += float(loss)
        run_dice += float(d.mean())
        n_run += 1
        if step % 50 == 0:
            hist.append([step, round(el / 60, 2), round(run_loss / n_run, 4), round(run_dice / n_run, 4)])
            print('step %d  %.1f min  lr %.2e  loss %.4f  patch dice %.3f' % (
                step, el / 60, lr, run_loss / n_run, run_dice / n_run), flush=True)
            run_loss, run_dice, n_run = 0.0, 0.0, 0
        if time.time() - last_ck > a.ckpt_minutes * 60:
            save()
            last_ck = time.time()
    save()
    print('done: %d steps, %d samples, %.1f min' % (step, samples, (start_elapsed + time.time() - t_start) / 60),
          flush=True)


# ------------------------------------------------------------------------------------ export

def cmd_export(a):
    import torch
    torch.set_num_threads(1)
    st = torch.load(a.ckpt)
    cfg = st['cfg']
    net = build(cfg['base'], cfg['levels'])
    net.load_state_dict(st['model'])
    net.eval()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    x = torch.zeros(1, 4, 48, 48, 48)
    torch.onnx.export(net, x, a.out, opset_version=17, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'n', 2: 'z', 3: 'y', 4: 'x'},
                                    'logits': {0: 'n', 2: 'z', 3: 'y', 4: 'x'}},
                      do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(a.out))
    print('%s %.2f MB' % (a.out, os.path.getsize(a.out) / 1e6))


def onnx_runner(path, threads=1):
    import onnxruntime as ort
    o = ort.SessionOptions()
    o.intra_op_num_threads = threads
    o.inter_op_num_threads = 1
    s = ort.InferenceSession(path, o, providers=['CPUExecutionProvider'])
    return lambda x: s.run(None, {'input': np.ascontiguousarray(x, np.float32)})[0]


def torch_runner(ckpt):
    import torch
    torch.set_num_threads(1)
    st = torch.load(ckpt)
    net = build(st['cfg']['base'], st['cfg']['levels'])
    net.load_state_dict(st['model'])
    net.eval()

    def run(x):
        with torch.no_grad():
            return net(torch.from_numpy(np.ascontiguousarray(x, np.float32))).numpy()
    return run


# ------------------------------------------------------------------------------------ evaluate

SYNTH_EVAL_SEED = 50_000_000
SYNTH_VAL_SEED = 40_000_000   # validation: neither trained on nor held out; for choosing a checkpoint


def eval_cases(n_synth, validation=False):
    """(set name, source, label) of every held-out object (validation: synthetic validation seeds only)."""
    cases = []
    if not validation:
        for name, src in eval_sources().items():
            for k in src.labels:
                cases.append((name, src, k))
    first = SYNTH_VAL_SEED if validation else SYNTH_EVAL_SEED
    for i in range(n_synth):
        src = synth_source(first + i)
        k = src.labels[int(np.random.default_rng(first + i).integers(len(src.labels)))]
        cases.append(('synthetic (validation seeds)' if validation else 'synthetic (held-out seeds)', src, k))
    return cases


def ellipsoid_in_box(box, shape):
    """Baseline: the ellipsoid inscribed in the box (voxel centres inside)."""
    x, y, z, w, h, d = box
    zz, yy, xx = np.ogrid[0:shape[0], 0:shape[1], 0:shape[2]]
    return (((xx + 0.5 - x - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - y - h / 2) / (h / 2)) ** 2
            + ((zz + 0.5 - z - d / 2) / (d / 2)) ** 2) <= 1


def sphere_at(p, voxels, spacing, shape):
    """Baseline: a ball of the object's true physical volume centred on the click."""
    sx, sy, sz = spacing
    r = (3 * voxels * sx * sy * sz / (4 * np.pi)) ** (1 / 3)
    zz, yy, xx = np.ogrid[0:shape[0], 0:shape[1], 0:shape[2]]
    return ((xx - p[0]) * sx) ** 2 + ((yy - p[1]) * sy) ** 2 + ((zz - p[2]) * sz) ** 2 <= r * r


def evaluate(run, n_synth=12, validation=False):
    res = {}
    t0 = time.time()
    for name, src, k in eval_cases(n_synth, validation):
        m = src.lab == k
        box = C.Prompt(box=C.tight_box(m))
        click = C.Prompt(pos=[C.interior_point(m, src.spacing)])
        db = C.dice(C.segment(src.vol, box, src.spacing, run)[0], m)
        dc = C.dice(C.segment(src.vol, click, src.spacing, run)[0], m)
        r = res.setdefault(name, {'n': 0, 'box': [], 'click': [], 'ellipsoid': [], 'sphere': []})
        r['n'] += 1
        r['box'].append(db)
        r['click'].append(dc)
        r['ellipsoid'].append(C.dice(ellipsoid_in_box(box.box, m.shape), m))
        r['sphere'].append(C.dice(sphere_at(click.pos[0], m.sum(), src.spacing, m.shape), m))
        if not name.startswith('synthetic'):
            r['box_prompt'] = list(box.box)
            r['click_prompt'] = list(click.pos[0])
            r['spacing'] = list(src.spacing)
            r['shape_xyz'] = list(src.vol.shape[::-1])
    out = {}
    for name, r in res.items():
        out[name] = {k: v for k, v in r.items() if k not in ('box', 'click', 'ellipsoid', 'sphere')}
        out[name]['box_dice'] = float(np.mean(r['box']))
        out[name]['click_dice'] = float(np.mean(r['click']))
        out[name]['baseline_box_inscribed_ellipsoid'] = float(np.mean(r['ellipsoid']))
        out[name]['baseline_click_sphere_of_true_volume'] = float(np.mean(r['sphere']))
        print('%-28s n=%-3d box %.3f (ellipsoid %.3f)  click %.3f (sphere %.3f)' % (
            name, r['n'], np.mean(r['box']), np.mean(r['ellipsoid']), np.mean(r['click']), np.mean(r['sphere'])), flush=True)
    real = [n for n in out if not n.startswith('synthetic')]
    if real:
        out['mean of the real sets'] = {'box_dice': float(np.mean([out[n]['box_dice'] for n in real])),
                                    'click_dice': float(np.mean([out[n]['click_dice'] for n in real]))}
    out['_seconds'] = time.time() - t0
    return out


def cmd_evaluate(a):
    run = onnx_runner(a.model) if a.model.endswith('.onnx') else torch_runner(a.model)
    out = evaluate(run, a.synth, a.validation)
    out['_model'] = os.path.relpath(a.model, REPO)
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(out, f, indent=1)
    print(json.dumps(out, indent=1))


# ------------------------------------------------------------------------------------ package

def cmd_package(a):
    """Test tensors, encoding fixtures for the Java test, rdf.yaml (sha256 filled in)."""
    import hashlib
    run = onnx_runner(ONNX)
    import synth3d
    rng = np.random.default_rng(7)   # test-data/encoding3d/volume.npy, its 'box' prompt, the model's window
    lab = synth3d.synth_labels(rng, (24, 36, 40), 4, 7.0)
    vol = (1000 * synth3d.synth_render(rng, lab)).astype(np.float32)
    x, win = C.encode(vol, C.Prompt(box=(9, 7, 4, 17, 15, 11)), (1, 1, 1))
    xp, _ = C.pad_to_multiple(x)
    xin = xp[None].astype(np.float32)
    np.save(os.path.join(MODEL_DIR, 'test-input.npy'), xin)
    np.save(os.path.join(MODEL_DIR, 'test-output.npy'), run(xin).astype(np.float32))
    print('test tensors', xin.shape, win)

    def sha(p):
        return hashlib.sha256(open(p, 'rb').read()).hexdigest()

    tpl = open(os.path.join(HERE, 'cards', 'interactive-3d.rdf.yaml')).read()
    tpl = tpl.replace('@ONNX_SHA@', sha(ONNX)).replace('@IN_SHA@', sha(os.path.join(MODEL_DIR, 'test-input.npy')))
    tpl = tpl.replace('@OUT_SHA@', sha(os.path.join(MODEL_DIR, 'test-output.npy')))
    tpl = tpl.replace('@TIMESTAMP@', time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()))
    with open(os.path.join(MODEL_DIR, 'rdf.yaml'), 'w') as f:
        f.write(tpl)
    print('wrote', os.path.join(MODEL_DIR, 'rdf.yaml'))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('prepare')
    p.add_argument('--data', default='/work/shared/data')
    p.add_argument('--mricron', default='/usr/share/mricron/templates')
    p.add_argument('--out', default=DATA)
    p = sub.add_parser('train')
    p.add_argument('--minutes', type=float, default=65)
    p.add_argument('--out', default=RUN)
    p.add_argument('--data', default=DATA)
    p.add_argument('--base', type=int, default=8)
    p.add_argument('--levels', type=int, default=4)
    p.add_argument('--batch', type=int, default=4)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--bank', type=int, default=40)
    p.add_argument('--refresh', type=float, default=0.15)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--ckpt-minutes', type=float, default=4)
    p.add_argument('--resume', action='store_true')
    p.add_argument('--w-synth', type=float, default=0.55)
    p.add_argument('--w-aal', type=float, default=0.25)
    p.add_argument('--w-cord', type=float, default=0.12)
    p.add_argument('--w-gm', type=float, default=0.08)
    p = sub.add_parser('export')
    p.add_argument('ckpt')
    p.add_argument('--out', default=ONNX)
    p = sub.add_parser('evaluate')
    p.add_argument('model')
    p.add_argument('--synth', type=int, default=12)
    p.add_argument('--json')
    p.add_argument('--validation', action='store_true', help='synthetic validation seeds only (choosing a checkpoint)')
    p = sub.add_parser('package')
    p.add_argument('run')
    a = ap.parse_args()
    {'prepare': cmd_prepare, 'train': cmd_train, 'export': cmd_export, 'evaluate': cmd_evaluate,
     'package': cmd_package}[a.cmd](a)


if __name__ == '__main__':
    main()
