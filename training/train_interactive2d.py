"""Train interactive-2d (promptable 2D U-Net) on synthetic scenes + real structures.

CPU (here):   /usr/bin/python3 training/train_interactive2d.py --device cpu --minutes 25 --base 12 \
                  --out training/runs/cpu
GPU machine:  python3 training/train_interactive2d.py --device cuda --workers 14 --minutes 8 \
                  --base 16 --batch 64 --out training/runs/gpu
Reads only training/cache/train.npz (made by prepare_data.py). Writes OUT/ckpt.pt (and OUT/model.onnx
when --export is given and torch.onnx works; otherwise export later with export.py).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import data  # noqa: E402
from model import build  # noqa: E402


class Stream(torch.utils.data.IterableDataset):
    def __init__(self, cache, seed, reuse=1):
        self.cache, self.seed, self.reuse = cache, seed, reuse
        self.real = None

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid = 0 if info is None else info.id
        torch.set_num_threads(1)
        rng = np.random.default_rng([self.seed, wid, int(time.time() * 1000) % 100000])
        if self.real is None:
            self.real = data.RealData(self.cache) if os.path.exists(self.cache) else None
        while True:
            x, t, w = data.make_sample(rng, self.real, reuse=self.reuse)
            yield torch.from_numpy(x), torch.from_numpy(t)[None], torch.from_numpy(w)


def val_set(n=96, seed=987654321, cache=None):
    rng = np.random.default_rng(seed)
    real = data.RealData(cache) if cache and os.path.exists(cache) else None
    xs, ts = [], []
    for i in range(n):
        x, t, _ = data.make_sample(rng, real, source='synth' if i % 2 == 0 else None)
        xs.append(x)
        ts.append(t)
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ts))[:, None]


def loss_fn(logits, t):
    bce = F.binary_cross_entropy_with_logits(logits, t)
    p = torch.sigmoid(logits)
    inter = (p * t).sum((1, 2, 3))
    dice = 1 - (2 * inter + 1) / (p.sum((1, 2, 3)) + t.sum((1, 2, 3)) + 1)
    return bce + dice.mean()


def add_corrections(net, x, t, win, amp_ctx):
    """One round of simulated correction clicks: at the interior-most pixel of the largest error
    region of the current prediction (false negative -> positive click, false positive -> negative
    click), snapped to the image pixel grid of each sample's window."""
    from scipy import ndimage as ndi
    with torch.no_grad(), amp_ctx():
        p = (net(x) > 0).float().cpu().numpy()[:, 0]
    tt = (t.cpu().numpy()[:, 0] > 0.5)
    xn = x.cpu().numpy().copy()
    wn = win.cpu().numpy()
    u = np.arange(C.S, dtype=np.float64)
    for i in range(x.shape[0]):
        fn = tt[i] & (p[i] < 0.5)
        fp = (~tt[i]) & (p[i] > 0.5)
        best = None
        for err, ch in ((fn, 1), (fp, 2)):
            lab, n = ndi.label(err)
            if n == 0:
                continue
            sizes = np.bincount(lab.ravel())[1:]
            k = int(np.argmax(sizes))
            if best is None or sizes[k] > best[0]:
                best = (sizes[k], lab == k + 1, ch)
        if best is None or best[0] < 4:
            continue
        dt = ndi.distance_transform_edt(np.pad(best[1], 1))[1:-1, 1:-1]
        j = int(np.argmax(dt))
        vu, uu = j // C.S, j % C.S
        lx, ly, wx, wy = wn[i]
        px = math.floor(lx + (uu + 0.5) * wx / C.S)
        py = math.floor(ly + (vu + 0.5) * wy / C.S)
        uc, vc = C.model_coords(px, py, (lx, ly, wx, wy))
        g = np.exp(-((u[None, :] - uc) ** 2 + (u[:, None] - vc) ** 2) / (2 * C.SIGMA ** 2))
        xn[i, best[2]] = np.maximum(xn[i, best[2]], g)
    return torch.from_numpy(xn).to(x.device)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--minutes', type=float, default=25)
    ap.add_argument('--base', type=int, default=12)
    ap.add_argument('--levels', type=int, default=5)
    ap.add_argument('--arch', default='unet', choices=['unet', 'attention'], help="'attention': attention-gated skips (attention-2d)")
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--wd', type=float, default=1e-4)
    ap.add_argument('--correct', type=float, default=0.25, help='share of batches with correction clicks')
    ap.add_argument('--rounds', type=int, default=1,
                    help='most rounds of correction clicks in a corrected batch (1..rounds, each on the '
                         'prediction after the previous round: the iterative click protocol)')
    ap.add_argument('--export-every', type=float, default=0,
                    help='minutes between kept snapshots (ckpt-MMM.pt + ckpt-MMM.onnx in --out); 0: none')
    ap.add_argument('--freeze-bn', action='store_true',
                    help='batch norms keep their running statistics (eval mode) while the weights train: '
                         'fine-tuning from a from_onnx checkpoint starts exactly at the shipped function')
    ap.add_argument('--warmup', type=int, default=100, help='steps of linear learning-rate warm-up')
    ap.add_argument('--log-every', type=float, default=None,
                    help='minutes between validation lines (default 1 on the CPU, 0.5 on a GPU)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--reuse', type=int, default=1, help='samples drawn from each synthetic scene')
    ap.add_argument('--cache', default=os.path.join(data.default_cache(), 'train.npz'))
    ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'runs', 'run'))
    ap.add_argument('--resume', default=None, help='start from this checkpoint (fine-tuning)')
    ap.add_argument('--curriculum', default=None, choices=[k for k in data.CURRICULA if k],
                    help="'click': click-heavy fine-tuning schedule (data.CURRICULA)")
    ap.add_argument('--export', action='store_true')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data.use_curriculum(a.curriculum)
    dev = torch.device(a.device)
    if dev.type == 'cpu':
        torch.set_num_threads(1)
    else:
        torch.backends.cudnn.benchmark = True
    torch.manual_seed(a.seed)
    if not os.path.exists(a.cache):
        print('WARNING: no cache at %s: synthetic data only' % a.cache, flush=True)

    cfg = {'base': a.base, 'levels': a.levels, 'cap': 8}
    if a.arch != 'unet':
        cfg['arch'] = a.arch
    net = build(cfg).to(dev)
    if a.resume:
        net.load_state_dict(torch.load(a.resume, map_location='cpu', weights_only=False)['state'])
    nparam = sum(p.numel() for p in net.parameters())
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=a.wd)
    use_amp = dev.type == 'cuda'

    def amp_ctx():
        if use_amp:
            return torch.autocast('cuda', dtype=torch.bfloat16)
        return torch.autocast('cpu', enabled=False)

    loader = torch.utils.data.DataLoader(
        Stream(a.cache, a.seed, a.reuse), batch_size=a.batch, num_workers=a.workers,
        pin_memory=dev.type == 'cuda', persistent_workers=a.workers > 0,
        **({'prefetch_factor': 4} if a.workers > 0 else {}))
    vx, vt = val_set(cache=a.cache)
    print('params %d, cfg %s, device %s, batch %d, workers %d, %.1f min'
          % (nparam, cfg, dev, a.batch, a.workers, a.minutes), flush=True)

    budget = a.minutes * 60
    t0 = time.time()
    step, seen, last_log, last_ckpt = 0, 0, t0, t0
    losses = []
    rng = np.random.default_rng(a.seed + 7)

    def save(final=False):
        state = {k: v.detach().float().cpu().clone() for k, v in net.state_dict().items()}
        meta = {'cfg': cfg, 'steps': step, 'samples': seen, 'minutes': (time.time() - t0) / 60,
                'device': str(dev) + (' ' + torch.cuda.get_device_name() if dev.type == 'cuda' else ''),
                'torch': torch.__version__, 'batch': a.batch, 'lr': a.lr, 'params': nparam,
                'final': final, 'resume': a.resume, 'curriculum': a.curriculum,
                'correct': a.correct, 'rounds': a.rounds, 'seed': a.seed,
                'freeze_bn': a.freeze_bn}
        torch.save({'state': state, 'meta': meta}, os.path.join(a.out, 'ckpt.pt'))
        with open(os.path.join(a.out, 'meta.json'), 'w') as f:
            json.dump(meta, f, indent=1)

    last_snap = t0

    def snapshot(minutes):
        import shutil
        from export import export_onnx
        base = os.path.join(a.out, 'ckpt-%03d' % int(round(minutes)))
        shutil.copyfile(os.path.join(a.out, 'ckpt.pt'), base + '.pt')
        try:
            export_onnx(base + '.pt', base + '.onnx')
        except Exception as e:  # an export failure must not stop training
            print('export of %s failed: %s' % (base, e), flush=True)

    def validate():
        net.eval()
        ds = []
        with torch.no_grad(), amp_ctx():
            for i in range(0, len(vx), 32):
                p = (net(vx[i:i + 32].to(dev)) > 0).float().cpu()
                t = (vt[i:i + 32] > 0.5).float()
                inter = (p * t).sum((1, 2, 3))
                ds.append((2 * inter / (p.sum((1, 2, 3)) + t.sum((1, 2, 3)) + 1e-6)))
        train_mode()
        d = torch.cat(ds)
        return float(d[0::2].mean()), float(d[1::2].mean())

    def train_mode():
        net.train()
        if a.freeze_bn:
            for m in net.modules():
                if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                    m.eval()

    train_mode()
    if a.resume:
        vs, vr = validate()
        print('start: val dice synth %.3f mixed %.3f' % (vs, vr), flush=True)
    for x, t, win in loader:
        el = time.time() - t0
        if el >= budget:
            break
        frac = el / budget
        lr = a.lr * min(1.0, (step + 1) / max(1, a.warmup)) * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g['lr'] = lr
        x = x.to(dev, non_blocking=True)
        t = t.to(dev, non_blocking=True)
        if frac > 0.1 and rng.random() < a.correct:
            for _ in range(int(rng.integers(1, a.rounds + 1))):
                x = add_corrections(net, x, t, win, amp_ctx)
        with amp_ctx():
            logits = net(x)
        loss = loss_fn(logits.float(), t)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        seen += x.shape[0]
        losses.append(float(loss.detach()))
        now = time.time()
        if now - last_log > 60 * (a.log_every or (1 if dev.type == 'cpu' else 0.5)):
            vs, vr = validate()
            print('%6.1f min step %6d samples %8d (%.0f/s) lr %.2e loss %.4f val dice synth %.3f mixed %.3f'
                  % (el / 60, step, seen, seen / el, lr, np.mean(losses[-50:]), vs, vr), flush=True)
            last_log = now
        if now - last_ckpt > 300:
            save()
            last_ckpt = now
        if a.export_every > 0 and now - last_snap > 60 * a.export_every:
            save()
            snapshot(el / 60)
            last_snap = now
    save(final=True)
    vs, vr = validate()
    print('done: %d steps, %d samples, %.1f min; val dice synth %.3f mixed %.3f'
          % (step, seen, (time.time() - t0) / 60, vs, vr), flush=True)
    if a.export:
        from export import export_onnx
        export_onnx(os.path.join(a.out, 'ckpt.pt'), os.path.join(a.out, 'model.onnx'))
    os._exit(0)  # do not wait for the infinite data workers


if __name__ == '__main__':
    main()
