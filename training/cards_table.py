"""Turn the per-object CSVs of `condseg evaluate-prompts --csv` (training/cards_eval.sh) into a model
card's table: per held-out set and per size tertile, box Dice beside the ellipse inscribed in the box,
Dice after 1 / 3 / 5 clicks beside the disc, NoC@85 / NoC@90 beside a no-model baseline. Reads only the
CSVs (DIR/<set>-box.csv and DIR/<set>-click.csv); standard library only.

  python3 training/cards_table.py --csv training/runs/cards/csv/interactive-2d > table.md

- Each object weighs the same within a row; "mean of the sets" weighs each set the same.
- Size tertiles: cut points at the 1/3 and 2/3 quantiles (linear interpolation) of the truth area
  (`area_px`) over the objects of all sets pooled; small < q1 <= medium < q2 <= large (as
  training/evaluate_prompts.py cuts them).
- Baselines (no model): box, the inscribed ellipse (the CSV's baseline_dice of the box run); click, a
  disc around the first click whose radius is the median equivalent radius sqrt(area / pi) of its set
  (the CSV's baseline_dice of the click run, so a tertile row mixes each set's own disc); NoC, a
  method that never improves on that disc: 1 click where the disc reaches the Dice, else the cap.
"""
import argparse
import csv
import math
import os
import statistics

SETS = (('spleen-ct', 'spleen CT'), ('cord-t2', 'cord T2'), ('nuclei', 'nuclei (right half)'),
        ('macaque-t1', 'macaque T1 (inia19)'))


def read(path):
    with open(path, newline='') as f:
        return {(r['image'], r['label']): r for r in csv.DictReader(f)}


def quantile(xs, q):
    xs = sorted(xs)
    p = q * (len(xs) - 1)
    lo = int(math.floor(p))
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (p - lo)


COLUMNS = (('dice_1', 'box'), ('baseline_dice', 'box'), ('dice_1', 'click'), ('baseline_dice', 'click'),
           ('dice_3', 'click'), ('dice_5', 'click'), ('noc85', 'click'), (0.85, None), ('noc90', 'click'), (0.90, None))
FORMATS = ('**%.3f**', '%.3f', '**%.3f**', '%.3f', '%.3f', '%.3f', '%.2f', '%.1f', '%.2f', '%.1f')


def stats(objs, cap):
    """The table's ten figures for these objects (means over objects)."""
    out = []
    for key, run in COLUMNS:
        if run is None:  # no model: the disc alone, never improved
            out.append(statistics.fmean(1.0 if float(o['click']['baseline_dice']) >= key else cap for o in objs))
        else:
            out.append(statistics.fmean(float(o[run][key]) for o in objs))
    return out


def row(label, values):
    return '| %s | %s |' % (label, ' | '.join(f % v for f, v in zip(FORMATS, values)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--csv', required=True, help='folder of <set>-box.csv and <set>-click.csv')
    ap.add_argument('--cap', type=int, default=20, help='the --clicks of the runs (NoC of an object never reaching the Dice)')
    a = ap.parse_args()
    per_set, radius = {}, {}
    for slug, name in SETS:
        box = read(os.path.join(a.csv, slug + '-box.csv'))
        click = read(os.path.join(a.csv, slug + '-click.csv'))
        if box.keys() != click.keys():
            raise SystemExit('%s: the box and click runs hold different objects' % slug)
        per_set[slug] = [{'box': box[k], 'click': click[k], 'area': int(box[k]['area_px'])} for k in sorted(box)]
        radius[slug] = statistics.median(math.sqrt(o['area'] / math.pi) for o in per_set[slug])
    pooled = [o for objs in per_set.values() for o in objs]
    q1, q2 = (quantile([o['area'] for o in pooled], q) for q in (1 / 3, 2 / 3))
    print('| held-out objects (n) | box Dice | ellipse | 1 click | disc | 3 clicks | 5 clicks '
          '| NoC@85 | no model | NoC@90 | no model |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for slug, name in SETS:
        print(row('%s (%d), disc r %.1f px' % (name, len(per_set[slug]), radius[slug]), stats(per_set[slug], a.cap)))
    each = [stats(objs, a.cap) for objs in per_set.values()]
    print(row('mean of the 4 sets', [statistics.fmean(v) for v in zip(*each)]))
    for label, keep in (('small, area < %.0f px' % q1, lambda x: x < q1),
                        ('medium', lambda x: q1 <= x < q2),
                        ('large, area >= %.0f px' % q2, lambda x: x >= q2)):
        objs = [o for o in pooled if keep(o['area'])]
        print(row('size tertile %s (%d)' % (label, len(objs)), stats(objs, a.cap)))


if __name__ == '__main__':
    main()
