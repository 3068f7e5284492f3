"""Score the predictions of training/eval3d_paths.sh: per held-out 3D object, 3D Dice and predicted / true
volume of interactive-3d (3D box), 2D box + --propagate, and the same with the end slices given, beside
the ellipsoid inscribed in the object's tight 3D box (voxel centres inside it). Prints markdown.

  /usr/bin/python3 training/eval3d_table.py --work training/runs/volumes3d [--model2d interactive-2d]
"""
import argparse
import csv
import os
import statistics

import nibabel as nib
import numpy as np

PATHS = (('3d', 'pred-interactive-3d', 'interactive-3d, 3D box'),
         ('prop', None, '%s, 2D box on the largest slice + --propagate'),
         ('prop-end', None, '%s, the same + --propagate-slices (end slices given)'))


def dice(a, b):
    s = a.sum() + b.sum()
    return 2.0 * np.logical_and(a, b).sum() / s if s else 1.0


def ellipsoid(shape, box):
    x, y, w, h, z, d = box
    i, j, k = np.ogrid[0:shape[0], 0:shape[1], 0:shape[2]]
    return (((i + 0.5 - (x + w / 2)) / (w / 2)) ** 2 + ((j + 0.5 - (y + h / 2)) / (h / 2)) ** 2
            + ((k + 0.5 - (z + d / 2)) / (d / 2)) ** 2) <= 1


def within(r):
    return 0.67 <= r <= 1.5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--work', required=True)
    ap.add_argument('--model2d', default='interactive-2d')
    a = ap.parse_args()
    res = []
    for r in csv.DictReader(open(os.path.join(a.work, 'objects.csv'))):
        truth = np.asanyarray(nib.load(os.path.join(a.work, 'truths', r['object'] + '.nii.gz')).dataobj) > 0
        box = [int(v) for v in r['box3d'].split(',')]
        row = {'object': r['object'], 'volume': r['volume'], 'voxels': int(truth.sum()),
               'ellipsoid': dice(ellipsoid(truth.shape, box), truth)}
        for key, folder, _ in PATHS:
            f = os.path.join(a.work, folder or 'pred-' + a.model2d, '%s-%s.nii.gz' % (r['object'], key))
            p = np.asanyarray(nib.load(f).dataobj) > 0
            if p.shape != truth.shape:
                raise SystemExit('%s: grid %s, truth %s' % (f, p.shape, truth.shape))
            zs = np.nonzero(p.any(axis=(0, 1)))[0]
            row[key] = (dice(p, truth), p.sum() / truth.sum(), '%d-%d' % (zs[0], zs[-1]) if len(zs) else 'none')
        res.append(row)

    groups = [('spleen CT (1)', [r for r in res if r['volume'] == 'spleen-ct']),
              ('cord T2 (1)', [r for r in res if r['volume'] == 'cord-t2']),
              ('macaque inia19 regions (%d)' % sum(r['volume'] == 'macaque-t1' for r in res),
               [r for r in res if r['volume'] == 'macaque-t1']),
              ('all objects (%d)' % len(res), res)]
    print('| held-out objects (n) | ellipsoid in the 3D box | ' + ' | '.join(
        label % a.model2d if '%s' in label else label for _, _, label in PATHS) + ' |')
    print('|---|---:|' + '---:|' * len(PATHS))
    for name, rows in groups:
        cells = ['%.3f' % statistics.fmean(r['ellipsoid'] for r in rows)]
        for key, _, _ in PATHS:
            d = statistics.fmean(r[key][0] for r in rows)
            ratios = [r[key][1] for r in rows]
            if len(rows) == 1:
                cells.append('%.3f (%+.3f), %.2f x' % (d, d - rows[0]['ellipsoid'], ratios[0]))
            else:
                cells.append('%.3f (%+.3f), %d / %d within 0.67-1.5 x, median %.2f x' % (
                    d, d - statistics.fmean(r['ellipsoid'] for r in rows), sum(within(x) for x in ratios),
                    len(rows), statistics.median(ratios)))
        print('| %s | %s |' % (name, ' | '.join(cells)))
    print()
    print('Per object: 3D Dice, predicted / true volume, slices reached (truth: first-last).')
    print()
    print('| object | voxels | truth slices | ellipsoid | ' + ' | '.join(key for key, _, _ in PATHS) + ' |')
    print('|---|---:|---|---:|' + '---|' * len(PATHS))
    ends = {r['object']: '%s-%s' % (r['first_slice'], r['last_slice'])
            for r in csv.DictReader(open(os.path.join(a.work, 'objects.csv')))}
    for r in res:
        print('| %s | %d | %s | %.3f | %s |' % (r['object'], r['voxels'], ends[r['object']], r['ellipsoid'], ' | '.join(
            '%.3f, %.2f x, %s' % r[key] for key, _, _ in PATHS)))


if __name__ == '__main__':
    main()
