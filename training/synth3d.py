"""Synthetic volumes for interactive-3d: 3-8 irregular, often concave, touching 3D objects of similar
brightness with texture, shading, bias field, blur, noise and, sometimes, thick slices (anisotropic
spacing). numpy + scipy only; the 3D counterpart of synth.py.

synth_volume(rng) -> (image float32 [Z, Y, X], labels int32 [Z, Y, X], spacing (sx, sy, sz))
"""
import numpy as np
from scipy import ndimage as ndi


def _smooth_noise(rng, shape, sigma):
    n = ndi.gaussian_filter(rng.standard_normal(shape).astype(np.float32), sigma, mode='reflect')
    s = n.std()
    return n / s if s > 0 else n


def _random_rotation(rng):
    q = rng.standard_normal(4)
    q /= np.linalg.norm(q)
    a, b, c, d = q
    return np.array([[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
                     [2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b)],
                     [2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d]])


def _blob(rng, grids, centre, r):
    """Star-shaped 3D region: random elongation and rotation, radius modulated by a few random
    plane waves over the direction (often concave)."""
    zz, yy, xx = grids
    R = _random_rotation(rng)
    el = rng.uniform(0.6, 1.8, 3) if rng.random() < 0.7 else np.ones(3)
    el = el / np.prod(el) ** (1 / 3)
    d = np.stack([zz - centre[0], yy - centre[1], xx - centre[2]], 0).reshape(3, -1)
    q = (R @ d) / el[:, None]
    rho = np.sqrt((q ** 2).sum(0)) + 1e-6
    u = q / rho
    f = np.ones_like(rho)
    amp = rng.uniform(0.08, 0.35)
    for _ in range(int(rng.integers(3, 8))):
        k = rng.standard_normal(3)
        k *= rng.uniform(1.5, 4.5) / np.linalg.norm(k)
        f += rng.normal(0, amp) * np.cos(u.T @ k + rng.uniform(0, 2 * np.pi))
    f = np.clip(f, 0.3, None)
    return (rho < r * f).reshape(zz.shape)


def synth_labels(rng, shape, K, R):
    Z, Y, X = shape
    grids = np.mgrid[0:Z, 0:Y, 0:X].astype(np.float32)
    lab = np.zeros(shape, np.int32)
    centres = [np.array([Z / 2, Y / 2, X / 2]) + rng.normal(0, 1, 3) * np.array(shape) / 10]
    for _ in range(1, K):
        p = centres[rng.integers(len(centres))]
        v = rng.standard_normal(3)
        v *= R * rng.uniform(1.0, 2.0) / np.linalg.norm(v)
        centres.append(np.clip(p + v, 0, np.array(shape) - 1))
    for k in range(K):
        r = R * rng.uniform(0.6, 1.4)
        m = _blob(rng, grids, centres[k], r)
        if rng.random() < 0.4:  # a bite: concavity
            v = rng.standard_normal(3)
            b = centres[k] + r * v / np.linalg.norm(v)
            rb = r * rng.uniform(0.3, 0.6)
            m &= ((grids[0] - b[0]) ** 2 + (grids[1] - b[1]) ** 2 + (grids[2] - b[2]) ** 2) > rb * rb
        if rng.random() < 0.5:
            lab[m] = k + 1
        else:
            lab[m & (lab == 0)] = k + 1
    g = rng.uniform(0.5, 0.25 * R + 1)
    dist, idx = ndi.distance_transform_edt(lab == 0, return_indices=True)
    grow = (dist > 0) & (dist <= g)
    lab[grow] = lab[idx[0][grow], idx[1][grow], idx[2][grow]]
    out = np.zeros_like(lab)
    n = 0
    for k in range(1, K + 1):
        cc, nc = ndi.label(lab == k)
        if nc == 0:
            continue
        sizes = np.bincount(cc.ravel())
        sizes[0] = 0
        big = sizes.argmax()
        if sizes[big] < 40:
            continue
        n += 1
        out[cc == big] = n
    return out


