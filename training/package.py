"""Package models/<id>/ for a model of the interactive task (interactive-2d, attention-2d): rdf.yaml
(bioimage.io 0.5.4 + config.condseg), test and sample tensors, model card README.md. Needs
onnxruntime + onnx (no torch).

  python training/package.py --onnx models/interactive-2d/interactive-2d.onnx \
      --meta training/runs/cpu/meta.json --eval models/interactive-2d/evaluation.json
  python training/package.py --id attention-2d --meta training/runs/attention-2d/meta.json \
      --eval models/attention-2d/evaluation.json --benchmark training/runs/attention-2d/benchmark.md

The model card comes from training/MODEL_CARD.md (interactive-2d) or training/cards/<id>.md; a card
other than interactive-2d's may use {compare}, a table of this model against the shipped
interactive-2d (held-out Dice, parameters, size, ONNX Runtime latency measured here back to back),
and {benchmark}, the text of --benchmark.

The test tensor is the encoding of test-data/synthetic/demo-image.tif with the box of
demo-prompt.txt (so the Java side can check its encoder against it); the test output is the ONNX
model's logits for it.
"""
import argparse
import datetime
import hashlib
import json
import os
import sys

import numpy as np
import tifffile
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import common as C  # noqa: E402
from evaluate_interactive2d import ort_runner, table, torch_runner  # noqa: E402


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for b in iter(lambda: f.read(1 << 20), b''):
            h.update(b)
    return h.hexdigest()


def test_case_dice(run):
    """Mean Dice (box, click) on the committed test cases that the Java tests use."""
    rows = []
    for sub, prefix in (('reference', 'ref-'), ('synthetic', 'case-')):
        d = os.path.join(REPO, 'test-data', sub)
        if not os.path.isdir(d):
            continue
        db, dc = [], []
        k = 1
        while os.path.exists(os.path.join(d, '%s%d-image.tif' % (prefix, k))):
            stem = os.path.join(d, '%s%d' % (prefix, k))
            img = tifffile.imread(stem + '-image.tif').astype(np.float32)
            truth = tifffile.imread(stem + '-truth.tif') > 0
            box = point = None
            for line in open(stem + '-prompt.txt'):
                kind, v = line.split()
                v = tuple(int(s) for s in v.split(','))
                box, point = (v, point) if kind == 'box' else (box, v)
            db.append(C.dice(C.segment(img, C.Prompt(box=box), run), truth))
            dc.append(C.dice(C.segment(img, C.Prompt(pos=[point]), run), truth))
            k += 1
        if db:
            rows.append('| `test-data/%s/%s*` | %d | %.3f | %.3f |' % (sub, prefix, len(db), np.mean(db), np.mean(dc)))
    if not rows:
        return ''
    return '\n'.join(['| test cases | n | Dice from box | Dice from 1 click |', '|---|---:|---:|---:|'] + rows)


def demo_tensors():
    d = os.path.join(REPO, 'test-data', 'synthetic')
    img = tifffile.imread(os.path.join(d, 'demo-image.tif')).astype(np.float32)
    box = None
    for line in open(os.path.join(d, 'demo-prompt.txt')):
        k, v = line.split()
        if k == 'box':
            box = tuple(int(s) for s in v.split(','))
    x, win = C.encode(img, C.Prompt(box=box))
    return x[None].astype(np.float32), box, win


UNET_CITE = [
    {'text': 'Ronneberger, Fischer, Brox. U-Net: Convolutional Networks for Biomedical Image Segmentation. MICCAI 2015.',
     'doi': '10.1007/978-3-319-24574-4_28'},
    {'text': 'Sakinis et al. Interactive segmentation of medical images through fully convolutional neural networks. arXiv 2019.',
     'url': 'https://arxiv.org/abs/1903.08205'},
]

