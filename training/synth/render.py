"""Label-conditioned image synthesis (label map -> image), after SynthSeg (Billot et al. 2023):
each label's mean and spread are drawn from a random Gaussian mixture, so that the model sees
shapes and boundaries under every contrast rather than one scanner's."""
import numpy as np
from scipy import ndimage as ndi


def smooth_noise(rng, shape, sigma):
    n = ndi.gaussian_filter(rng.standard_normal(shape).astype(np.float32), sigma, mode='reflect')
    s = n.std()
    return n / s if s > 0 else n


def _low_freq(rng, shape, cells):
    """A smooth field of unit spread: random values on a coarse grid, upsampled (bias fields)."""
    H, W = shape
    g = rng.standard_normal((max(2, cells), max(2, cells))).astype(np.float32)
    return ndi.zoom(g, (H / g.shape[0], W / g.shape[1]), order=3, mode='nearest')[:H, :W]


def neighbours(lab, k):
    """Labels that touch label k (4-neighbourhood)."""
    m = lab == k
    ring = ndi.binary_dilation(m) & ~m
    return np.unique(lab[ring])


def label_means(rng, n):
    """n label means in [0, 1] from a random mixture of 2-5 Gaussians, and n spreads."""
    k = int(rng.integers(2, 6))
    centres = rng.uniform(0, 1, k)
    widths = rng.uniform(0.01, 0.12, k)
    comp = rng.integers(k, size=n)
    means = np.clip(centres[comp] + rng.standard_normal(n) * widths[comp], 0, 1)
    spreads = rng.uniform(0, 0.05, n) * (rng.random(n) < 0.7)
    return means.astype(np.float32), spreads.astype(np.float32)


def render_labels(rng, lab, targets=(), min_contrast=0.06):
    """Image for the label map lab (any non-negative ints). Each label in targets is kept at least
    min_contrast away from the mean of the labels it touches (a target must be visible)."""
    ids, inv = np.unique(lab, return_inverse=True)
    inv = inv.reshape(lab.shape)
    means, spreads = label_means(rng, ids.size)
    pos = {int(v): i for i, v in enumerate(ids)}
    for t in targets:
        if int(t) not in pos:
            continue
        i = pos[int(t)]
        nb = [pos[int(v)] for v in neighbours(lab, t) if int(v) in pos and int(v) != int(t)]
        if not nb:
            continue
        ref = float(np.mean(means[nb]))
        if abs(means[i] - ref) < min_contrast:
            sign = 1 if (ref < 0.5 if rng.random() < 0.8 else ref >= 0.5) else -1
            means[i] = ref + sign * rng.uniform(min_contrast, 0.35)
    img = means[inv]
    # texture: one or two smooth noise fields, scaled per label
    tex = smooth_noise(rng, lab.shape, rng.uniform(0.5, 3.0))
    img = img + spreads[inv] * tex
    if rng.random() < 0.3:
        img = img + rng.uniform(0, 0.03) * smooth_noise(rng, lab.shape, rng.uniform(4, 12))
    return degrade(rng, img.astype(np.float32))


def degrade(rng, img, p=1.0):
    """Acquisition effects on an image in about [0, 1]: multiplicative bias field, blur,
    resolution loss (thick slices or a coarse matrix), noise (Gaussian or Rician), gamma."""
    img = np.asarray(img, np.float32)
    H, W = img.shape
    if rng.random() < 0.7 * p:
        img = img * np.exp(rng.uniform(0.05, 0.5) * _low_freq(rng, (H, W), int(rng.integers(2, 6))))
    if rng.random() < 0.5 * p:
        img = ndi.gaussian_filter(img, (rng.uniform(0, 1.5), rng.uniform(0, 1.5)))
    if rng.random() < 0.35 * p:
        f = rng.uniform(1.5, 4.0)
        fy, fx = (f, 1.0) if rng.random() < 0.4 else ((1.0, f) if rng.random() < 0.5 else (f, f))
        small = ndi.zoom(img, (1 / fy, 1 / fx), order=1)
        img = ndi.zoom(small, (H / small.shape[0], W / small.shape[1]), order=1)[:H, :W]
        if img.shape != (H, W):
            img = np.pad(img, ((0, H - img.shape[0]), (0, W - img.shape[1])), mode='edge')
    if rng.random() < 0.8 * p:
        s = rng.uniform(0.005, 0.08)
        if rng.random() < 0.3:   # Rician (magnitude MR)
            img = np.hypot(img + s * rng.standard_normal((H, W)), s * rng.standard_normal((H, W)))
        else:
            img = img + s * rng.standard_normal((H, W))
    if rng.random() < 0.6 * p:
        lo, hi = float(img.min()), float(img.max())
        if hi > lo:
            img = lo + (hi - lo) * ((img - lo) / (hi - lo)) ** float(np.exp(rng.normal(0, 0.4)))
    return img.astype(np.float32)


def elastic(rng, lab, alpha=None, sigma=None, image=None):
    """Elastic deformation (smooth random displacement, max about alpha px) of a label map
    (nearest neighbour) and optionally of an image on the same grid (bilinear)."""
    H, W = lab.shape
    if sigma is None:
        sigma = rng.uniform(6, 20)
    if alpha is None:
        alpha = rng.uniform(1, 0.04 * min(H, W) + 2)
    dy = smooth_noise(rng, (H, W), sigma) * alpha
    dx = smooth_noise(rng, (H, W), sigma) * alpha
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    coords = [yy + dy, xx + dx]
    out = ndi.map_coordinates(lab, coords, order=0, mode='nearest')
    if image is None:
        return out
    return out, ndi.map_coordinates(image, coords, order=1, mode='nearest').astype(np.float32)
