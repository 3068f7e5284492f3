"""The data engine of the promptable 2D models (issue 14): every generator returns
(image float32 [H, W], target mask bool [H, W], labels int32 [H, W]) or None, numpy + scipy +
scikit-image only.

- scenes:  procedural scenes of touching objects (the original synth.py) and nested rims
- render:  label-conditioned image synthesis (SynthSeg-style: label map -> image with per-label
           Gaussian-mixture intensities, texture, bias field, blur, resolution loss, noise, gamma)
           and elastic deformation of label maps
- pseudo:  pseudo-objects on real unlabelled slices (SLIC superpixels, Felzenszwalb, compact
           watershed, multi-Otsu components; similar neighbours merged) with real texture
- parts:   part-versus-whole and thin structures on purpose (vessels inside organs, rings,
           crescents along an organ's edge, 2-6 px blobs, objects up to the whole frame)
- engine:  the sources that training draws from (label maps and volumes of cache/engine.npz)
"""
from .scenes import nested_scene, object_stats, synth_labels, synth_render, synth_scene  # noqa: F401
from .render import degrade, elastic, render_labels  # noqa: F401
from .pseudo import pseudo_object, regions  # noqa: F401
from .parts import parts_scene  # noqa: F401
