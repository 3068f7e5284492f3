"""Pseudo-objects on real unlabelled slices: the slice is cut into intensity-coherent regions
(SLIC superpixels, Felzenszwalb's graph segmentation, compact watershed of the gradient, or
connected components of multi-Otsu classes), neighbouring regions of similar brightness are
sometimes merged, and one region becomes a click / box target with real texture around it."""
import numpy as np
from scipy import ndimage as ndi
from skimage import segmentation as seg
from skimage.filters import sobel, threshold_multiotsu


def _norm(img):
    lo, hi = np.percentile(img, [1, 99])
    return np.clip((img - lo) / max(hi - lo, 1e-6), 0, 1).astype(np.float32)


def regions(rng, img, method=None):
    """Label map (1..n, 0 unused) of intensity-coherent regions of a 2D image."""
    u = _norm(img)
    if method is None:
        method = ['slic', 'felzenszwalb', 'watershed', 'otsu'][int(rng.choice(4, p=[0.3, 0.25, 0.2, 0.25]))]
    if method == 'slic':
        n = int(np.exp(rng.uniform(np.log(8), np.log(250))))
        lab = seg.slic(u, n_segments=n, compactness=float(np.exp(rng.uniform(np.log(0.02), np.log(0.5)))),
                       sigma=float(rng.uniform(0, 1.5)), channel_axis=None, start_label=1)
    elif method == 'felzenszwalb':
        lab = seg.felzenszwalb(u, scale=float(np.exp(rng.uniform(np.log(10), np.log(600)))),
                               sigma=float(rng.uniform(0.3, 1.5)), min_size=int(rng.integers(8, 60)),
                               channel_axis=None) + 1
    elif method == 'watershed':
        g = sobel(ndi.gaussian_filter(u, rng.uniform(0.5, 2.0)))
        lab = seg.watershed(g, markers=int(np.exp(rng.uniform(np.log(10), np.log(300)))),
                            compactness=float(np.exp(rng.uniform(np.log(1e-4), np.log(1e-2)))))
    else:
        k = int(rng.integers(2, 5))
        try:
            th = threshold_multiotsu(ndi.gaussian_filter(u, rng.uniform(0, 1.5)), classes=k)
        except ValueError:
            th = np.quantile(u, np.linspace(0, 1, k + 1)[1:-1])
        cls = np.digitize(ndi.gaussian_filter(u, 0.7), th)
        lab = np.zeros(u.shape, np.int32)
        n = 0
        for c in range(k):
            cc, nc = ndi.label(cls == c)
            lab[cc > 0] = cc[cc > 0] + n
            n += nc
    lab = np.asarray(lab, np.int32)
    if rng.random() < 0.4:
        lab = merge_similar(rng, u, lab)
    return lab


def merge_similar(rng, u, lab):
    """Merges touching regions whose mean brightness falls in the same random bin."""
    n = int(lab.max()) + 1
    means = ndi.mean(u, lab, index=np.arange(n))
    width = rng.uniform(0.04, 0.2)
    binned = np.floor((np.nan_to_num(means) + rng.uniform(0, width)) / width).astype(np.int32)
    b = binned[lab]
    out = np.zeros_like(lab)
    m = 0
    for v in np.unique(b):
        cc, nc = ndi.label(b == v)
        out[cc > 0] = cc[cc > 0] + m
        m += nc
    return out


def pseudo_object(rng, img, lab=None, min_px=12, max_frac=0.6):
    """(image, target, labels) with one region of lab (default: regions(rng, img)) as target,
    or None. Regions that are mostly empty background (darkest 3 % of the slice) or that fill more
    than max_frac of the slice are skipped; more compact, mid-sized regions are preferred."""
    if lab is None:
        lab = regions(rng, img)
    n = int(lab.max()) + 1
    sizes = np.bincount(lab.ravel(), minlength=n)
    u = _norm(img)
    means = np.nan_to_num(ndi.mean(u, lab, index=np.arange(n)))
    dark = np.quantile(u, 0.03) + 0.02
    ok = (sizes >= min_px) & (sizes <= max_frac * lab.size) & (means > dark)
    ok[0] = False
    # regions touching the border of the slice are cut: avoid them most of the time
    edge = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
    inner = ok.copy()
    inner[edge] = False
    cand = np.nonzero(inner if inner.any() and rng.random() < 0.9 else ok)[0]
    if cand.size == 0:
        return None
    w = np.sqrt(sizes[cand].astype(np.float64))
    k = int(rng.choice(cand, p=w / w.sum()))
    cc, nc = ndi.label(lab == k)
    if nc > 1:
        big = np.bincount(cc.ravel())
        big[0] = 0
        mask = cc == int(big.argmax())
    else:
        mask = cc > 0
    if mask.sum() < min_px:
        return None
    if rng.random() < 0.5:   # a superpixel's outline is ragged: smooth it a little
        sm = ndi.binary_opening(ndi.binary_closing(mask))
        if sm.sum() >= min_px:
            mask = sm
    return np.asarray(img, np.float32), mask, lab
