"""Export a checkpoint to ONNX (works with torch 1.13 here and newer torch elsewhere).

  /usr/bin/python3 training/export.py training/runs/cpu/ckpt.pt models/interactive-2d/interactive-2d.onnx
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import build  # noqa: E402

OPSET = 17


def load(ckpt):
    ck = torch.load(ckpt, map_location='cpu')
    net = build(ck['meta']['cfg'])
    net.load_state_dict(ck['state'])
    net.eval()
    return net, ck['meta']


def export_onnx(ckpt, out, opset=OPSET):
    net, meta = load(ckpt)
    x = torch.zeros(1, 4, 128, 128)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(net, x, out, input_names=['input'], output_names=['logits'],
                          opset_version=opset, do_constant_folding=True,
                          dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
    import onnx
    m = onnx.load(out)
    onnx.checker.check_model(m)
    print('exported %s (%.2f MB, opset %d, %s)' % (out, os.path.getsize(out) / 1e6, opset, meta))
    return meta


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('ckpt')
    ap.add_argument('out')
    ap.add_argument('--opset', type=int, default=OPSET)
    a = ap.parse_args()
    export_onnx(a.ckpt, a.out, a.opset)
