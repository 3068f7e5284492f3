"""The engine's training sources over the caches: label-conditioned synthesis from label maps
(train.npz's AAL / Brodmann on ch2, the cord and grey-matter masks, the left-half nuclei; 
engine.npz's Harvard-Oxford + JHU and AICHA maps; procedural scenes), pseudo-objects on real
unlabelled volumes (engine.npz: CT_AVM, CT_pitch, MR_Gd, spm152) and part-versus-whole scenes.
Each source returns (image, target, labels) or None."""
import numpy as np
from scipy import ndimage as ndi

from .parts import parts_scene
from .pseudo import pseudo_object, regions
from .render import elastic, render_labels
from .scenes import synth_labels


def _slice(vol, ax, k):
    return np.ascontiguousarray(np.take(vol, k, axis=ax))


def _random_slice(rng, vol, lo=0.15, hi=0.85):
    ax = int(rng.integers(3))
    n = vol.shape[ax]
    k = int(rng.integers(int(lo * n), max(int(lo * n) + 1, int(hi * n))))
    return ax, k


def _component(rng, lab, min_px=12):
    """A random 4-connected piece (>= min_px) of a random label of lab, or None."""
    ids = np.unique(lab)
    ids = ids[ids > 0]
    for k in rng.permutation(ids)[:8]:
        cc, nc = ndi.label(lab == k)
        sizes = np.bincount(cc.ravel())[1:]
        ok = np.nonzero(sizes >= min_px)[0]
        if ok.size:
            return int(k), cc == int(rng.choice(ok)) + 1
    return None


def _classes(rng, img, k=None):
    """Intensity classes of a real image (labels 1..k), the unlabelled context of a label map."""
    k = k or int(rng.integers(2, 6))
    u = ndi.gaussian_filter(np.asarray(img, np.float32), 1.0)
    th = np.quantile(u, np.sort(rng.uniform(0.05, 0.95, k - 1)))
    return np.digitize(u, th) + 1


class Engine:
    def __init__(self, train_npz, engine_npz=None):
        z = np.load(train_npz)
        # (label volume, matching image or None)
        self.maps = [(z['aal'], z['ch2']), (z['t1w_cord'], z['t1w']), (z['t2s_gm'], z['t2s'])]
        if 'brodmann' in z.files:
            self.maps.append((z['brodmann'], z['ch2']))
        self.nuclei = z['nuc_lab'].astype(np.int32)
        self.volumes = []
        if engine_npz is not None:
            e = np.load(engine_npz)
            for key in e.files:
                if key.startswith('map_'):
                    self.maps.append((e[key], None))
                elif key.startswith('vol_'):
                    self.volumes.append(e[key])
        self._pseudo = None

    # ------------------------------------------------------------------ label -> image synthesis
    def labsynth(self, rng):
        r = rng.random()
        if r < 0.15:
            H = int(rng.choice([96, 128, 192, 256]))
            lab = synth_labels(rng, H, H, int(rng.integers(3, 12)), float(rng.uniform(4, H / 5)))
            ctx = None
        elif r < 0.25:
            lab, ctx = self.nuclei, None
        else:
            vol, image = self.maps[int(rng.integers(len(self.maps)))]
            for _ in range(10):
                ax, k = _random_slice(rng, vol, 0.1, 0.9) if vol.shape[2] > 20 else (2, int(rng.integers(vol.shape[2])))
                lab = _slice(vol, ax, k).astype(np.int32)
                if lab.any():
                    break
            else:
                return None
            ctx = None if image is None else _slice(image, ax, k)
        lab = np.asarray(lab, np.int32)
        if ctx is not None and rng.random() < 0.7:   # real image classes where no label is
            cls = _classes(rng, ctx)
            lab = np.where(lab > 0, lab, cls + 10000)
        if rng.random() < 0.6:
            lab = elastic(rng, lab)
        pick_from = np.where(lab < 10000, lab, 0)
        got = _component(rng, pick_from)
        if got is None:
            return None
        k, mask = got
        img = render_labels(rng, lab, targets=[k])
        return img, mask, lab

    # ------------------------------------------------------------------ pseudo-objects
    def pseudo(self, rng, reuse=3):
        if not self.volumes:
            return None
        if self._pseudo is None or self._pseudo[2] <= 0:
            vol = self.volumes[int(rng.integers(len(self.volumes)))]
            ax, k = _random_slice(rng, vol)
            img = _slice(vol, ax, k).astype(np.float32)
            if img.max() <= img.min():
                return None
            if rng.random() < 0.4:   # coarser in-plane resolution
                img = ndi.zoom(img, rng.uniform(0.5, 0.9), order=1)
            self._pseudo = [img, regions(rng, img), reuse]
        self._pseudo[2] -= 1
        img, lab, _ = self._pseudo
        return pseudo_object(rng, img, lab)

    # ------------------------------------------------------------------ part versus whole
    @staticmethod
    def parts(rng):
        img, lab, targets = parts_scene(rng)
        w = np.array([{'part': 0.55, 'whole': 0.25, 'crescent': 0.5}[k] for k, _ in targets])
        kind, mask = targets[int(rng.choice(len(targets), p=w / w.sum()))]
        if mask.sum() < 5:
            return None
        return img, mask, lab
