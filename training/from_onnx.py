"""Recover a trainable checkpoint of interactive-2d (or attention-2d) from its exported ONNX graph,
whose batch norms were folded into the convolutions at export, so that a shipped model can be
fine-tuned when its training checkpoint is gone.

Each folded convolution (weight W', bias b') becomes a bias-free convolution W' followed by a batch
norm whose running mean m and variance v are the statistics of W'x over training batches, with
gamma = sqrt(v + eps) and beta = b' + m: in eval mode the network computes exactly what the ONNX
graph computes, and in train mode (batch statistics) almost the same.

  /usr/bin/python3 training/from_onnx.py models/interactive-2d/interactive-2d.onnx \
      training/runs/from-onnx/ckpt.pt --base 16 [--curriculum click]
  /usr/bin/python3 training/from_onnx.py models/interactive-3d/interactive-3d.onnx \
      training/runs/interactive-3d/ckpt.pt --model interactive-3d --base 8 --levels 4
"""
import argparse
import copy
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
from model import build  # noqa: E402


def onnx_weights(path):
    """{module path: (weight, bias)} of every Conv / ConvTranspose node, from node names such as
    '/down.0/down.0.0/Conv' -> 'down.0.0'."""
    m = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i).copy() for i in m.graph.initializer}
    out = {}
    for n in m.graph.node:
        if n.op_type not in ('Conv', 'ConvTranspose'):
            continue
        parts = n.name.split('/')
        if len(parts) < 3:
            raise SystemExit('%s: node %r does not name its module' % (path, n.name))
        name = parts[-2]
        w = init[n.input[1]]
        b = init[n.input[2]] if len(n.input) > 2 else None
        out[name] = (w, b)
    return out


def load_folded(net, weights):
    """Puts the folded weights into net; batch norms after bias-free convolutions get identity
    statistics and beta = folded bias. Returns [(conv name, bn module)] to re-estimate."""
    mods = dict(net.named_modules())
    pending = []
    used = set()
    for name, mod in mods.items():
        if not isinstance(mod, (torch.nn.Conv2d, torch.nn.ConvTranspose2d, torch.nn.Conv3d, torch.nn.ConvTranspose3d)):
            continue
        if name not in weights:
            raise SystemExit('%s: no ONNX node for module %s' % (name, name))
        w, b = weights[name]
        if tuple(w.shape) != tuple(mod.weight.shape):
            raise SystemExit('%s: ONNX weight %s, module %s' % (name, w.shape, tuple(mod.weight.shape)))
        used.add(name)
        with torch.no_grad():
            mod.weight.copy_(torch.from_numpy(w))
            if mod.bias is not None:
                mod.bias.copy_(torch.from_numpy(b))
                continue
            prefix, idx = name.rsplit('.', 1)
            bn = mods['%s.%d' % (prefix, int(idx) + 1)]
            bn.running_mean.zero_()
            bn.running_var.fill_(1 - bn.eps)
            bn.weight.fill_(1)
            bn.bias.copy_(torch.from_numpy(b))
            pending.append((name, bn))
    extra = set(weights) - used
    if extra:
        raise SystemExit('ONNX nodes without module: %s' % sorted(extra))
    return pending


def estimate_stats(net, pending, batches):
    """Re-expresses each identity batch norm with the statistics of its input (the bias-free
    convolution's output), keeping the eval-mode function unchanged."""
    sums = {id(bn): [0.0, 0.0, 0] for _, bn in pending}
    hooks = []
    for _, bn in pending:
        def hook(mod, inp, _out, acc=sums[id(bn)]):
            x = inp[0].detach().double()
            dims = tuple(d for d in range(x.dim()) if d != 1)
            acc[0] = acc[0] + x.sum(dims)
            acc[1] = acc[1] + (x * x).sum(dims)
            acc[2] += x.numel() // x.shape[1]
        hooks.append(bn.register_forward_hook(hook))
    net.eval()
    with torch.no_grad():
        for x in batches:
            net(x)
    for h in hooks:
        h.remove()
    with torch.no_grad():
        for _, bn in pending:
            s, ss, n = sums[id(bn)]
            m = s / n
            v = (ss / n - m * m).clamp_min(1e-8)
            bn.running_mean.copy_(m.float())
            bn.running_var.copy_(v.float())
            bn.weight.copy_(torch.sqrt(v + bn.eps).float())
            bn.bias.add_(m.float())


def batches_2d(a, cfg):
    net = build(cfg)
    data.use_curriculum(a.curriculum)
    rng = np.random.default_rng(20261127)
    real = data.RealData(a.cache)
    return net, [torch.from_numpy(np.stack([data.make_sample(rng, real)[0] for _ in range(16)]))
                 for _ in range(a.batches)]


def batches_3d(a, cfg):
    import interactive3d as I3
    net = I3.build(cfg['base'], cfg['levels'])
    rng = np.random.default_rng(20261127)
    real = I3.real_sources()
    srcs = [I3.synth_source(s) for s in range(8)] + list(real.values())
    out = []
    for _ in range(a.batches):
        xs = []
        for _ in range(4):
            src = srcs[int(rng.integers(len(srcs)))]
            x, t, _ = I3.sample(rng, src, src.labels[int(rng.integers(len(src.labels)))])
            xs.append(I3.patch(rng, x, t)[0])
        out.append(torch.from_numpy(np.stack(xs)))
    return net, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('onnx')
    ap.add_argument('out')
    ap.add_argument('--model', default='interactive-2d', choices=['interactive-2d', 'interactive-3d'],
                    help='interactive-2d (also attention-2d with --arch attention) or interactive-3d')
    ap.add_argument('--base', type=int, default=16)
    ap.add_argument('--levels', type=int, default=5)
    ap.add_argument('--arch', default='unet', choices=['unet', 'attention'])
    ap.add_argument('--curriculum', default='click', choices=[k for k in data.CURRICULA if k])
    ap.add_argument('--batches', type=int, default=24)
    ap.add_argument('--cache', default=os.path.join(data.default_cache(), 'train.npz'))
    a = ap.parse_args()
    torch.set_num_threads(1)
    cfg = {'base': a.base, 'levels': a.levels, 'cap': 8}
    if a.arch != 'unet':
        cfg['arch'] = a.arch
    net, batches = (batches_3d if a.model == 'interactive-3d' else batches_2d)(a, cfg)
    pending = load_folded(net, onnx_weights(a.onnx))
    net.eval()
    with torch.no_grad():
        before = net(batches[0])
    estimate_stats(net, pending, batches)
    with torch.no_grad():
        after = net(batches[0])
        probe = copy.deepcopy(net).train()   # train mode would move the running statistics
        trained = probe(batches[0])
    print('eval-mode change %.2e, train-mode (batch statistics) change %.3f (mean |logit| difference)'
          % (float((after - before).abs().max()), float((trained - before).abs().mean())))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    state = {k: v.detach().float().clone() for k, v in net.state_dict().items()}
    if a.model == 'interactive-3d':   # interactive3d.py train --resume reads this layout
        opt = torch.optim.Adam(net.parameters())
        torch.save({'model': state, 'opt': opt.state_dict(), 'step': 0, 'samples': 0, 'elapsed': 0.0,
                    'cfg': {'base': a.base, 'levels': a.levels, 'from_onnx': a.onnx}, 'hist': []}, a.out)
    else:
        torch.save({'state': state, 'meta': {'cfg': cfg, 'from_onnx': a.onnx, 'steps': 0, 'samples': 0}}, a.out)
    print('wrote', a.out)


if __name__ == '__main__':
    main()
