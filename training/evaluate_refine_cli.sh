#!/bin/sh
# Held-out Dice gain of refine-cgan-2d through the command line alone: the rough priors of
# `training/refine_cgan.py evaluate` (the same held-out objects and seeds) exported as TIFFs, refined by
# `batch` from a manifest (`mask` column), and the priors and the refined masks scored by `evaluate`.
#   sh training/evaluate_refine_cli.sh [WORKDIR]
# CONDSEG_MODEL (a model id or package folder; default refine-cgan-2d) picks the model, e.g. a copy of the
# package with another guard in its rdf.yaml.
# WORKDIR holds data derived from /work/shared/data: never commit it.
set -e
W=${1:-$(mktemp -d)}
J=${CONDSEG_JAR:-target/condseg.jar}
/usr/bin/python3 training/refine_cgan.py export-cases --out "$W/cases" > /dev/null
mkdir -p "$W/truth" "$W/prior"
/usr/bin/python3 - "$W" <<'PY'
import csv, os, shutil, sys
w = sys.argv[1]
with open(os.path.join(w, 'refine.csv'), 'w') as m:
    m.write('case,input,mask\n')
    for r in csv.DictReader(open(os.path.join(w, 'cases', 'cases.csv'))):
        m.write('%s,%s,%s\n' % (r['case'], os.path.join('cases', r['input']), os.path.join('cases', r['mask'])))
        shutil.copy(os.path.join(w, 'cases', r['truth']), os.path.join(w, 'truth', r['case'] + '.tif'))
        shutil.copy(os.path.join(w, 'cases', r['mask']), os.path.join(w, 'prior', r['case'] + '.tif'))
PY
java -jar "$J" batch --model "${CONDSEG_MODEL:-refine-cgan-2d}" --input "$W/refine.csv" --output "$W/refined" > "$W/batch.log" 2>&1
java -jar "$J" evaluate --prediction "$W/refined" --truth "$W/truth" --csv "$W/refined-scores.csv" > /dev/null
java -jar "$J" evaluate --prediction "$W/prior" --truth "$W/truth" --csv "$W/prior-scores.csv" > /dev/null
/usr/bin/python3 - "$W" <<'PY'
import csv, os, sys
w = sys.argv[1]
sets = {r['case']: r['set'] for r in csv.DictReader(open(os.path.join(w, 'cases', 'cases.csv')))}
def scores(f):
    d = {c: 0.0 for c in sets}
    for r in csv.DictReader(open(os.path.join(w, f))):
        if r['label'] == '1':
            d[r['case']] = float(r['dice'])
    return d
p, q = scores('prior-scores.csv'), scores('refined-scores.csv')
def row(label, cs):
    a, b = sum(p[c] for c in cs) / len(cs), sum(q[c] for c in cs) / len(cs)
    better = sum(q[c] > p[c] for c in cs) / len(cs)
    worse = sum(q[c] < p[c] - 0.01 for c in cs) / len(cs)
    print('| %s | %d | %.3f | %.3f | %+.3f | %.0f %% | %.0f %% |' % (label, len(cs), a, b, b - a, 100 * better, 100 * worse))
print('| held-out set | rough priors | Dice of the prior | Dice refined | gain | refined better | lowered by > 0.01 |')
print('|---|---:|---:|---:|---:|---:|---:|')
for s in dict.fromkeys(sets.values()):
    row(s, [c for c in sets if sets[c] == s])
row('all real', list(sets))
for lo, hi in ((0, 0.7), (0.7, 0.8), (0, 0.8), (0.8, 0.9), (0.9, 1.01)):
    cs = [c for c in sets if lo <= p[c] < hi]
    if cs:
        row('prior Dice %.1f-%.1f' % (lo, min(hi, 1)), cs)
print('(work folder: %s)' % w)
PY
