"""Choose propagation's stopping rules (Propagator.Ends) on TUNING material only (issue 14).

Reads what `PropagationEndsBenchmark dump` (with -Dfree=true: the limits of Settings off, so that they too are
simulated here) wrote for one or more seed positions (each DIR holds steps.csv, every
judged slice's evidence, and slices.csv, per slice the truth's, the prediction's and their shared area, from a run
with Ends.none()). A stricter rule ends a sweep at the first slice it refuses and changes nothing before it, so
each rule's 3D Dice and predicted / true volume follow exactly from these files, without running the model again.

  /usr/bin/python3 training/tune_stops.py training/runs/tune-stops/largest training/runs/tune-stops/half

Prints each single rule and the greedy combination (coordinate ascent from the current defaults, seed multiple 3)
that maximises the mean 3D Dice over all cases and both seed positions, with and without the guard that no group
(AAL, Brodmann, cord, synthetic) loses more than 0.01 of its mean Dice; then that choice per group (AAL, Brodmann,
cord, synthetic) as a check that it does not rest on one atlas.
"""
import csv
import sys
from collections import defaultdict

INF = float('inf')
# (field, values tried; the first is "no limit")
GRID = [
    ('min_area_fraction', [0.0, 0.05, 0.1, 0.2]),
    ('min_overlap', [0.0, 0.3, 0.5, 0.7]),
    ('min_contrast', [0.0, 0.1, 0.2, 0.3, 0.4]),
    ('max_area_growth', [INF, 2.0, 1.5, 1.3]),
    ('max_seed_multiple', [INF, 4.0, 3.0, 2.5, 2.0]),
    ('min_mean_probability', [0.0, 0.8, 0.85]),
    ('min_iou', [0.0, 0.2, 0.3, 0.4, 0.5, 0.6]),
    ('max_centroid_shift', [INF, 1.0, 0.75, 0.5, 0.35, 0.25]),
    ('max_median_growth', [INF, 3.0, 2.0, 1.5, 1.3]),
    ('min_median_fraction', [0.0, 0.3, 0.5, 0.6, 0.7]),
    ('min_confident_share', [0.0, 0.5, 0.7, 0.8, 0.9]),
    ('max_touched_sides', [4, 3, 2]),
    ('min_scale_agreement', [0.0, 0.5, 0.6, 0.7, 0.8]),
]
NONE = {f: v[0] for f, v in GRID}
CURRENT = dict(NONE, max_seed_multiple=3.0, min_area_fraction=0.1, min_overlap=0.3, min_contrast=0.3)


def allow(s, r):
    a = s['area']
    return (a >= r['min_area_fraction'] * s['seed_area'] and s['overlap'] >= r['min_overlap']
            and (r['min_contrast'] == 0 or s['reference'] <= 0 or s['contrast'] >= r['min_contrast'] * s['reference'])
            and a <= r['max_area_growth'] * s['previous_area'] and a <= r['max_seed_multiple'] * s['seed_area']
            and (r['min_mean_probability'] == 0 or s['mean_probability'] >= r['min_mean_probability'])
            and s['iou'] >= r['min_iou'] and not s['centroid_shift'] > r['max_centroid_shift']
            and a <= r['max_median_growth'] * s['median_area'] and a >= r['min_median_fraction'] * s['median_area']
            and (r['min_confident_share'] == 0 or s['confident_share'] >= r['min_confident_share'] * s['seed_confident_share'])
            and s['touched_sides'] <= r['max_touched_sides'] and s['scale_agreement'] >= r['min_scale_agreement'])


def load(d):
    steps = defaultdict(list)
    for row in csv.DictReader(open(d + '/steps.csv')):
        s = {k: (row[k] if k == 'case' else row[k] == 'true' if k == 'settings_allow' else float(row[k])) for k in row}
        steps[row['case']].append(s)
    sl = defaultdict(dict)
    seed = {}
    for row in csv.DictReader(open(d + '/slices.csv')):
        sl[row['case']][int(row['z'])] = (int(row['truth']), int(row['predicted']), int(row['shared']))
        seed[row['case']] = int(row['seed'])
    return [(c, seed[c], sl[c], steps[c]) for c in sl]


def score(case, r):
    name, seed, sl, steps = case
    kept = {seed}
    for d in (-1, 1):
        for s in [s for s in steps if s['direction'] == d]:  # in sweep order
            if not s['settings_allow'] or not allow(s, r):
                break
            kept.add(int(s['z']))
    t = sum(v[0] for v in sl.values())
    p = sum(sl[z][1] for z in kept if z in sl)
    both = sum(sl[z][2] for z in kept if z in sl)
    return 2 * both / (p + t), p / t, (min(kept), max(kept))