def synth_render(rng, lab):
    shape = lab.shape
    K = int(lab.max())
    bg = rng.uniform(0.05, 0.6)
    contrast = rng.uniform(0.12, 0.6) * (1 if rng.random() < 0.75 else -1)
    base = bg + contrast
    spread = abs(contrast) * rng.uniform(0.0, 0.35)
    vals = np.concatenate([[bg], base + rng.normal(0, 1, K) * spread])
    img = vals[lab].astype(np.float32)
    fg = lab > 0
    if rng.random() < 0.4:  # shading towards each object's centre
        inner = np.zeros_like(img)
        for k in range(1, K + 1):
            m = lab == k
            sl = ndi.find_objects(m.astype(np.uint8))[0]
            d = ndi.distance_transform_edt(np.pad(m[sl], 1))[1:-1, 1:-1, 1:-1]
            inner[sl][m[sl]] = d[m[sl]] / max(d.max(), 1)
        img += (contrast * rng.uniform(-0.4, 0.4)) * inner
    if rng.random() < 0.35:  # thin boundaries between touching objects
        edge = np.zeros_like(fg)
        for ax in range(3):
            a = [slice(None)] * 3
            b = [slice(None)] * 3
            a[ax] = slice(None, -1)
            b[ax] = slice(1, None)
            la, lb = lab[tuple(a)], lab[tuple(b)]
            edge[tuple(a)] |= (la != lb) & (la > 0) & (lb > 0)
        img[edge] -= contrast * rng.uniform(0.1, 0.6)
    if rng.random() < 0.3:  # distractor blobs of other brightness
        zz, yy, xx = np.ogrid[0:shape[0], 0:shape[1], 0:shape[2]]
        for _ in range(rng.integers(1, 6)):
            c = rng.uniform(0, 1, 3) * np.array(shape)
            r = rng.uniform(2, max(3, min(shape) / 8))
            m = ((zz - c[0]) ** 2 + (yy - c[1]) ** 2 + (xx - c[2]) ** 2 < r * r) & ~fg
            img[m] = bg + rng.uniform(-0.5, 0.5) * abs(contrast)
    tex = rng.uniform(0, 0.25) * abs(contrast)
    if tex > 0:
        img += tex * _smooth_noise(rng, shape, rng.uniform(0.7, 3))
    if rng.random() < 0.8:  # bias field
        small = tuple(max(s // 8, 3) for s in shape)
        bias = ndi.zoom(_smooth_noise(rng, small, 1.5), [s / t for s, t in zip(shape, small)], order=1)
        bias = bias[:shape[0], :shape[1], :shape[2]]
        img[:bias.shape[0], :bias.shape[1], :bias.shape[2]] *= 1 + rng.uniform(0, 0.3) * bias
    if rng.random() < 0.8:
        b = rng.uniform(0, 1.5)
        if b > 0.2:
            img = ndi.gaussian_filter(img, b)
    noise = abs(contrast) * rng.uniform(0.01, 0.3)
    img = img + noise * rng.standard_normal(shape).astype(np.float32)
    return img.astype(np.float32)


def synth_volume(rng):
    shape = tuple(int(v) for v in rng.integers(48, 81, 3))
    K = int(rng.integers(3, 9))
    R = float(rng.uniform(5, min(shape) / 4.5))
    lab = synth_labels(rng, shape, K, R)
    if lab.max() == 0:
        return synth_volume(rng)
    img = synth_render(rng, lab)
    spacing = (1.0, 1.0, 1.0)
    if rng.random() < 0.3:  # thick slices: average k slices into one, spacing k along z
        k = int(rng.integers(2, 6))
        nz = img.shape[0] // k
        img = img[:nz * k].reshape(nz, k, *img.shape[1:]).mean(1)
        lab = lab[k // 2:nz * k:k]
        spacing = (1.0, 1.0, float(k))
        keep = np.unique(lab)
        keep = keep[keep > 0]
        relab = np.zeros(int(lab.max()) + 1, np.int32)
        relab[keep] = np.arange(1, keep.size + 1)
        lab = relab[lab]
    return img.astype(np.float32), lab.astype(np.int32), spacing
