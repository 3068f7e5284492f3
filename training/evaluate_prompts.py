"""Held-out interactive evaluation of interactive-2d (training/heldout.md), through the contract
of common.py: box Dice beside the box-inscribed ellipse, one click beside a disc of the set's
median radius, Dice after 1 / 3 / 5 simulated clicks and NoC@85 / NoC@90 (max 20), per set and
per size tertile.

  /usr/bin/python3 training/evaluate_prompts.py --ckpt CKPT.pt --json OUT.json   # torch, eval mode
  /usr/bin/python3 training/evaluate_prompts.py --onnx MODEL.onnx --json OUT.json  # needs onnxruntime
  /usr/bin/python3 training/evaluate_prompts.py --compare A.json B.json            # side by side

Click protocol: the first click at the truth's interior-most pixel; each next click at the
interior-most pixel of the largest error region (4-connected) of the current mask, positive in a
miss and negative in a leak; all clicks so far form the prompt. A case stops after 20 clicks, or
once it has 5 clicks and reached Dice 0.90. All active cases run in one batch per click.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

MIN_PIXELS = 30
MAX_CLICKS = 20
SETS = ('spleen CT', 'cord T2', 'nuclei (right half)', 'macaque T1 (inia19)')


def cases(eval_npz):
    """[(set, image, truth)] of training/heldout.md, in a fixed order."""
    z = np.load(eval_npz)
    out = []
    ct, sp = z['spleen_ct'].astype(np.float32), z['spleen_seg'] > 0
    for k in range(ct.shape[2]):
        if sp[:, :, k].sum() >= MIN_PIXELS:
            out.append((SETS[0], ct[:, :, k], sp[:, :, k]))
    t2, cs = z['cord_t2'].astype(np.float32), z['cord_seg'] > 0
    for k in range(t2.shape[2]):
        if cs[:, :, k].sum() >= MIN_PIXELS:
            out.append((SETS[1], t2[:, :, k], cs[:, :, k]))
    img, lab = z['nuc_img'].astype(np.float32), z['nuc_lab'].astype(np.int32)
    for i in np.unique(lab):
        if i > 0 and (lab == i).sum() >= MIN_PIXELS:
            out.append((SETS[2], img, lab == i))
    t1, il = z['inia_t1'], z['inia_lab'].astype(np.int32)
    kept = []
    for i, sl in enumerate(ndi.find_objects(il)):
        if sl is None:
            continue
        m = il[sl] == i + 1
        k = int(m.sum(axis=(0, 1)).argmax())
        cc, n = ndi.label(m[:, :, k])
        sizes = np.bincount(cc.ravel())
        sizes[0] = 0
        if sizes.max() >= MIN_PIXELS:
            truth = np.zeros(il.shape[:2], bool)
            truth[sl[0], sl[1]] = cc == int(sizes.argmax())
            kept.append((t1[:, :, sl[2].start + k], truth))
    out += [(SETS[3], im, tr) for im, tr in kept[0::2]]
    return out


def ellipse_in_box(shape, box):
    x, y, w, h = box
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
    return ((xx + 0.5 - (x + w / 2)) / (w / 2)) ** 2 + ((yy + 0.5 - (y + h / 2)) / (h / 2)) ** 2 <= 1


def disc(shape, centre, r):
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
    return (xx - centre[0]) ** 2 + (yy - centre[1]) ** 2 <= r * r


def torch_runner(ckpt):
    import torch
    torch.set_num_threads(1)
    from export import load
    net, _ = load(ckpt)

    def run(x):
        outs = []
        with torch.no_grad():
            for i in range(0, len(x), 32):
                outs.append(net(torch.from_numpy(np.ascontiguousarray(x[i:i + 32], np.float32))).numpy())
        return np.concatenate(outs)
    return run


def ort_runner(path):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    s = ort.InferenceSession(path, so, providers=['CPUExecutionProvider'])
    return lambda x: s.run(None, {'input': np.ascontiguousarray(x, np.float32)})[0]


def segment_batch(run, items, zoom=None):
    """items: [(image, prompt)] -> [mask] through the contract, one engine call (and with the click zoom
    (below, scale, margin, min_side[, box]) of common.zoom_window, one more for the small click-only masks)."""
    enc = [C.encode(img, p) for img, p in items]
    logits = run(np.stack([e[0] for e in enc]))
    masks = [C.postprocess(C.back_project(C.sigmoid(logits[i, 0]), enc[i][1], img.shape), p)
             for i, (img, p) in enumerate(items)]
    if zoom is None:
        return masks
    again = []
    for i, (img, p) in enumerate(items):
        zwin = C.zoom_window(masks[i], p, enc[i][1], zoom)
        if zwin is not None:
            again.append((i, zwin, C.encode(img, C.zoomed_prompt(masks[i], p, zoom), win=zwin)[0]))
    if again:
        logits = run(np.stack([a[2] for a in again]))
        for j, (i, zwin, _) in enumerate(again):
            img, p = items[i]
            second = C.postprocess(C.back_project(C.sigmoid(logits[j, 0]), zwin, img.shape),
                                   C.Prompt(pos=p.pos, neg=p.neg))
            if second.any():
                masks[i] = second
    return masks


def next_click(pred, truth):
    """(x, y, positive) at the interior-most pixel of the largest error region, or None."""
    best = None
    for err, positive in ((truth & ~pred, True), (pred & ~truth, False)):
        lab, n = ndi.label(err)
        if n == 0:
            continue
        sizes = np.bincount(lab.ravel())
        sizes[0] = 0
        k = int(sizes.argmax())
        if best is None or sizes[k] > best[0]:
            best = (sizes[k], lab == k, positive)
    if best is None:
        return None
    x, y = C.interior_point(best[1])
    return x, y, best[2]


def evaluate(run, eval_npz, zoom=None):
    t0 = time.time()
    cs = cases(eval_npz)
    n = len(cs)
    rows = [{'set': s, 'area': int(tr.sum())} for s, _, tr in cs]
    # box and its baseline
    boxes = [C.tight_box(tr) for _, _, tr in cs]
    masks = segment_batch(run, [(img, C.Prompt(box=b)) for (_, img, _), b in zip(cs, boxes)])
    for r, (_, img, tr), b, m in zip(rows, cs, boxes, masks):
        r['box'] = C.dice(m, tr)
        r['ellipse'] = C.dice(ellipse_in_box(tr.shape, b), tr)
    # clicks
    pos = [[C.interior_point(tr)] for _, _, tr in cs]
    neg = [[] for _ in cs]
    curve = [[] for _ in cs]
    radius = {}
    for s in SETS:
        a = [r['area'] for r in rows if r['set'] == s]
        radius[s] = float(np.median(np.sqrt(np.asarray(a) / np.pi))) if a else 0.0
    for r, (s, img, tr), p in zip(rows, cs, pos):
        r['disc'] = C.dice(disc(tr.shape, p[0], radius[s]), tr)
    active = list(range(n))
    for k in range(1, MAX_CLICKS + 1):
        if not active:
            break
        masks = segment_batch(run, [(cs[i][1], C.Prompt(pos=pos[i], neg=neg[i])) for i in active], zoom)
        still = []
        for i, m in zip(active, masks):
            tr = cs[i][2]
            d = C.dice(m, tr)
            curve[i].append(d)
            if k >= 5 and d >= 0.90:
                continue
            c = next_click(m, tr)
            if c is None:
                continue
            (pos[i] if c[2] else neg[i]).append((c[0], c[1]))
            still.append(i)
        active = still
        print('  click %2d: %d cases still clicking (%.0f s)' % (k, len(active), time.time() - t0), flush=True)
    for r, cv in zip(rows, curve):
        full = cv + [cv[-1]] * (MAX_CLICKS - len(cv))   # a finished case keeps its mask
        r['click1'], r['click3'], r['click5'] = full[0], full[2], full[4]
        for thr in (85, 90):
            hit = [j + 1 for j, d in enumerate(full) if d >= thr / 100]
            r['noc%d' % thr] = hit[0] if hit else MAX_CLICKS
    return {'rows': rows, 'radius': radius, 'seconds': time.time() - t0}


KEYS = ('box', 'ellipse', 'click1', 'disc', 'click3', 'click5', 'noc85', 'noc90')


def summary(res):
    rows = res['rows']
    areas = np.asarray([r['area'] for r in rows])
    t1, t2 = np.quantile(areas, [1 / 3, 2 / 3])
    groups = {}
    for s in SETS:
        groups[s] = [r for r in rows if r['set'] == s]
    groups['mean of the 4 sets'] = None
    groups['small (area < %d px)' % t1] = [r for r in rows if r['area'] < t1]
    groups['medium'] = [r for r in rows if t1 <= r['area'] < t2]
    groups['large (area >= %d px)' % t2] = [r for r in rows if r['area'] >= t2]
    out = {}
    for g, rs in groups.items():
        if rs is None:
            sets = [out[s] for s in SETS if s in out]
            out[g] = dict({k: float(np.mean([v[k] for v in sets])) for k in KEYS},
                          n=sum(v['n'] for v in sets))
        elif rs:
            out[g] = dict({k: float(np.mean([r[k] for r in rs])) for k in KEYS}, n=len(rs))
    return out


HEAD = ('| cases | n | box | ellipse | 1 click | disc | 3 clicks | 5 clicks | NoC@85 | NoC@90 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')


def table(summ):
    lines = list(HEAD)
    for g, v in summ.items():
        lines.append('| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f |'
                     % (g, v['n'], *[v[k] for k in KEYS]))
    return '\n'.join(lines)


def compare(a, b, na='0.3.0', nb='new'):
    sa, sb = summary(a), summary(b)
    lines = ['| cases | n | box %s / %s | ellipse | 1 click %s / %s | disc | 3 clicks | 5 clicks | NoC@85 | NoC@90 |'
             % (na, nb, na, nb), '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for g in sa:
        x, y = sa[g], sb[g]
        lines.append('| %s | %d | %.3f / %.3f | %.3f | %.3f / %.3f | %.3f | %.3f / %.3f | %.3f / %.3f | %.2f / %.2f | %.2f / %.2f |'
                     % (g, x['n'], x['box'], y['box'], x['ellipse'], x['click1'], y['click1'], x['disc'],
                        x['click3'], y['click3'], x['click5'], y['click5'], x['noc85'], y['noc85'],
                        x['noc90'], y['noc90']))
    return '\n'.join(lines)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt')
    ap.add_argument('--onnx')
    ap.add_argument('--eval', default=os.path.join(here, 'cache', 'eval.npz'))
    ap.add_argument('--json')
    ap.add_argument('--compare', nargs=2)
    ap.add_argument('--names', nargs=2, default=['0.3.0', 'new'])
    ap.add_argument('--click-zoom', help='below,scale,margin,min_side[,box]: the rdf window.click_zoom (box 1 or 0)')
    a = ap.parse_args()
    if a.compare:
        res = [json.load(open(p)) for p in a.compare]
        print(compare(res[0], res[1], *a.names))
        return
    run = torch_runner(a.ckpt) if a.ckpt else ort_runner(a.onnx)
    zoom = None
    if a.click_zoom:
        v = [float(t) for t in a.click_zoom.split(',')]
        zoom = tuple(v[:4]) + ((bool(v[4]),) if len(v) > 4 else ())
    res = evaluate(run, a.eval, zoom)
    res['model'] = a.ckpt or a.onnx
    res['summary'] = summary(res)
    print(table(res['summary']))
    print('disc radii %s; %.0f s' % ({k: round(v, 1) for k, v in res['radius'].items()}, res['seconds']))
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(res, f, indent=1)


if __name__ == '__main__':
    main()
