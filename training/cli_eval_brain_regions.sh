#!/bin/sh
# Held-out Dice of brain-regions-2d through the command line alone: `batch` segments Debian
# mricron-data's ch2.nii.gz once per AAL region (a manifest with a `class` column), then `evaluate`
# scores each region against aal.nii.gz on the held-out axial slabs ((k // 8) % 4 == 2, the slices
# training never saw). The network sees the whole volume (its contract scales by whole-volume
# percentiles); before `evaluate`, every slice outside the held-out slabs is set to 0 in both the
# prediction and the truth, so only held-out slices are scored.
#   sh training/cli_eval_brain_regions.sh [WORKDIR] [REGIONS]   (REGIONS: how many, default all 116)
# Needs target/condseg.jar. Prints the mean of the per-region Dice and writes WORKDIR/scores.csv.
set -e
W=${1:-$(mktemp -d)}
N=${2:-116}
J=${CONDSEG_JAR:-target/condseg.jar}
T=/usr/share/mricron/templates
mkdir -p "$W/pred-held-out" "$W/truth"
/usr/bin/python3 - "$W" "$N" "$T" <<'PY'
import os, sys
w, n, t = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names = [line.split()[1] for line in open(os.path.join(t, 'aal.nii.txt')) if line.strip()][:n]
with open(os.path.join(w, 'regions.csv'), 'w') as f:
    f.write('case,input,class\n')
    for i, name in enumerate(names):
        f.write('r%03d-%s,%s,%s\n' % (i + 1, name, os.path.join(t, 'ch2.nii.gz'), name))
PY
java -jar "$J" batch --model brain-regions-2d --input "$W/regions.csv" --output "$W/pred" > "$W/batch.log" 2>&1
/usr/bin/python3 - "$W" "$T" <<'PY'
import glob, os, sys
import nibabel as nib
import numpy as np
w, t = sys.argv[1], sys.argv[2]
aal = nib.load(os.path.join(t, 'aal.nii.gz'))
lab = np.asarray(aal.dataobj)
keep = np.array([(k // 8) % 4 == 2 for k in range(lab.shape[2])])
for p in sorted(glob.glob(os.path.join(w, 'pred', 'r*.nii.gz'))):
    case = os.path.basename(p)[:-len('.nii.gz')]
    r = int(case[1:4])
    img = nib.load(p)
    pred = (np.asarray(img.dataobj) > 0).astype(np.uint8)
    truth = (lab == r).astype(np.uint8)
    pred[:, :, ~keep] = 0
    truth[:, :, ~keep] = 0
    nib.save(nib.Nifti1Image(pred, img.affine, img.header), os.path.join(w, 'pred-held-out', case + '.nii.gz'))
    nib.save(nib.Nifti1Image(truth, aal.affine), os.path.join(w, 'truth', case + '.nii.gz'))
PY
java -jar "$J" evaluate --prediction "$W/pred-held-out" --truth "$W/truth" --csv "$W/scores.csv" > "$W/evaluate.txt"
/usr/bin/python3 - "$W" <<'PY'
import csv, os, sys
import numpy as np
w = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(w, 'scores.csv'))))
cases = sorted({r['case'] for r in rows})
one = {r['case']: r for r in rows if r['label'] == '1' and float(r['volume_truth'] or 0) > 0}
scored = sorted(one)   # regions with held-out truth; a region predicted nowhere scores Dice 0
d = np.array([float(one[c]['dice'] or 0) for c in scored])
hd = np.array([float(one[c]['hd95']) for c in scored if one[c]['hd95'] not in ('', 'nan', 'NaN', 'Infinity')])
ratio = np.array([float(one[c]['volume_predicted'] or 0) / float(one[c]['volume_truth']) for c in scored])
name = lambda c: c[5:].replace('-labels', '')
print('brain-regions-2d on the held-out axial slabs of ch2, through batch + evaluate:')
print('regions scored %d, Dice mean %.3f, median %.3f; 95%% Hausdorff median %.1f mm; predicted / true volume median %.2f'
      % (len(d), d.mean(), np.median(d), np.median(hd) if len(hd) else float('nan'), np.median(ratio)))
order = sorted(range(len(scored)), key=lambda i: d[i])
print('worst:', ', '.join('%s %.2f' % (name(scored[i]), d[i]) for i in order[:5]))
print('best:', ', '.join('%s %.2f' % (name(scored[i]), d[i]) for i in order[-5:]))
print('(work folder: %s)' % w)
PY
