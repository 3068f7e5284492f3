"""The guard of refine-cgan-2d (issue 14): chosen on training material only, then evaluated once on the
held-out sets.

  cache    run the generator once on every rough prior of a set and keep (prior, truth, probability) crops:
           --set val      training material only (Colin27 AAL / Brodmann regions, cord t1w cord and t2s grey
                          matter axial slices, left-half nuclei, synthetic scenes of training seeds), each object
                          degraded twice with seeds of its own;
           --set heldout  the held-out objects and seeds of `refine_cgan.py evaluate` (run once, at the end)
  recover  a checkpoint of the shipped generator (from its ONNX file) to continue training from
  sweep    Dice of the guarded refiner for a grid of guard settings on the validation priors (the model runs)
  parity   the Java CLI against this reference, mask for mask, on validation priors
  report   one guard setting (one pass) on a cache: per set and per band of the prior's Dice

  /usr/bin/python3 training/refine_guard.py cache --set val --out training/runs/refine-guard/val.pkl
  /usr/bin/python3 training/refine_guard.py sweep --add 0.5 0.6 0.7 --remove 0.5 0.6 0.7 --keep 1 0.96 0.94 0.92 0.9 --passes 3
  /usr/bin/python3 training/refine_guard.py report training/runs/refine-guard/val.pkl --guard 0.6,0.6,0.92,1
"""
import argparse
import itertools
import os
import pickle
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import data as D  # noqa: E402
import family as FM  # noqa: E402
import refine_cgan as R  # noqa: E402
from evaluate_interactive2d import cases  # noqa: E402
from synth import synth_scene  # noqa: E402

