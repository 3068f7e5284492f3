"""Helpers shared by the scripts of the conditional model family (brain-regions-2d, probabilistic-2d,
refine-cgan-2d): checksums, ONNX checks, time-budgeted training loops, model-card tables.
numpy + torch only."""
import hashlib
import json
import os
import platform
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CACHE = os.path.join(HERE, 'cache')
RUNS = os.path.join(HERE, 'runs')
MRICRON = '/usr/share/mricron/templates'


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for b in iter(lambda: f.read(1 << 20), b''):
            h.update(b)
    return h.hexdigest()


def opset_of(path):
    import onnx
    return max(o.version for o in onnx.load(path).opset_import if o.domain in ('', 'ai.onnx'))


def check_onnx(path):
    import onnx
    onnx.checker.check_model(onnx.load(path))
    return os.path.getsize(path) / 1e6


def machine_words():
    try:
        cpu = [ln.split(':', 1)[1].strip() for ln in open('/proc/cpuinfo') if ln.startswith('model name')][0]
    except (OSError, IndexError):
        cpu = platform.processor() or 'x86-64 CPU'
    return '%s, %d logical cores (training used one torch thread; the machine was shared with other jobs)' % (
        cpu, os.cpu_count() or 1)


def save_json(obj, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=1)


def load_json(path):
    with open(path) as f:
        return json.load(f)


def dice(a, b):
    a = np.asarray(a, bool)
    b = np.asarray(b, bool)
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2.0 * np.logical_and(a, b).sum() / s


def soft_dice_loss(logits, t):
    import torch
    p = torch.sigmoid(logits)
    dims = tuple(range(1, p.dim()))
    inter = (p * t).sum(dims)
    return (1 - (2 * inter + 1) / (p.sum(dims) + t.sum(dims) + 1)).mean()


def cosine_lr(base, step, frac, warmup=50):
    import math
    return base * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))


class Clock:
    """A training budget in minutes; log() prints at most once a minute."""

    def __init__(self, minutes):
        self.t0 = time.time()
        self.budget = minutes * 60
        self.last = self.t0

    def elapsed(self):
        return time.time() - self.t0

    def frac(self):
        return self.elapsed() / self.budget

    def over(self):
        return self.elapsed() >= self.budget

    def due(self, every=60):
        now = time.time()
        if now - self.last >= every:
            self.last = now
            return True
        return False