# What differs between the models of the interactive task: the rest of rdf.yaml (the contract) is shared.
MODELS = {
    'interactive-2d': {
        'description': 'Class-agnostic promptable 2D segmenter (small U-Net): positive/negative clicks, a box or a '
                       'scribble on one 2D image or slice, any modality, give the mask of the prompted object.',
        'cite': UNET_CITE,
        'tags': ['interactive', 'promptable', 'segmentation', '2d', 'clicks', 'box', 'scribble', 'onnx', 'condseg'],
        'card': os.path.join(HERE, 'MODEL_CARD.md'),
    },
    'attention-2d': {
        'description': 'Class-agnostic promptable 2D segmenter (small Attention U-Net: additive attention gates on the '
                       'skip connections): positive/negative clicks, a box or a scribble on one 2D image or slice, any '
                       'modality, give the mask of the prompted object. Same contract as interactive-2d.',
        'cite': UNET_CITE + [
            {'text': 'Oktay et al. Attention U-Net: Learning Where to Look for the Pancreas. MIDL 2018.',
             'url': 'https://arxiv.org/abs/1804.03999'}],
        'tags': ['interactive', 'promptable', 'segmentation', '2d', 'clicks', 'box', 'scribble', 'attention', 'onnx',
                 'condseg'],
        'card': os.path.join(HERE, 'cards', 'attention-2d.md'),
    },
}


def _axes(channels):
    return [{'type': 'batch'}, {'type': 'channel', 'channel_names': channels},
            {'type': 'space', 'id': 'y', 'size': C.S}, {'type': 'space', 'id': 'x', 'size': C.S}]


def rdf(model_id, version, timestamp, sha, opset):
    """The rdf.yaml (bioimage.io 0.5.4 + config.condseg) as plain data, for yaml.safe_dump; sha maps
    test-input / test-output / sample-input / sample-output / onnx to their SHA-256."""
    m = MODELS[model_id]
    return {
        'format_version': '0.5.4', 'type': 'model', 'id': 'condseg-' + model_id, 'name': 'CondSeg ' + model_id,
        'description': m['description'],
        'authors': [{'name': 'CondSeg developers'}], 'maintainers': [{'name': 'CondSeg developers'}],
        'cite': m['cite'], 'license': 'BSD-2-Clause', 'documentation': 'README.md', 'tags': m['tags'],
        'timestamp': timestamp, 'version': version,
        'inputs': [{
            'id': 'input',
            'description': '[N, 4, 128, 128] float32: 0 image crop (bilinear, clamp-to-edge, clipped to its 0.5/99.5 '
                           'percentiles, zero mean unit variance); 1 positive clicks (Gaussian, sigma 3 model pixels) '
                           'and positive scribble (1); 2 negative clicks (Gaussian, sigma 3); 3 box (1 inside).',
            'axes': _axes(['image', 'positive', 'negative', 'box']),
            'test_tensor': {'source': 'test-input.npy', 'sha256': sha['test-input']},
            'sample_tensor': {'source': 'sample-input.tif', 'sha256': sha['sample-input']},
            'data': {'type': 'float32'}}],
        'outputs': [{
            'id': 'logits',
            'description': '[N, 1, 128, 128] float32 logits of the prompted object; sigmoid, threshold 0.5.',
            'axes': _axes(['object']),
            'test_tensor': {'source': 'test-output.npy', 'sha256': sha['test-output']},
            'sample_tensor': {'source': 'sample-output.tif', 'sha256': sha['sample-output']},
            'data': {'type': 'float32'}}],
        'weights': {'onnx': {'source': model_id + '.onnx', 'sha256': sha['onnx'], 'opset_version': int(opset)}},
        'config': {'condseg': {
            'task': 'interactive',
            'grid': [C.S, C.S],
            'coordinates': 'edge',   # pixel i covers [i, i+1)
            'window': {'box_scale': C.BOX_SCALE, 'box_margin': int(C.BOX_MARGIN),
                       'click_min_side': int(C.CLICK_MIN_SIDE), 'click_scale': C.CLICK_SCALE,
                       'click_margin': int(C.CLICK_MARGIN)},
            'resample': {'image': 'linear_clamp_to_edge', 'scribble': 'nearest', 'back_projection': 'linear'},
            'normalize': {'percentiles': [100 * C.P_LO, 100 * C.P_HI], 'method': 'zero_mean_unit_variance'},
            'conditions': [
                {'channel': 1, 'kind': 'positive', 'encoding': 'gaussian', 'sigma': C.SIGMA},
                {'channel': 2, 'kind': 'negative', 'encoding': 'gaussian', 'sigma': C.SIGMA},
                {'channel': 3, 'kind': 'box', 'encoding': 'filled'}],
            'output': {'activation': 'sigmoid', 'threshold': C.THRESHOLD},
            'postprocess': {'clip_to_box': True, 'keep': 'prompted_component', 'connectivity': 4}}},
    }