VAL_SEED0 = 70_000_000     # degradation seeds of the validation priors (objects are training material)
VAL_SYNTH_SEED0 = 1_000    # synthetic scenes of training seeds (< 50 000 000)
BANDS = ((0.0, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def val_cases(per_source=60):
    """(set name, image, truth) of training material, held-out-like: whole slices, no augmentation."""
    real = D.RealData(os.path.join(FM.CACHE, 'train.npz'))
    rng = np.random.default_rng(123)
    n = 0
    while n < per_source:
        item = real.atlas(rng)
        if item is not None:
            n += 1
            yield 'atlas (Colin27 AAL/Brodmann)', item[0], item[1]
    cord = [('t1w', k) for ax, k in real.cord_slices if ax == 2] + [('t2s', k) for k in real.gm_slices]
    for j in rng.choice(len(cord), size=min(per_source, len(cord)), replace=False):
        src, k = cord[j]
        img, m = (real.t1w[:, :, k], real.t1w_cord[:, :, k]) if src == 't1w' else (real.t2s[:, :, k], real.t2s_gm[:, :, k])
        from scipy import ndimage as ndi
        cc, nc = ndi.label(m)
        if nc == 0:
            continue
        sizes = np.bincount(cc.ravel())[1:]
        if sizes.max() >= 30:
            yield 'cord (t1w cord, t2s grey matter)', img, cc == int(np.argmax(sizes)) + 1
    ids = [i for i in real.nuc_ids if (real.nuc_lab == i).sum() >= 30]
    for i in rng.choice(ids, size=min(per_source, len(ids)), replace=False):
        yield 'nuclei (left half)', real.nuc_img, real.nuc_lab == i
    for s in range(per_source):
        r = np.random.default_rng(VAL_SYNTH_SEED0 + s)
        im, lb = synth_scene(r)
        ids = [k for k in range(1, lb.max() + 1) if (lb == k).sum() >= 30]
        if ids:
            yield 'synthetic (training seeds)', im, lb == ids[r.integers(len(ids))]


def runner(path):
    if path.endswith('.onnx'):
        gen = R.Generator()
        gen.unet.load_onnx(path)
        gen.eval()
    else:
        gen, _ = R.load(path)

    def run(x):
        with torch.no_grad():
            return gen(torch.from_numpy(np.ascontiguousarray(x, np.float32))).numpy()
    return run


def recover(a):
    """A checkpoint of the shipped generator (no batch norms: the ONNX weights are the weights) for a continued
    run; the discriminator starts afresh; meta carries the shipped runs (models/refine-cgan-2d/README.md)."""
    gen = R.Generator()
    gen.unet.load_onnx(a.model)
    first = {'cfg': {'base': 12}, 'steps': 524, 'samples': 524 * 16, 'minutes': 20.0, 'this_run': {'steps': 524, 'minutes': 20.0},
             'previous': None, 'params': sum(p.numel() for p in gen.parameters()), 'batch': 16, 'lr': 5e-4, 'lr_d': 5e-4,
             'adv': 0.05, 'keep': 0.05, 'torch': torch.__version__, 'final': True}
    second = dict(first, steps=1757, samples=1757 * 16, minutes=40.0, this_run={'steps': 1233, 'minutes': 20.0},
                  previous=first, adv=0.02, keep=0.15, resumed=True)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save({'state': gen.state_dict(), 'disc': R.PatchGAN().state_dict(), 'meta': second}, a.out)
    print('wrote', a.out)


def cache(a):
    torch.set_num_threads(1)
    run = runner(a.model)
    if a.set == 'val':
        src, seed0 = val_cases(a.per_source), VAL_SEED0
    else:
        src, seed0 = cases(os.path.join(FM.CACHE, 'eval.npz'), a.synthetic), R.EVAL_SEED0
    out, t0 = [], time.time()
    for i, (name, img, truth) in enumerate(src):
        for rep in range(a.repeats):
            rng = np.random.default_rng(seed0 + 1000 * i + rep)
            rough, kinds = R.degrade(rng, truth)
            img32 = img.astype(np.float32)
            x, win = R.encode(img32, rough)
            prob = C.back_project(C.sigmoid(run(x[None])[0, 0]), win, img.shape)
            ys, xs = np.nonzero((prob > 0) | rough | truth)
            y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
            out.append({'set': name, 'case': i, 'rep': rep, 'kinds': kinds,
                        'prior': rough[y0:y1, x0:x1].copy(), 'truth': truth[y0:y1, x0:x1].copy(),
                        'prob': prob[y0:y1, x0:x1].astype(np.float32),
                        'truth_outside': int(truth.sum() - truth[y0:y1, x0:x1].sum())})
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, 'wb') as f:
        pickle.dump(out, f)
    print('%d priors in %.0f s -> %s' % (len(out), time.time() - t0, a.out))


def dice(m, t, outside=0):
    s = m.sum() + t.sum() + outside
    return 1.0 if s == 0 else 2.0 * (m & t).sum() / s


def parse_guard(s):
    """'add_above,remove_below,keep_above,passes' ('-' for no keep_above) -> Guard; 'none' -> None."""
    if s in (None, '', 'none'):
        return None
    v = s.split(',')
    return R.Guard(add_above=float(v[0]), remove_below=float(v[1]),
                   keep_above=None if len(v) < 3 or v[2] == '-' else float(v[2]), passes=int(v[3]) if len(v) > 3 else 1)


def live_items(a):
    """(set, image, prior, truth) of the validation set (the same priors as `cache --set val`)."""
    for i, (name, img, truth) in enumerate(val_cases(a.per_source)):
        for rep in range(a.repeats):
            rng = np.random.default_rng(VAL_SEED0 + 1000 * i + rep)
            rough, _ = R.degrade(rng, truth)
            yield name, img.astype(np.float32), rough, truth


def sweep(a):
    """Every (add_above, remove_below) of the grid, passes 1..max, keep_above of the grid applied to the first
    pass's agreement with the prior; the model runs here (validation material only)."""
    torch.set_num_threads(1)
    run = runner(a.model)
    items = list(live_items(a))
    sets = [it[0] for it in items]
    real = np.array([not s.startswith('synthetic') for s in sets])
    d0 = np.array([C.dice(it[2], it[3]) for it in items])
    rough, mid, good = real & (d0 < 0.8), real & (d0 >= 0.8) & (d0 < 0.9), real & (d0 >= 0.9)
    rows = []

    def line(label, d1):
        r = {'rough': (d1[rough] - d0[rough]).mean(), 'mid': (d1[mid] - d0[mid]).mean(),
             'good': (d1[good] - d0[good]).mean(), 'good_lowered': (d1[good] < d0[good] - 0.01).mean(),
             'all': (d1[real] - d0[real]).mean(),
             'per_set': {n: float((d1[np.array(sets) == n] - d0[np.array(sets) == n]).mean()) for n in dict.fromkeys(sets)}}
        print('%-48s rough %+.4f  mid %+.4f  good %+.4f  good lowered %.2f  all real %+.4f | %s' % (
            label, r['rough'], r['mid'], r['good'], r['good_lowered'], r['all'],
            '  '.join('%s %+.3f' % (n.split(' ')[0], v) for n, v in r['per_set'].items())), flush=True)
        return r
    base = np.array([C.dice(R.refine(it[1], it[2], run), it[3]) for it in items])
    line('no guard (0.1.0)', base)
    for add, rem in itertools.product(a.add, a.remove):
        g = R.Guard(add, rem)
        m = [it[2] for it in items]
        agree = None
        for p in range(1, a.passes + 1):
            m = [R.refine_pass(it[1], mk, run, g) if mk.any() else mk for it, mk in zip(items, m)]
            if p == 1:
                agree = np.array([C.dice(mk, it[2]) for it, mk in zip(items, m)])
            d1 = np.array([C.dice(mk, it[3]) for it, mk in zip(items, m)])
            for k in a.keep:
                dk = np.where(agree >= k, d0, d1) if k < 1 else d1
                rows.append(((add, rem, k if k < 1 else None, p),
                             line('add %.2f remove %.2f keep %s passes %d' % (add, rem, '%.3f' % k if k < 1 else '-', p), dk)))
    ok = [r for r in rows if r[1]['good'] >= -a.good_limit and r[1]['good_lowered'] <= a.lowered_limit]
    if ok:
        g, r = max(ok, key=lambda r: (round(r[1]['rough'], 4), r[1]['all']))
        print('chosen (good priors: mean change >= -%.3f and at most %.0f %% lowered by > 0.01; then the largest rough '
              'gain): add_above %s, remove_below %s, keep_above %s, passes %d' % (a.good_limit, 100 * a.lowered_limit, *g))


def report(a):
    """One guard on a cache of the first pass (passes 1 only) or, with --images, live."""
    items = pickle.load(open(a.cache, 'rb'))
    for label, guard in (('no guard', None), ('guard %s' % a.guard, parse_guard(a.guard))):
        if guard is not None and guard.passes > 1:
            raise SystemExit('report reads a cache of first passes; use refine_cgan.py evaluate --guard for passes > 1')
        d0 = np.array([dice(it['prior'], it['truth'], it['truth_outside']) for it in items])
        d1 = []
        for it in items:
            m = R.decode(it['prob'], it['prior'], guard)
            if guard is not None and guard.keep_above is not None and C.dice(m, it['prior']) >= guard.keep_above:
                m = it['prior']
            d1.append(dice(m, it['truth'], it['truth_outside']))
        d1 = np.array(d1)
        print('## %s' % label)
        print('| set | priors | Dice of the prior | Dice refined | gain | refined better | refined worse by > 0.01 |')
        print('|---|---:|---:|---:|---:|---:|---:|')
        names = list(dict.fromkeys(it['set'] for it in items))
        real = np.array([not it['set'].startswith('synthetic') for it in items])

        def row(lab, sel):
            print('| %s | %d | %.3f | %.3f | %+.3f | %.0f %% | %.0f %% |' % (
                lab, sel.sum(), d0[sel].mean(), d1[sel].mean(), (d1[sel] - d0[sel]).mean(),
                100 * (d1[sel] > d0[sel]).mean(), 100 * (d1[sel] < d0[sel] - 0.01).mean()))
        for n in names:
            row(n, np.array([it['set'] == n for it in items]))
        row('all real', real)
        for lo, hi in BANDS + ((0.0, 0.8),):
            sel = real & (d0 >= lo) & (d0 < hi)
            if sel.any():
                row('real, prior Dice %.1f-%.1f' % (lo, min(hi, 1)), sel)
        print()


def parity(a):
    """The Java CLI (`batch` with a copy of the package whose rdf.yaml carries the guard) against this reference,
    mask for mask, on validation priors (training material)."""
    import shutil
    import subprocess
    import tifffile
    torch.set_num_threads(1)
    g = parse_guard(a.guard)
    w = a.work
    shutil.rmtree(w, ignore_errors=True)
    os.makedirs(os.path.join(w, 'cases'))
    model = os.path.join(w, 'model')
    shutil.copytree(os.path.join(FM.REPO, 'models', R.MODEL_ID), model)
    rdf = open(os.path.join(model, 'rdf.yaml')).read()
    line = 'refine: {add_above: %g, remove_below: %g%s, passes: %d}' % (
        g.add_above, g.remove_below, '' if g.keep_above is None else ', keep_above: %g' % g.keep_above, g.passes)
    rdf = '\n'.join(l for l in rdf.split('\n') if not l.strip().startswith('refine:'))
    rdf = rdf.replace('    postprocess:', '    %s\n    postprocess:' % line)
    open(os.path.join(model, 'rdf.yaml'), 'w').write(rdf)
    run = runner(os.path.join(FM.REPO, 'models', R.MODEL_ID, R.MODEL_ID + '.onnx'))
    rows, ref = ['case,input,mask'], {}
    for k, (name, img, rough, truth) in enumerate(live_items(a)):
        c = 'v%03d' % k
        tifffile.imwrite(os.path.join(w, 'cases', c + '-img.tif'), img)
        tifffile.imwrite(os.path.join(w, 'cases', c + '-prior.tif'), rough.astype(np.uint8))
        rows.append('%s,cases/%s-img.tif,cases/%s-prior.tif' % (c, c, c))
        ref[c] = R.refine(img, rough, run, g)
    open(os.path.join(w, 'm.csv'), 'w').write('\n'.join(rows) + '\n')
    jar = os.environ.get('CONDSEG_JAR', os.path.join(FM.REPO, 'target', 'condseg.jar'))
    subprocess.run(['java', '-jar', jar, 'batch', '--model', model, '--input', os.path.join(w, 'm.csv'),
                    '--output', os.path.join(w, 'out')], check=True, capture_output=True)
    diffs = [int(((tifffile.imread(os.path.join(w, 'out', c + '-labels.tif')) > 0) != m).sum()) for c, m in ref.items()]
    print('%s (%s): %d priors, %d identical, pixels that differ: %d of %d refined' % (
        g, line, len(diffs), sum(d == 0 for d in diffs), sum(diffs), sum(int(m.sum()) for m in ref.values())))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    c = sub.add_parser('cache')
    c.add_argument('--set', choices=['val', 'heldout'], required=True)
    c.add_argument('--model', default=os.path.join(FM.REPO, 'models', R.MODEL_ID, R.MODEL_ID + '.onnx'))
    c.add_argument('--out', required=True)
    c.add_argument('--repeats', type=int, default=2)
    c.add_argument('--per-source', type=int, default=60)
    c.add_argument('--synthetic', type=int, default=50)
    rc = sub.add_parser('recover')
    rc.add_argument('--model', default=os.path.join(FM.REPO, 'models', R.MODEL_ID, R.MODEL_ID + '.onnx'))
    rc.add_argument('--out', required=True)
    s = sub.add_parser('sweep')
    s.add_argument('--model', default=os.path.join(FM.REPO, 'models', R.MODEL_ID, R.MODEL_ID + '.onnx'))
    s.add_argument('--add', type=float, nargs='+', default=[0.5])
    s.add_argument('--remove', type=float, nargs='+', default=[0.5])
    s.add_argument('--keep', type=float, nargs='+', default=[1.0], help='1 = no keep_above')
    s.add_argument('--passes', type=int, default=1)
    s.add_argument('--repeats', type=int, default=2)
    s.add_argument('--per-source', type=int, default=60)
    s.add_argument('--good-limit', type=float, default=0.002)
    s.add_argument('--lowered-limit', type=float, default=0.10)
    q = sub.add_parser('parity')
    q.add_argument('--guard', required=True)
    q.add_argument('--work', default='/tmp/refine-guard-parity')
    q.add_argument('--repeats', type=int, default=2)
    q.add_argument('--per-source', type=int, default=12)
    r = sub.add_parser('report')
    r.add_argument('cache')
    r.add_argument('--guard', default=None, help='add_above,remove_below[,keep_above[,passes]] (- for no keep_above)')
    a = ap.parse_args()
    {'recover': recover, 'cache': cache, 'sweep': sweep, 'parity': parity, 'report': report}[a.cmd](a)


if __name__ == '__main__':
    main()
