"""Summarise the click-zoom tuning runs (training/tune_click_zoom.sh): per run and set, the mean Dice
after 1/3/5 clicks, the mean over the small objects (< 76 px, the held-out small tertile's bound) at
1 click, and the selection score: the mean over the three sets of (dice_1 + dice_3) / 2.

  /usr/bin/python3 training/click_zoom_table.py training/runs/zoom/csv
"""
import csv
import os
import sys

SETS = ('aal', 'cord', 'nuclei')


def main():
    root = sys.argv[1]
    print('| run | ' + ' | '.join('%s d1 / d3 / d5 / small d1' % s for s in SETS) + ' | score |')
    print('|---|' + '---|' * (len(SETS) + 1))
    for name in sorted(os.listdir(root)):
        cells, score = [], 0.0
        try:
            for s in SETS:
                rows = list(csv.DictReader(open(os.path.join(root, name, s + '.csv'))))
                m = lambda k, rs=rows: sum(float(r[k]) for r in rs) / len(rs)
                small = [r for r in rows if int(r['area_px']) < 76]
                sm = sum(float(r['dice_1']) for r in small) / max(1, len(small))
                cells.append('%.3f / %.3f / %.3f / %.3f (%d)' % (m('dice_1'), m('dice_3'), m('dice_5'), sm, len(small)))
                score += (m('dice_1') + m('dice_3')) / 2 / len(SETS)
        except FileNotFoundError:
            continue
        print('| %s | %s | %.4f |' % (name, ' | '.join(cells), score))


if __name__ == '__main__':
    main()
