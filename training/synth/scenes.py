"""Synthetic scenes: 3-9 irregular, concave, touching objects of similar brightness with texture,
bias field, blur and noise. numpy + scipy only.

synth_scene(rng) -> (image float32 [H, W], labels int32 [H, W]); label 0 is background.
"""
import numpy as np
from scipy import ndimage as ndi


def _smooth_noise(rng, shape, sigma):
    n = ndi.gaussian_filter(rng.standard_normal(shape).astype(np.float32), sigma, mode='reflect')
    s = n.std()
    return n / s if s > 0 else n


def _star_object(rng, yy, xx, cy, cx, r):
    """Star-shaped region with a random Fourier radius (often concave), random elongation."""
    ang = rng.uniform(0, np.pi)
    el = rng.uniform(1.0, 2.2) if rng.random() < 0.6 else 1.0
    dy, dx = yy - cy, xx - cx
    ca, sa = np.cos(ang), np.sin(ang)
    a = (dx * ca + dy * sa) / np.sqrt(el)
    b = (-dx * sa + dy * ca) * np.sqrt(el)
    rho = np.hypot(a, b)
    th = np.arctan2(b, a)
    f = np.ones_like(rho)
    amp = rng.uniform(0.1, 0.45)
    for j in range(2, 8):
        f += rng.normal(0, amp / j ** 0.7) * np.cos(j * th + rng.uniform(0, 2 * np.pi))
    f = np.clip(f, 0.25, None)
    return rho < r * f


def synth_labels(rng, H, W, K, R):
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    lab = np.zeros((H, W), np.int32)
    centres = [(H / 2 + rng.normal(0, H / 10), W / 2 + rng.normal(0, W / 10))]
    for k in range(1, K):
        py, px = centres[rng.integers(len(centres))]
        d = R * rng.uniform(1.0, 2.0)
        t = rng.uniform(0, 2 * np.pi)
        centres.append((float(np.clip(py + d * np.sin(t), 0, H - 1)),
                        float(np.clip(px + d * np.cos(t), 0, W - 1))))
    radii = [R * rng.uniform(0.6, 1.4) for _ in range(K)]
    for k in range(K):
        m = _star_object(rng, yy, xx, centres[k][0], centres[k][1], radii[k])
        if rng.random() < 0.5:  # a bite out of the boundary: concavity
            t = rng.uniform(0, 2 * np.pi)
            rb = radii[k] * rng.uniform(0.3, 0.6)
            by = centres[k][0] + radii[k] * np.sin(t)
            bx = centres[k][1] + radii[k] * np.cos(t)
            m &= (yy - by) ** 2 + (xx - bx) ** 2 > rb ** 2
        if rng.random() < 0.5:
            lab[m] = k + 1          # overwrite: occlusion makes concave outlines
        else:
            lab[m & (lab == 0)] = k + 1
    # grow into the background so that neighbours touch
    g = rng.uniform(0.5, 0.25 * R + 1)
    dist, (iy, ix) = ndi.distance_transform_edt(lab == 0, return_indices=True)
    grow = (dist > 0) & (dist <= g)
    lab[grow] = lab[iy[grow], ix[grow]]
    # keep each object's largest 4-connected component
    out = np.zeros_like(lab)
    n = 0
    for k in range(1, K + 1):
        cc, nc = ndi.label(lab == k)
        if nc == 0:
            continue
        sizes = np.bincount(cc.ravel())
        sizes[0] = 0
        big = sizes.argmax()
        if sizes[big] < 12:
            continue
        n += 1
        out[cc == big] = n
    return out