REF_SAMPLES = 274048  # interactive-2d's training samples (its model card)


def onnx_weights(path):
    """Number of weight values stored in an ONNX file (its initializers; batch norm folded)."""
    import onnx
    return int(sum(np.prod(t.dims) for t in onnx.load(path).graph.initializer))


def compare(this_id, onnx_path, ev, x, rounds=60):
    """Markdown table of this model against the shipped interactive-2d: held-out Dice from its
    evaluation.json, weights, file size, and the median ONNX Runtime latency (one thread) of both
    on the same input, measured here alternately so that both see the same load."""
    import time
    ref_dir = os.path.join(REPO, 'models', 'interactive-2d')
    ref_onnx = os.path.join(ref_dir, 'interactive-2d.onnx')
    ref_ev = json.load(open(os.path.join(ref_dir, 'evaluation.json')))
    runs = {'interactive-2d': ort_runner(ref_onnx), this_id: ort_runner(onnx_path)}
    ts = {k: [] for k in runs}
    for r in runs.values():
        r(x)
    for _ in range(rounds):
        for k, r in runs.items():
            t0 = time.perf_counter()
            r(x)
            ts[k].append(time.perf_counter() - t0)
    rows = [('interactive-2d', ref_onnx, ref_ev), (this_id, onnx_path, ev)]
    lines = ['| | %s | %s |' % (rows[0][0], rows[1][0]), '|---|---:|---:|']
    for k in (k for k in ev if not k.startswith('_')):
        lines.append('| %s (n %d): Dice box / click | %s |' % (k, ev[k]['n'], ' | '.join(
            '%.3f / %.3f' % (e[k]['box_dice'], e[k]['click_dice']) for _, _, e in rows)))
    lines.append('| ONNX weights | %s |' % ' | '.join('%d' % onnx_weights(pth) for _, pth, _ in rows))
    lines.append('| ONNX file | %s |' % ' | '.join('%.2f MB' % (os.path.getsize(pth) / 1e6) for _, pth, _ in rows))
    lines.append('| ONNX Runtime, 1 × 4 × 128 × 128, 1 thread (median) | %s |' % ' | '.join(
        '%.1f ms' % (1000 * float(np.median(ts[n]))) for n, _, _ in rows))
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--id', default='interactive-2d', choices=sorted(MODELS))
    ap.add_argument('--dir', default=None, help='default models/<id>')
    ap.add_argument('--onnx', default=None)
    ap.add_argument('--meta', required=True, action='append',
                    help="meta.json written beside the checkpoint; repeat it for a run and its resumed runs "
                         "(steps, samples and minutes are summed, the rest is the last run's)")
    ap.add_argument('--eval', required=True, help='JSON from evaluate_interactive2d.py')
    ap.add_argument('--machine', default='', help='words for the model card: where it was trained')
    ap.add_argument('--benchmark', default=None, help='markdown file for {benchmark} in the card')
    ap.add_argument('--version', default='0.1.0')
    ap.add_argument('--history', default='',
                    help='words for the model card: the earlier training stages this run started from')
    ap.add_argument('--previous', default=None,
                    help="JSON from evaluate_interactive2d.py for the model this one replaces (compared in the card)")
    ap.add_argument('--commands', default='',
                    help='the commands that reproduce this model (a shell block in the card)')
    ap.add_argument('--curriculum-text', default='',
                    help='words for the model card: the prompts and data of this run, if they differ')
    ap.add_argument('--ckpt', default=None,
                    help='without onnxruntime: the test tensors, latency and test-case Dice from this torch '
                         'checkpoint (the function the ONNX graph was exported from, to about 1e-5)')
    a = ap.parse_args()
    import onnx
    out = a.dir or os.path.join(REPO, 'models', a.id)
    model = MODELS[a.id]
    onnx_file = a.id + '.onnx'
    onnx_path = a.onnx or os.path.join(out, onnx_file)
    assert os.path.abspath(onnx_path) == os.path.abspath(os.path.join(out, onnx_file)), \
        'export the ONNX to %s first' % os.path.join(out, onnx_file)
    opset = max(o.version for o in onnx.load(onnx_path).opset_import if o.domain in ('', 'ai.onnx'))
    run = torch_runner(a.ckpt) if a.ckpt else ort_runner(onnx_path)
    x, box, win = demo_tensors()
    y = run(x).astype(np.float32)
    import time
    ts = []
    for _ in range(30):
        t0 = time.perf_counter()
        run(x)
        ts.append(time.perf_counter() - t0)
    latency = 1000 * float(np.median(ts))
    np.save(os.path.join(out, 'test-input.npy'), x)
    np.save(os.path.join(out, 'test-output.npy'), y)
    tifffile.imwrite(os.path.join(out, 'sample-input.tif'), x[0], imagej=True)
    tifffile.imwrite(os.path.join(out, 'sample-output.tif'), C.sigmoid(y[0, 0]).astype(np.float32),
                     imagej=True)
    runs = [json.load(open(m)) for m in a.meta]
    meta = dict(runs[-1])
    for k in ('steps', 'samples', 'minutes'):
        meta[k] = sum(r[k] for r in runs)
    ev = json.load(open(a.eval))
    doc = rdf(a.id, a.version, datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
              {'test-input': sha256(os.path.join(out, 'test-input.npy')),
               'test-output': sha256(os.path.join(out, 'test-output.npy')),
               'sample-input': sha256(os.path.join(out, 'sample-input.tif')),
               'sample-output': sha256(os.path.join(out, 'sample-output.tif')),
               'onnx': sha256(onnx_path)}, opset)
    text = yaml.safe_dump(doc, sort_keys=False, width=100, allow_unicode=True)
    assert yaml.safe_load(text) == doc
    with open(os.path.join(out, 'rdf.yaml'), 'w') as f:
        f.write(text)
    with open(model['card']) as f:
        card = f.read()
    previous = ''
    if a.previous:
        prev = json.load(open(a.previous))
        previous = ('\nThe model it replaces (%s), same evaluation:\n\n%s\n'
                    % (prev.get('_label', 'the previous version'), table(prev)))
    extra = {}
    if a.id != 'interactive-2d':
        extra['compare'] = compare(a.id, onnx_path, ev, x)
        extra['benchmark'] = open(a.benchmark).read().strip() if a.benchmark else ''
        extra['cfg'] = meta['cfg']
        extra['sample_share'] = '%.0f %%' % (100 * meta['samples'] / REF_SAMPLES)
    card = card.format(
        history=a.history + (' ' if a.history else ''), previous=previous,
        curriculum=('\n\n' + a.curriculum_text) if a.curriculum_text else '',
        commands=('\n\nReproduce:\n```sh\n%s\n```' % a.commands.strip()) if a.commands else '',
        params=meta['params'], base=meta['cfg']['base'], levels=meta['cfg']['levels'],
        size_mb=os.path.getsize(onnx_path) / 1e6, opset=opset,
        minutes=meta['minutes'], steps=meta['steps'], samples=meta['samples'], batch=meta['batch'],
        device=meta['device'], torch=meta['torch'], machine=a.machine or meta['device'],
        table=table(ev), cases=test_case_dice(run), latency=latency, box=box, win=tuple(round(v, 4) for v in win), **extra)
    with open(os.path.join(out, 'README.md'), 'w') as f:
        f.write(card)
    print(text)
    print('packaged', out)


if __name__ == '__main__':
    main()
