#!/usr/bin/env python3
"""Writes bioimage.io model packages in the specification's own layout (test-data/bioimageio/).

unet2d-standin-*: a stand-in for the specification's example model `unet2d_nuclei_broad`
  (example_descriptions/models/unet2d_nuclei_broad in bioimage-io/spec-bioimage-io), whose ONNX weights
  and .npy test tensors are binary files we cannot fetch here. The descriptions follow the example's
  text field for field (0.5 `bioimageio.yaml`, `v0_4_0.bioimageio.yaml`, `v0_4_9.bioimageio.yaml`, and the
  deliberately invalid `invalid_v0_4_0_duplicate_tensor_names.bioimageio.yaml`), each in its own folder,
  with a small network instead of the U-Net: 64x64 instead of 512x512, halo 4 instead of 32. As in the
  example, the graph's input is called `input.1` while the description calls it `raw`, the x axis has
  no id (the specification's default is `x`), the input is normalised with zero_mean_unit_variance over
  (x, y) and the output goes through a sigmoid.

softmax-halo: a 0.5 package whose tensor ids differ from the graph's names (`raw`/`classes` against
  `input.1`/`logits`), with two input channels normalised jointly (zero_mean_unit_variance over
  channel, y and x), a per-channel scale_linear, a 3-class output with halo 4 and a softmax, and its own
  reproducibility tolerance; plus a 90x70 two-channel image (image-c0.tif, image-c1.tif) with the labels
  and foreground probability that `segment` must give (expected-labels.npy, expected-probability.npy),
  computed here with numpy alone: the preprocessing over the whole image, the network's two 3x3
  convolutions on the image mirror-padded by the halo, the softmax, the halo cropped.

Every expected value is computed with numpy (float64) from the network's weights; torch only exports
the ONNX graph, and its output is checked against numpy before anything is written.

Run with Debian's python3: /usr/bin/python3 test-data/make_bioimageio_fixtures.py
"""
import hashlib
import os
import shutil

import numpy as np
import tifffile
import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bioimageio")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Net(torch.nn.Module):
    """Two 3x3 convolutions (zero padding 1) with a ReLU between: receptive radius 2, under any halo >= 2."""

    def __init__(self, cin, hidden, cout, seed):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.a = torch.nn.Conv2d(cin, hidden, 3, padding=1)
        self.b = torch.nn.Conv2d(hidden, cout, 3, padding=1)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.randn(p.shape, generator=g) * 0.5)

    def forward(self, x):
        return self.b(torch.relu(self.a(x)))


def conv3x3(x, w, b):
    """numpy: x [C, H, W], w [O, C, 3, 3], zero padding 1 -> [O, H, W] (float64)."""
    c, h, wd = x.shape
    p = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    out = np.zeros((w.shape[0], h, wd))
    for o in range(w.shape[0]):
        acc = np.full((h, wd), float(b[o]))
        for i in range(c):
            for dy in range(3):
                for dx in range(3):
                    acc += w[o, i, dy, dx] * p[i, dy:dy + h, dx:dx + wd]
        out[o] = acc
    return out


def net_numpy(net, x):
    """The network in numpy on one sample [C, H, W]."""
    wa, ba = net.a.weight.detach().double().numpy(), net.a.bias.detach().double().numpy()
    wb, bb = net.b.weight.detach().double().numpy(), net.b.bias.detach().double().numpy()
    return conv3x3(np.maximum(conv3x3(x, wa, ba), 0), wb, bb)


def export(net, path, shape, dynamic):
    net.eval()
    axes = {"input.1": {0: "batch", 2: "y", 3: "x"}, "logits": {0: "batch", 2: "y", 3: "x"}} if dynamic else None
    torch.onnx.export(net, torch.zeros(shape), path, input_names=["input.1"], output_names=["logits"],
                      opset_version=13, dynamic_axes=axes)


def check_torch(net, x, expected):
    with torch.no_grad():
        y = net(torch.from_numpy(x.astype(np.float32))).double().numpy()
    assert np.abs(y - expected).max() < 1e-4, np.abs(y - expected).max()


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


# ---------------------------------------------------------------- unet2d_nuclei_broad stand-in