def synth_render(rng, lab, max_blur=2.0, max_noise=0.3, max_bias=0.3, offsets=None):
    """offsets: {label: value in units of the contrast} added to those labels' brightness (the
    rims of nested scenes)."""
    H, W = lab.shape
    K = int(lab.max())
    bg = rng.uniform(0.05, 0.6)
    contrast = rng.uniform(0.12, 0.6) * (1 if rng.random() < 0.75 else -1)
    base = bg + contrast
    spread = abs(contrast) * rng.uniform(0.0, 0.35)          # similar brightness
    vals = np.concatenate([[bg], base + rng.normal(0, 1, K) * spread])
    for k, v in (offsets or {}).items():
        vals[k] += v * abs(contrast)
    img = vals[lab].astype(np.float32)
    fg = lab > 0
    if rng.random() < 0.4:  # shading towards the object centres
        dt = ndi.distance_transform_edt(np.pad(fg, 1))[1:-1, 1:-1]
        inner = np.zeros_like(img)
        for k in range(1, K + 1):
            m = lab == k
            if m.any():
                # per-object distance to its own border
                d = ndi.distance_transform_edt(np.pad(m, 1))[1:-1, 1:-1]
                inner[m] = d[m] / max(d.max(), 1)
        img += (contrast * rng.uniform(-0.4, 0.4)) * inner
        del dt
    if rng.random() < 0.35:  # thin boundary lines between touching objects
        edge = np.zeros_like(fg)
        edge[:-1] |= (lab[:-1] != lab[1:]) & (lab[:-1] > 0) & (lab[1:] > 0)
        edge[:, :-1] |= (lab[:, :-1] != lab[:, 1:]) & (lab[:, :-1] > 0) & (lab[:, 1:] > 0)
        img[edge] -= contrast * rng.uniform(0.1, 0.6)
    if rng.random() < 0.3:  # distractor blobs of other brightness
        for _ in range(rng.integers(1, 6)):
            cy, cx, r = rng.uniform(0, H), rng.uniform(0, W), rng.uniform(2, max(3, H / 12))
            yy, xx = np.ogrid[0:H, 0:W]
            m = ((yy - cy) ** 2 + (xx - cx) ** 2 < r * r) & ~fg
            img[m] = bg + rng.uniform(-0.5, 0.5) * abs(contrast)
    # texture (per object amplitude), multiplicative-ish
    tex_amp = rng.uniform(0, 0.25) * abs(contrast)
    if tex_amp > 0:
        img += tex_amp * _smooth_noise(rng, (H, W), rng.uniform(0.7, 4))
    if rng.random() < 0.3:  # speckle / granules
        img += abs(contrast) * rng.uniform(0, 0.3) * (rng.random((H, W)) < 0.03) * rng.choice([-1, 1])
    # bias field
    if rng.random() < 0.8:
        bias = _smooth_noise(rng, (max(H // 8, 4), max(W // 8, 4)), 2.0)
        bias = ndi.zoom(bias, (H / bias.shape[0], W / bias.shape[1]), order=1)[:H, :W]
        img = img * (1 + rng.uniform(0, max_bias) * bias)
    blur = rng.uniform(0, max_blur) if rng.random() < 0.8 else 0
    if blur > 0.2:
        img = ndi.gaussian_filter(img, blur)
    noise = abs(contrast) * rng.uniform(0.01, max_noise)
    img = img + noise * rng.standard_normal((H, W)).astype(np.float32)
    return img.astype(np.float32)


def synth_scene(rng, size=None):
    if size is None:
        H = int(rng.choice([96, 128, 160, 192, 224, 256]))
        W = int(np.clip(H * rng.uniform(0.75, 1.33), 80, 288))
    else:
        H, W = size
    K = int(rng.integers(3, 10))
    R = float(rng.uniform(5, min(H, W) / 5.5))
    lab = synth_labels(rng, H, W, K, R)
    if lab.max() == 0:
        return synth_scene(rng, size)
    return synth_render(rng, lab), lab


def nested_scene(rng):
    """A scene in which 1-3 objects sit inside a rim of their own, clearly different brightness
    (an object in its sheath or capsule: cord in CSF, an organ in fat, a cell in its membrane).
    -> (image, labels, inner): inner lists the labels of the enclosed objects; each rim is a label
    of its own, so the enclosed object and its rim are distinct targets."""
    H = int(rng.choice([64, 96, 128, 160, 192]))
    W = int(np.clip(H * rng.uniform(0.75, 1.33), 56, 224))
    K = int(rng.integers(3, 8))
    R = float(rng.uniform(5, min(H, W) / 5.0))
    lab = synth_labels(rng, H, W, K, R)
    n = int(lab.max())
    if n == 0:
        return nested_scene(rng)
    ids = rng.permutation(np.arange(1, n + 1))[:int(rng.integers(1, 4))]
    offsets, inner = {}, []
    for k in ids:
        m = lab == k
        dt = ndi.distance_transform_edt(np.pad(m, 1))[1:-1, 1:-1]
        width = rng.uniform(1.0, max(1.5, 0.45 * dt.max()))
        core = dt > width
        cc, nc = ndi.label(core)
        if nc == 0:
            continue
        sizes = np.bincount(cc.ravel())
        sizes[0] = 0
        core = cc == sizes.argmax()
        if core.sum() < 12:
            continue
        n += 1
        lab[m & ~core] = n        # the rim becomes its own label, the object keeps k
        offsets[n] = rng.choice([-1, 1]) * rng.uniform(0.6, 2.0)
        inner.append(int(k))
    return synth_render(rng, lab, offsets=offsets), lab, inner


def object_stats(lab, k):
    """(area, solidity, touches_neighbour) of object k."""
    from skimage.measure import regionprops
    m = lab == k
    p = regionprops(m.astype(np.uint8))[0]
    dil = ndi.binary_dilation(m)
    neigh = np.unique(lab[dil & ~m])
    return int(m.sum()), float(p.solidity), bool((neigh > 0).any())
