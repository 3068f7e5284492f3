"""Export the four held-out 2D sets of training/heldout.md (spleen CT and cord T2 axial slices,
nuclei of the right half, macaque inia19 NeuroMaps regions) as folder pairs for
`condseg evaluate-prompts`: OUT/<set>/images/case-NNNN.tif (float32) and OUT/<set>/truths/case-NNNN.tif
(uint8, the object as 1), one pair per object, in the order and with the selection of
training/evaluate_prompts.py's cases() (the same objects the Python protocol scores).

  /usr/bin/python3 training/prepare_data.py --out /tmp/condseg-cache
  /usr/bin/python3 training/export_prompt_sets.py --cache /tmp/condseg-cache --out /tmp/prompt-sets [--every K]

--every K keeps every K-th object of each set (positions 0, K, 2K, ... in that order), a subsample
fixed by rule, not by results. Writes OUT/objects.csv (set, case, area_px). Never commit what it
writes (derived from /work/shared/data and mricron-data).
"""
import argparse
import os
import sys

import numpy as np
import tifffile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate_prompts import SETS, cases  # noqa: E402

SLUG = {SETS[0]: 'spleen-ct', SETS[1]: 'cord-t2', SETS[2]: 'nuclei', SETS[3]: 'macaque-t1'}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cache', required=True, help='folder holding eval.npz (training/prepare_data.py)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--every', type=int, default=1)
    a = ap.parse_args()
    rows = ['set,case,area_px']
    seen = {}
    for name, img, truth in cases(os.path.join(a.cache, 'eval.npz')):
        pos = seen.get(name, 0)
        seen[name] = pos + 1
        if pos % a.every:
            continue
        d = os.path.join(a.out, SLUG[name])
        os.makedirs(os.path.join(d, 'images'), exist_ok=True)
        os.makedirs(os.path.join(d, 'truths'), exist_ok=True)
        case = 'case-%04d' % pos
        tifffile.imwrite(os.path.join(d, 'images', case + '.tif'), np.asarray(img, np.float32))
        tifffile.imwrite(os.path.join(d, 'truths', case + '.tif'), np.asarray(truth, np.uint8))
        rows.append('%s,%s,%d' % (SLUG[name], case, int(truth.sum())))
    with open(os.path.join(a.out, 'objects.csv'), 'w') as f:
        f.write('\n'.join(rows) + '\n')
    print('%d objects in %s (%s)' % (len(rows) - 1, a.out,
                                     ', '.join('%s %d' % (SLUG[k], (v + a.every - 1) // a.every) for k, v in seen.items())))


if __name__ == '__main__':
    main()
