#!/usr/bin/env python3
"""Writes the tiny ONNX model packages that test the conditional family's Java paths
(test-data/fixtures/), with expected answers that follow from the graphs:

class-2d:   inputs image [N,1,y,x] and class [N,3] (one-hot: bright, dark, nothing);
            logits = 20 * (image - 0.5) * (class . [1, -1, 0]): "bright" segments image > 0.5, "dark"
            image < 0.5, "nothing" nothing. Task class, scale_range 0/100 over the whole volume.
latent-2d:  inputs input [1,2,16,16] (image, positive clicks) and noise [N,2];
            logits[i] = 4 * (image + noise[i,0]): each sample thresholds the window's standardised image
            at its own level, so samples differ with the noise and agree where the image is extreme.
            Task interactive with a latent; window 16 x 16 around the click.
refine-2d:  input [N,2,16,16] (image, prior); logits = 8 * (prior + image - 1): the prior where the
            image is about neutral, grown where it is bright, shrunk where it is dark. Task refine.

Run with Debian's python3-onnx: /usr/bin/python3 test-data/make_family_fixtures.py
"""
import hashlib
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def save(folder, name, graph):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    path = os.path.join(folder, name + ".onnx")
    onnx.save(model, path)
    return path


def write(folder, name, rdf, readme):
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(rdf)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA test fixture made by `test-data/make_family_fixtures.py`. {readme}\n")


def class_2d():
    name = "class-2d"
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, "y", "x"])
    cls = helper.make_tensor_value_info("class", TensorProto.FLOAT, ["N", 3])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1, "y", "x"])
    inits = [numpy_helper.from_array(np.array([[20.0], [-20.0], [0.0]], np.float32), "w"),
             numpy_helper.from_array(np.array([0.5], np.float32), "half"),
             numpy_helper.from_array(np.array([-1, 1, 1, 1], np.int64), "shape4")]
    nodes = [helper.make_node("MatMul", ["class", "w"], ["s"]),
             helper.make_node("Reshape", ["s", "shape4"], ["s4"]),
             helper.make_node("Sub", ["image", "half"], ["centred"]),
             helper.make_node("Mul", ["centred", "s4"], ["logits"])]
    save(folder, name, helper.make_graph(nodes, name, [image, cls], [out], inits))
    rng = np.random.default_rng(3)
    x = rng.random((2, 1, 8, 8), dtype=np.float32)
    c = np.array([[1, 0, 0], [0, 1, 0]], np.float32)
    y = ((x - 0.5) * (c @ np.array([20, -20, 0], np.float32))[:, None, None, None]).astype(np.float32)
    for f, a in (("test-image.npy", x), ("test-class.npy", c), ("test-output.npy", y)):
        np.save(os.path.join(folder, f), a)
    rdf = f"""format_version: 0.5.4
type: model
name: class-2d (test fixture)
description: Class-conditional toy; bright, dark or nothing.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: image
    axes:
      - type: batch
      - type: channel
        channel_names: [image]
      - type: space
        id: y
        size: {{min: 8, step: 8}}
      - type: space
        id: x
        size: {{min: 8, step: 8}}
    preprocessing:
      - id: scale_range
        kwargs: {{min_percentile: 0, max_percentile: 100}}
    test_tensor: {{source: test-image.npy, sha256: {sha256(os.path.join(folder, 'test-image.npy'))}}}
    data: {{type: float32}}
  - id: class
    axes:
      - type: batch
      - type: channel
        channel_names: [bright, dark, nothing]
    test_tensor: {{source: test-class.npy, sha256: {sha256(os.path.join(folder, 'test-class.npy'))}}}
    data: {{type: float32}}
outputs:
  - id: logits
    axes:
      - type: batch
      - type: channel
        channel_names: [region]
      - type: space
        id: y
        size: {{tensor_id: image, axis_id: y}}
      - type: space
        id: x
        size: {{tensor_id: image, axis_id: x}}
    test_tensor: {{source: test-output.npy, sha256: {sha256(os.path.join(folder, 'test-output.npy'))}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {name}.onnx
    sha256: {sha256(os.path.join(folder, name + '.onnx'))}
    opset_version: 13
config:
  condseg:
    task: class
    size_multiple: 8
    output: {{activation: sigmoid, threshold: 0.5}}
    classes: [bright, dark, nothing]
"""
    write(folder, name, rdf, "Logits 20 (image - 0.5) times +1 (bright), -1 (dark) or 0 (nothing).")