def evaluate(sets, r):
    dice, within, n = 0.0, 0, 0
    for cases in sets:
        for c in cases:
            d, v, _ = score(c, r)
            dice += d
            within += 0.67 <= v <= 1.5
            n += 1
    return dice / n, within / n


def group(name):
    return name.split('-')[0] if name.split('-')[0] in ('aal', 'brodmann', 'synthetic') else 'cord'


def label(r):
    return ', '.join('%s %s' % (f, r[f]) for f, _ in GRID if r[f] != NONE[f]) or 'none'


GUARD = 0.01  # no group's mean Dice may fall by more than this against the current defaults


def guarded(sets, r, floor):
    """Whether every group keeps its mean Dice within GUARD of the current defaults' (floor: group -> that mean)."""
    for g, f in floor.items():
        sub = [[c for c in cases if group(c[0]) == g] for cases in sets]
        if evaluate(sub, r)[0] < f - GUARD:
            return False
    return True


def floors(sets):
    out = {}
    for g in ('aal', 'brodmann', 'cord', 'synthetic'):
        sub = [[c for c in cases if group(c[0]) == g] for cases in sets]
        if sum(map(len, sub)):
            out[g] = evaluate(sub, CURRENT)[0]
    return out


def greedy(sets, start, guard=False):
    best, best_score, improved = dict(start), evaluate(sets, start), True
    floor = floors(sets) if guard else {}
    while improved:
        improved = False
        for f, values in GRID:
            for v in values:
                r = dict(best, **{f: v})
                s = evaluate(sets, r)
                if s[0] > best_score[0] + 1e-4 and guarded(sets, r, floor):
                    best, best_score, improved = r, s, True
    return best, best_score


def main():
    dirs = sys.argv[1:]
    sets = [load(d) for d in dirs]
    # the check: chosen on one atlas, measured on the other
    for a, b in (('aal', 'brodmann'), ('brodmann', 'aal')):
        on = [[c for c in cases if group(c[0]) == a] for cases in sets]
        off = [[c for c in cases if group(c[0]) == b] for cases in sets]
        if sum(map(len, on)) and sum(map(len, off)):
            r, sc = greedy(on, CURRENT, guard=True)
            print('chosen on %s (%s): there %.4f / %.3f (current %.4f / %.3f); on %s %.4f / %.3f (current %.4f / %.3f)' % (
                (a, label(r)) + sc + evaluate(on, CURRENT) + (b,) + evaluate(off, r) + evaluate(off, CURRENT)))
    print('cases per seed position:', [len(s) for s in sets])
    for name, r in (('none', NONE), ('current defaults', CURRENT)):
        print('%-20s dice %.4f within %.3f' % ((name,) + evaluate(sets, r)))
    print('\nsingle rules (alone on top of the current defaults):')
    for f, values in GRID:
        for v in values[1:]:
            r = dict(CURRENT, **{f: v})
            print('  %-22s %-6s dice %.4f within %.3f' % ((f, v) + evaluate(sets, r)))
    unguarded, u_score = greedy(sets, CURRENT)
    print('\ngreedy choice without the guard: %s: dice %.4f within %.3f' % ((label(unguarded),) + u_score))
    for g in ('aal', 'brodmann', 'cord', 'synthetic'):
        sub = [[c for c in cases if group(c[0]) == g] for cases in sets]
        if sum(map(len, sub)):
            print('  %-9s n=%-4d current %.4f / %.3f -> chosen %.4f / %.3f' % (
                (g, sum(map(len, sub))) + evaluate(sub, CURRENT) + evaluate(sub, unguarded)))
    best, best_score = greedy(sets, CURRENT, guard=True)
    print('\ngreedy choice with the guard (no group down by more than %.2f): %s: dice %.4f within %.3f' % ((GUARD, label(best)) + best_score))
    for g in ('aal', 'brodmann', 'cord', 'synthetic'):
        sub = [[c for c in cases if group(c[0]) == g] for cases in sets]
        if sum(map(len, sub)):
            print('  %-9s n=%-4d current %.4f / %.3f -> chosen %.4f / %.3f' % (
                (g, sum(map(len, sub))) + evaluate(sub, CURRENT) + evaluate(sub, best)))
    for d, cases in zip(dirs, sets):
        print('\nper case, %s: current -> chosen (dice, volume ratio, slices; truth slices)' % d)
        for c in cases:
            a, b = score(c, CURRENT), score(c, best)
            zs = [z for z, v in c[2].items() if v[0] > 0]
            print('  %-14s %.3f %5.2fx %-9s -> %.3f %5.2fx %-9s truth %d-%d' % (
                c[0], a[0], a[1], '%d-%d' % a[2], b[0], b[1], '%d-%d' % b[2], min(zs), max(zs)))


if __name__ == '__main__':
    main()
