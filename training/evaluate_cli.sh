#!/bin/sh
# Held-out Dice of a 2D interactive model through the command line alone: the held-out objects of
# training/cache/eval.npz (spleen CT and cord T2 axial slices, nuclei of the right half; every object
# of >= 30 pixels) exported as TIFFs, segmented by `batch` from a manifest with each object's tight box,
# then with one click at its interior-most pixel, and scored by `evaluate` against the truths.
#   sh training/evaluate_cli.sh [MODEL] [WORKDIR]      (defaults: interactive-2d, a new temporary folder)
#   BATCH_ARGS="--samples 16 --seed 0" sh training/evaluate_cli.sh probabilistic-2d    (options for batch)
# Needs target/condseg.jar and training/cache (training/prepare_data.py). WORKDIR holds data derived from
# /work/shared/data: never commit it. Prints the mean Dice per held-out set and prompt.
set -e
M=${1:-interactive-2d}
W=${2:-$(mktemp -d)}
J=${CONDSEG_JAR:-target/condseg.jar}
/usr/bin/python3 training/export_cases.py --out "$W/cases" > /dev/null
mkdir -p "$W/truth"
/usr/bin/python3 - "$W" <<'PY'
import csv, os, shutil, sys
w = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(w, 'cases', 'cases.csv'))))
with open(os.path.join(w, 'box.csv'), 'w') as b, open(os.path.join(w, 'click.csv'), 'w') as c:
    b.write('case,input,boxes\n'); c.write('case,input,points\n')
    for r in rows:
        case = 'case-%04d' % int(r['case'])
        inp = os.path.join('cases', r['input'])
        b.write('%s,%s,"%s"\n' % (case, inp, r['box'].replace(' ', ',')))
        c.write('%s,%s,"%s"\n' % (case, inp, r['click'].replace(' ', ',')))
        shutil.copy(os.path.join(w, 'cases', r['truth']), os.path.join(w, 'truth', case + '.tif'))
PY
for p in box click; do
  java -jar "$J" batch --model "$M" --input "$W/$p.csv" --output "$W/$p" $BATCH_ARGS > "$W/$p-batch.log" 2>&1
  java -jar "$J" evaluate --prediction "$W/$p" --truth "$W/truth" --csv "$W/$p-scores.csv" > "$W/$p-evaluate.txt"
done
/usr/bin/python3 - "$W" "$M" <<'PY'
import csv, os, sys
w, m = sys.argv[1], sys.argv[2]
sets = {'case-%04d' % int(r['case']): r['set'] for r in csv.DictReader(open(os.path.join(w, 'cases', 'cases.csv')))}
print('| %s, held-out set (n) | Dice from box | Dice from 1 click |' % m)
print('|---|---:|---:|')
res = {}
for p in ('box', 'click'):
    dice = {c: 0.0 for c in sets}  # a case with no predicted label scores 0
    for r in csv.DictReader(open(os.path.join(w, p + '-scores.csv'))):
        if r['label'] == '1':
            dice[r['case']] = float(r['dice'])
    for c, d in dice.items():
        res.setdefault(sets[c], {}).setdefault(p, []).append(d)
for s, v in res.items():
    print('| %s (%d) | %.3f | %.3f |' % (s, len(v['box']), sum(v['box']) / len(v['box']), sum(v['click']) / len(v['click'])))
allb = [d for v in res.values() for d in v['box']]; allc = [d for v in res.values() for d in v['click']]
print('| all (%d) | %.3f | %.3f |' % (len(allb), sum(allb) / len(allb), sum(allc) / len(allc)))
print('(work folder: %s)' % w)
PY