def latent_2d():
    name = "latent-2d"
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 2, 16, 16])
    noise = helper.make_tensor_value_info("noise", TensorProto.FLOAT, ["N", 2])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1, 16, 16])
    inits = [numpy_helper.from_array(np.array([0], np.int64), "zero"),
             numpy_helper.from_array(np.array([1], np.int64), "one"),
             numpy_helper.from_array(np.array([-1, 1, 1, 1], np.int64), "shape4"),
             numpy_helper.from_array(np.array([4.0], np.float32), "gain")]
    nodes = [helper.make_node("Slice", ["input", "zero", "one", "one"], ["image"]),       # channel 0
             helper.make_node("Slice", ["noise", "zero", "one", "one"], ["n0"]),           # column 0
             helper.make_node("Reshape", ["n0", "shape4"], ["n4"]),
             helper.make_node("Add", ["image", "n4"], ["shifted"]),
             helper.make_node("Mul", ["shifted", "gain"], ["logits"])]
    save(folder, name, helper.make_graph(nodes, name, [inp, noise], [out], inits))
    rng = np.random.default_rng(4)
    x = np.zeros((1, 2, 16, 16), np.float32)
    x[0, 0] = rng.standard_normal((16, 16))
    n = rng.standard_normal((3, 2)).astype(np.float32)
    y = (4 * (x[:, :1] + n[:, :1, None, None])).astype(np.float32)
    for f, a in (("test-input.npy", x), ("test-noise.npy", n), ("test-output.npy", y)):
        np.save(os.path.join(folder, f), a)
    rdf = f"""format_version: 0.5.4
type: model
name: latent-2d (test fixture)
description: Generative toy; each sample thresholds the image at its own noise level.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: input
    axes:
      - type: batch
      - type: channel
        channel_names: [image, positive]
      - type: space
        id: y
        size: 16
      - type: space
        id: x
        size: 16
    test_tensor: {{source: test-input.npy, sha256: {sha256(os.path.join(folder, 'test-input.npy'))}}}
    data: {{type: float32}}
  - id: noise
    axes:
      - type: batch
      - type: channel
        channel_names: [z0, z1]
    test_tensor: {{source: test-noise.npy, sha256: {sha256(os.path.join(folder, 'test-noise.npy'))}}}
    data: {{type: float32}}
outputs:
  - id: logits
    axes:
      - type: batch
      - type: channel
        channel_names: [object]
      - type: space
        id: y
        size: 16
      - type: space
        id: x
        size: 16
    test_tensor: {{source: test-output.npy, sha256: {sha256(os.path.join(folder, 'test-output.npy'))}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {name}.onnx
    sha256: {sha256(os.path.join(folder, name + '.onnx'))}
    opset_version: 13
config:
  condseg:
    task: interactive
    window: {{box_scale: 1.0, box_margin: 0, click_min_side: 16, click_scale: 1.0, click_margin: 0}}
    normalize: {{percentiles: [0, 100], method: zero_mean_unit_variance}}
    conditions:
      - {{channel: 1, kind: positive, encoding: gaussian, sigma: 1.0}}
    latent: {{input: noise, size: 2}}
    output: {{activation: sigmoid, threshold: 0.5}}
    postprocess: {{clip_to_box: false, keep: all}}
"""
    write(folder, name, rdf, "Logits 4 (image + noise[0]) on a 16 x 16 window.")


def refine_2d():
    name = "refine-2d"
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 2, 16, 16])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1, 16, 16])
    w = np.array([1.0, 1.0], np.float32).reshape(1, 2, 1, 1) * 8
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(np.array([-8.0], np.float32), "b")]
    nodes = [helper.make_node("Conv", ["input", "w", "b"], ["logits"])]
    save(folder, name, helper.make_graph(nodes, name, [inp], [out], inits))
    rng = np.random.default_rng(5)
    x = np.zeros((1, 2, 16, 16), np.float32)
    x[0, 0] = rng.standard_normal((16, 16))
    x[0, 1, 4:12, 4:12] = 1
    y = (8 * (x[:, :1] + x[:, 1:2] - 1)).astype(np.float32)
    for f, a in (("test-input.npy", x), ("test-output.npy", y)):
        np.save(os.path.join(folder, f), a)
    rdf = f"""format_version: 0.5.4
type: model
name: refine-2d (test fixture)
description: Refining toy; prior plus image.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: input
    axes:
      - type: batch
      - type: channel
        channel_names: [image, prior]
      - type: space
        id: y
        size: 16
      - type: space
        id: x
        size: 16
    test_tensor: {{source: test-input.npy, sha256: {sha256(os.path.join(folder, 'test-input.npy'))}}}
    data: {{type: float32}}
outputs:
  - id: logits
    axes:
      - type: batch
      - type: channel
        channel_names: [object]
      - type: space
        id: y
        size: 16
      - type: space
        id: x
        size: 16
    test_tensor: {{source: test-output.npy, sha256: {sha256(os.path.join(folder, 'test-output.npy'))}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {name}.onnx
    sha256: {sha256(os.path.join(folder, name + '.onnx'))}
    opset_version: 13
config:
  condseg:
    task: refine
    window: {{box_scale: 1.5, box_margin: 8, click_min_side: 16, click_scale: 1.0, click_margin: 0}}
    normalize: {{percentiles: [0, 100], method: zero_mean_unit_variance}}
    conditions:
      - {{channel: 1, kind: mask, encoding: nearest}}
    output: {{activation: sigmoid, threshold: 0.5}}
    postprocess: {{clip_to_box: false, keep: prompted_component}}
"""
    write(folder, name, rdf, "Logits 8 (image + prior - 1) on a 16 x 16 window.")


if __name__ == "__main__":
    class_2d()
    latent_2d()
    refine_2d()
