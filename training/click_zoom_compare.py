"""Side by side: two model-card tables of training/cards_table.py (0.3.0 and the same weights with a click
zoom), per held-out set and size tertile: box Dice, Dice after 1 / 3 / 5 clicks beside the disc, and the
ship rule of training/results/click_zoom.md (mean of 1- and 3-click Dice over the four sets improves, no
set's 1-click Dice drops by more than 0.01).

  /usr/bin/python3 training/click_zoom_compare.py OLD_TABLE.md NEW_TABLE.md
"""
import sys


def rows(path):
    out = {}
    for line in open(path):
        c = [x.strip().strip('*') for x in line.strip().strip('|').split('|')]
        if len(c) >= 7 and c[1][:1].isdigit():
            out[c[0].split(', disc')[0]] = [float(x) for x in c[1:7]]  # box, ellipse, 1, disc, 3, 5
    return out


def main():
    old, new = rows(sys.argv[1]), rows(sys.argv[2])
    print('| held-out objects (n) | box 0.3.0 | box zoom | 1 click 0.3.0 | 1 click zoom | disc | 3 clicks 0.3.0 '
          '| 3 clicks zoom | 5 clicks 0.3.0 | 5 clicks zoom |')
    print('|---|' + '---:|' * 9)
    for k in old:
        o, n = old[k], new[k]
        print('| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |'
              % (k, o[0], n[0], o[2], n[2], o[3], o[4], n[4], o[5], n[5]))
    sets = [k for k in old if not k.startswith('mean') and not k.startswith('size')]
    mo = sum(old[k][2] + old[k][4] for k in sets) / (2 * len(sets))
    mn = sum(new[k][2] + new[k][4] for k in sets) / (2 * len(sets))
    drop = max(old[k][2] - new[k][2] for k in sets)
    print('\nmean of 1- and 3-click Dice over the %d sets: %.4f (0.3.0) -> %.4f (zoom); largest 1-click drop of a '
          'set %.3f; ship rule %s' % (len(sets), mo, mn, drop, 'MET' if mn > mo and drop <= 0.01 else 'NOT met'))


if __name__ == '__main__':
    main()