UNET_05 = """format_version: 0.5.4
type: model
name: UNet 2D Nuclei Broad (stand-in)
description: A stand-in for the bioimage.io example unet2d_nuclei_broad (two 3x3 convolutions, 64x64, halo 4), in its layout.
authors:
  - name: CondSeg developers
cite:
  - text: 'Ronneberger, Olaf et al. U-net: Convolutional networks for biomedical image segmentation. MICCAI 2015.'
    doi: 10.1007/978-3-319-24574-4_28
license: MIT
documentation: README.md
inputs:
  - id: raw
    description: raw input
    axes:
      - type: batch
        size: 1
      - type: channel
        channel_names:
          - raw_intensity
      - size: 64
        id: y
        type: space
      - size: 64
        type: space
    test_tensor:
      source: test_input.npy
      sha256: {sha_in}
    preprocessing:
      - id: ensure_dtype
        kwargs:
          dtype: float32
      - id: zero_mean_unit_variance
        kwargs:
          axes:
            - x
            - y
      - id: ensure_dtype
        kwargs:
          dtype: float32
outputs:
  - id: probability
    description: probability in [0,1]
    axes:
      - type: batch
      - type: channel
        channel_names:
          - probability
      - halo: 4
        size:
          tensor_id: raw
          axis_id: y
        id: y
        type: space
      - halo: 4
        size:
          tensor_id: raw
          axis_id: x
        type: space
    test_tensor:
      source: test_output.npy
      sha256: {sha_out}
    data:
      range:
        - 0.0
        - 1.0
    postprocessing:
      - id: sigmoid
      - id: ensure_dtype
        kwargs:
          dtype: float32
timestamp: '2019-12-11T11:22:32+00:00'
weights:
  onnx:
    source: weights.onnx
    sha256: {sha_onnx}
    parent: pytorch_state_dict
    opset_version: 13
  pytorch_state_dict:
    source: http://files.ilastik.org/bioimageio_test/unet2d_nuclei_broad_weights.torch
    sha256: e4d3885bccbe41cbf6c1d825f3cd2b707c7021ead5593156007e407a16b27cf2
    architecture:
      source: unet2d.py
      callable: UNet2d
    pytorch_version: 1.13.0
"""

UNET_04 = """# TODO physical scale of the data
format_version: {version}

name: UNet 2D Nuclei Broad (stand-in)
description: A stand-in for the bioimage.io example unet2d_nuclei_broad, in its {version} layout.
authors:
  - name: 'CondSeg developers'
cite:
  - text: 'Ronneberger, Olaf et al. U-net: Convolutional networks for biomedical image segmentation. MICCAI 2015.'
    doi: 10.1007/978-3-319-24574-4_28
tags: [unet2d, pytorch, nucleus, segmentation, dsb2018]
license: MIT

documentation: README.md
covers: [cover0.png]
attachments: {{}}
timestamp: 2019-12-11T12:22:32Z # ISO 8601

inputs:
  - name: {input_name}
    description: raw input
    axes: bcyx # letters of axes in btczyx
    data_type: float32
    data_range: [-.inf, .inf]
    shape: [1, 1, 64, 64]
    preprocessing: # list of preprocessing steps
      - name: zero_mean_unit_variance # name of preprocessing step
        kwargs:
          mode: per_sample # mode in [fixed, per_dataset, per_sample]
          axes: yx # subset of axes to normalize jointly, batch ('b') is not a valid axis key here!

outputs:
  - name: {output_name}
    description: probability in [0,1]
    axes: bcyx
    data_type: float32
    data_range: [-.inf, .inf]
    halo: [0, 0, 4, 4]
{output_shape}
    postprocessing:
      - name: sigmoid

test_inputs: [test_input.npy]
test_outputs: [test_output.npy]

weights:
  pytorch_state_dict:
    authors:
      - name: 'CondSeg developers'
    source: http://files.ilastik.org/bioimageio_test/unet2d_nuclei_broad_weights.torch
    sha256: e4d3885bccbe41cbf6c1d825f3cd2b707c7021ead5593156007e407a16b27cf2
    architecture: unet2d.py:UNet2d
    architecture_sha256: 589f0c9e60fa00f015213cd251541bcbf9582644f3ecffb2e6f3a30d2af1931a
    kwargs: {{ input_channels: 1, output_channels: 1 }}
  onnx:
    source: weights.onnx
    sha256: {sha_onnx}
    opset_version: 13
    parent: pytorch_state_dict
  torchscript:
    source: weights.pt
    sha256: a4b0659a1b48454588b12179855ad0a0c9b69ccaa89b8bb06e6271e8f60b02fe
    parent: pytorch_state_dict

type: model
version: 0.1.3
"""

