#!/usr/bin/env python3
"""Writes reference input tensors of the interactive-2d contract (test-data/encoding/), made by
training/common.py, the code that trained the model. The Java test EncodingMatchesTrainingTest encodes
the same prompts on the same image and must agree, so that what the model sees at run time is what it
saw in training.

Run: /usr/bin/python3 test-data/make_encoding_fixtures.py   (numpy, scipy, tifffile)
"""
import os
import sys

import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'training'))
import common as C  # noqa: E402

OUT = os.path.join(HERE, 'encoding')

CASES = {
    # name: (box, positive clicks, negative clicks, scribble rectangle x0,y0,x1,y1 or None)
    'box': ((73, 96, 52, 61), [], [], None),
    'click': (None, [(94, 113)], [], None),
    'clicks': (None, [(94, 113), (110, 140)], [(60, 60)], None),
    'box-clicks': ((73, 96, 52, 61), [(94, 113)], [(80, 100)], None),
    'scribble': (None, [], [], (90, 110, 100, 118)),
    'edge-click': (None, [(2, 250)], [], None),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    image = tifffile.imread(os.path.join(HERE, 'synthetic', 'demo-image.tif')).astype(np.float64)
    for name, (box, pos, neg, scr) in CASES.items():
        scribble = None
        if scr is not None:
            scribble = np.zeros(image.shape, bool)
            scribble[scr[1]:scr[3], scr[0]:scr[2]] = True
            tifffile.imwrite(os.path.join(OUT, name + '-mask.tif'), scribble.astype(np.uint8), imagej=True)
        x, win = C.encode(image, C.Prompt(box=box, pos=pos, neg=neg, scribble=scribble))
        np.save(os.path.join(OUT, name + '.npy'), x.astype(np.float32))
    print('wrote', sorted(os.listdir(OUT)))


if __name__ == '__main__':
    main()