IMPLICIT = """    shape:
      reference_tensor: raw
      scale: [1.0, 0.0, 1.0, 1.0]
      offset: [0.0, 0.5, 0.0, 0.0]"""


def unet_standin():
    net = Net(1, 4, 1, seed=11)
    rng = np.random.default_rng(5)
    yy, xx = np.mgrid[0:64, 0:64]
    blobs = sum(np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 30.0) for cy, cx in rng.uniform(6, 58, (6, 2)))
    x = (200 + 900 * blobs + rng.normal(0, 20, (64, 64)))[None, None]  # raw intensities, as a microscope gives
    z = (x - x.mean()) / (x.std() + 1e-6)                                 # zero_mean_unit_variance over (y, x)
    logits = net_numpy(net, z[0])[None]
    check_torch(net, z, logits)
    y = sigmoid(logits)
    # what `segment` gives: the same on the image mirror-padded by the halo (4), then cropped
    zp = np.pad(z[0], ((0, 0), (4, 4), (4, 4)), mode="reflect")
    seg = sigmoid(net_numpy(net, zp)[:, 4:-4, 4:-4])

    files = {}
    work = os.path.join(HERE, "_unet")
    os.makedirs(work, exist_ok=True)
    export(net, os.path.join(work, "weights.onnx"), (1, 1, 64, 64), dynamic=False)
    np.save(os.path.join(work, "test_input.npy"), x.astype(np.float32))
    np.save(os.path.join(work, "test_output.npy"), y.astype(np.float32))
    for f in ("weights.onnx", "test_input.npy", "test_output.npy"):
        files[f] = sha256(os.path.join(work, f))
    variants = {
        "unet2d-standin-0_5": ("bioimageio.yaml", UNET_05.format(sha_in=files["test_input.npy"],
                                                                  sha_out=files["test_output.npy"],
                                                                  sha_onnx=files["weights.onnx"])),
        "unet2d-standin-0_4_0": ("v0_4_0.bioimageio.yaml", UNET_04.format(
            version="0.4.0", input_name="raw", output_name="probability", output_shape=IMPLICIT,
            sha_onnx=files["weights.onnx"])),
        "unet2d-standin-0_4_9": ("v0_4_9.bioimageio.yaml", UNET_04.format(
            version="0.4.9", input_name="raw", output_name="probability", output_shape=IMPLICIT,
            sha_onnx=files["weights.onnx"])),
        "unet2d-standin-invalid": ("invalid_v0_4_0_duplicate_tensor_names.bioimageio.yaml", UNET_04.format(
            version="0.4.0", input_name="data", output_name="data  # invalid: 'data' names the input already",
            output_shape="    shape: [1, 1, 64, 64]", sha_onnx=files["weights.onnx"])),
    }
    for folder, (name, text) in variants.items():
        d = os.path.join(HERE, folder)
        os.makedirs(d, exist_ok=True)
        for f in files:
            shutil.copy(os.path.join(work, f), os.path.join(d, f))
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
        with open(os.path.join(d, "README.md"), "w") as f:
            f.write("# unet2d_nuclei_broad stand-in\n\nMade by `test-data/make_bioimageio_fixtures.py`; see its docstring.\n")
    tifffile.imwrite(os.path.join(HERE, "unet2d-standin-image.tif"), x[0, 0].astype(np.float32))
    np.save(os.path.join(HERE, "unet2d-standin-expected-probability.npy"), seg[0].astype(np.float32))
    shutil.rmtree(work)


# ---------------------------------------------------------------- softmax and halo, ids unlike the graph's

SOFTMAX = """format_version: 0.5.4
type: model
name: softmax-halo (test fixture)
description: Two channels normalised jointly, three classes by softmax, halo 4; tensor ids unlike the graph's names.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: raw
    axes:
      - type: batch
      - type: channel
        channel_names: [c0, c1]
      - type: space
        id: y
        size: {{min: 32, step: 16}}
      - type: space
        size: {{min: 32, step: 16}}
    test_tensor: {{source: test-input.npy, sha256: {sha_in}}}
    preprocessing:
      - id: zero_mean_unit_variance
        kwargs: {{axes: [channel, y, x], eps: 1.0e-6}}
      - id: scale_linear
        kwargs: {{axis: channel, gain: [1.0, 0.5], offset: [0.0, 0.25]}}
outputs:
  - id: classes
    axes:
      - type: batch
      - type: channel
        channel_names: [background, first, second]
      - type: space
        id: y
        halo: 4
        size: {{tensor_id: raw, axis_id: y}}
      - type: space
        halo: 4
        size: {{tensor_id: raw, axis_id: x}}
    test_tensor: {{source: test-output.npy, sha256: {sha_out}}}
    postprocessing:
      - id: softmax
        kwargs: {{axis: channel}}
weights:
  onnx:
    source: model.onnx
    sha256: {sha_onnx}
    opset_version: 13
config:
  bioimageio:
    reproducibility_tolerance:
      - {{relative_tolerance: 1.0e-4, absolute_tolerance: 1.0e-5, mismatched_elements_per_million: 0}}
"""


def preprocess(x):
    """x [C, H, W]: zero_mean_unit_variance over (channel, y, x) jointly, then scale_linear per channel."""
    z = (x - x.mean()) / (x.std() + 1e-6)
    return z * np.array([1.0, 0.5])[:, None, None] + np.array([0.0, 0.25])[:, None, None]


def softmax(v):
    e = np.exp(v - v.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_halo():
    net = Net(2, 4, 3, seed=23)
    rng = np.random.default_rng(9)
    d = os.path.join(HERE, "softmax-halo")
    os.makedirs(d, exist_ok=True)
    export(net, os.path.join(d, "model.onnx"), (1, 2, 48, 64), dynamic=True)
    x = np.stack([rng.normal(100, 30, (48, 64)), rng.normal(10, 2, (48, 64))])[None]
    p = preprocess(x[0])
    logits = net_numpy(net, p)
    check_torch(net, p[None], logits[None])
    np.save(os.path.join(d, "test-input.npy"), x.astype(np.float32))
    np.save(os.path.join(d, "test-output.npy"), softmax(logits)[None].astype(np.float32))
    with open(os.path.join(d, "rdf.yaml"), "w") as f:
        f.write(SOFTMAX.format(sha_in=sha256(os.path.join(d, "test-input.npy")),
                               sha_out=sha256(os.path.join(d, "test-output.npy")),
                               sha_onnx=sha256(os.path.join(d, "model.onnx"))))
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write("# softmax-halo\n\nMade by `test-data/make_bioimageio_fixtures.py`; see its docstring.\n")

    # an image for `segment`: 90 x 70, two channels, with structure the classes follow
    yy, xx = np.mgrid[0:70, 0:90]
    c0 = 100 + 60 * np.sin(xx / 7.0) * np.cos(yy / 9.0) + rng.normal(0, 5, (70, 90))
    c1 = 10 + 4 * (((xx - 45) ** 2 + (yy - 35) ** 2) < 400) + rng.normal(0, 0.5, (70, 90))
    img = np.stack([c0, c1])
    tifffile.imwrite(os.path.join(HERE, "softmax-halo-image-c0.tif"), c0.astype(np.float32))
    tifffile.imwrite(os.path.join(HERE, "softmax-halo-image-c1.tif"), c1.astype(np.float32))
    pp = np.pad(preprocess(img), ((0, 0), (4, 4), (4, 4)), mode="reflect")
    prob = softmax(net_numpy(net, pp)[:, 4:-4, 4:-4])
    np.save(os.path.join(HERE, "softmax-halo-expected-labels.npy"), prob.argmax(axis=0).astype(np.float32))
    np.save(os.path.join(HERE, "softmax-halo-expected-probability.npy"), (1 - prob[0]).astype(np.float32))
    # where the two best classes are within 1e-3 the label may flip with float32 rounding: the test skips those
    top = np.sort(prob, axis=0)
    np.save(os.path.join(HERE, "softmax-halo-ambiguous.npy"), (top[-1] - top[-2] < 1e-3).astype(np.float32))


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(HERE, exist_ok=True)
    unet_standin()
    softmax_halo()
    print("wrote", sorted(os.listdir(HERE)))
