#!/usr/bin/env python3
"""Writes the tiny ONNX model packages the Java tests use (test-data/fixtures/).

identity-2d: output = input, any size (multiples of 8), shape [N,1,y,x];
identity-3d: the same for [N,1,z,y,x];
broken: a package whose weights are not ONNX (its sha256 is right, so loading is what fails);
zero-size-2d: identity-2d whose graph fixes its input (and output) at 0 x 0 pixels: refused at load;
rank2-output-2d: identity-2d whose graph flattens its answer to rank 2 where the description declares 4
  axes: refused at load;
kernel-error-2d: identity-2d whose graph reshapes its input to [-1, 1, 7, 7]: it loads, and ONNX Runtime's
  Reshape kernel fails at run time on every tile whose pixel count is not a multiple of 49 (32 x 32 tiles);
bright-interactive-2d: a stand-in interactive model, [N,4,64,64] like interactive-2d's channels
  (image, positive, negative, box): logit = 6 * image - 40 * negative, minus 40 outside the box when
  there is a box. With the model's normalisation it selects the bright pixels in the box (or, without a
  box, in the window), and the decoder keeps the prompted component: a transparent model for tests of
  prompts, propagation and front ends on bright objects over a dark background.
candidates-2d: a stand-in ambiguity-aware model that continues from a mask, [N,5,64,64] like
  interactive-2d 0.4's channels (image, positive, negative, box, previous mask), with three candidate
  masks and their scores: logits [N,3,64,64] = (bright: 6 * image; window: +10 everywhere; click disc:
  40 * (positive - 0.5)), each plus 40 * previous - 40 * negative and the box gate of bright-interactive-2d;
  scores [N,3] = (0.9, 0.1, 0.5) whatever the input. By area the click disc is the small candidate,
  the bright object the medium one and the window the large one; the best-scored is the bright object.

Run with Debian's python3-onnx: /usr/bin/python3 test-data/make_fixtures.py
"""
import hashlib
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def identity(name, dims):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    spatial = ["z", "y", "x"][-dims:]
    shape = ["N", 1] + spatial
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)
    out = helper.make_tensor_value_info("output", TensorProto.FLOAT, shape)
    graph = helper.make_graph([helper.make_node("Identity", ["input"], ["output"])], name, [inp], [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, name + ".onnx"))
    rng = np.random.default_rng(7)
    size = [8] * dims
    x = rng.random([1, 1] + size, dtype=np.float32)
    np.save(os.path.join(folder, "test-input.npy"), x)
    np.save(os.path.join(folder, "test-output.npy"), x)
    axes_in = "\n".join(
        f"      - type: space\n        id: {a}\n        size: {{min: 8, step: 8}}" for a in spatial)
    axes_out = "\n".join(
        f"      - type: space\n        id: {a}\n        size: {{tensor_id: input, axis_id: {a}}}" for a in spatial)
    tile = "[32, 32]" if dims == 2 else "[16, 16, 8]"
    rdf = f"""format_version: 0.5.4
type: model
name: {name} (test fixture)
description: Returns its input; for tiling and runtime tests.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: input
    axes:
      - type: batch
      - type: channel
        channel_names: [image]
{axes_in}
    test_tensor: {{source: test-input.npy, sha256: {sha256(os.path.join(folder, 'test-input.npy'))}}}
    data: {{type: float32}}
outputs:
  - id: output
    axes:
      - type: batch
      - type: channel
        channel_names: [foreground]
{axes_out}
    test_tensor: {{source: test-output.npy, sha256: {sha256(os.path.join(folder, 'test-output.npy'))}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {name}.onnx
    sha256: {sha256(os.path.join(folder, name + '.onnx'))}
    opset_version: 13
config:
  condseg:
    task: none
    tile: {tile}
    overlap: 0.5
    output: {{activation: none, threshold: 0.5}}
"""
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(rdf)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA test fixture made by `test-data/make_fixtures.py`: an ONNX Identity graph.\n")


def mismatched(name, shape, flatten):
    """identity-2d's description (name changed) over a graph with other shapes: for the load-time checks."""
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)
    if flatten:
        out = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", "yx"])
        node = helper.make_node("Flatten", ["input"], ["output"], axis=1)
    else:
        out = helper.make_tensor_value_info("output", TensorProto.FLOAT, shape)
        node = helper.make_node("Identity", ["input"], ["output"])
    graph = helper.make_graph([node], name, [inp], [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.save(model, os.path.join(folder, name + ".onnx"))
    src = open(os.path.join(HERE, "identity-2d", "rdf.yaml")).read()
    src = src.replace("identity-2d.onnx", name + ".onnx").replace("name: identity-2d", "name: " + name)
    src = src.replace("sha256: " + sha256(os.path.join(HERE, "identity-2d", "identity-2d.onnx")),
                      "sha256: " + sha256(os.path.join(folder, name + ".onnx")))
    for f in ("test-input.npy", "test-output.npy"):
        with open(os.path.join(HERE, "identity-2d", f), "rb") as a, open(os.path.join(folder, f), "wb") as b:
            b.write(a.read())
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(src)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA test fixture made by `test-data/make_fixtures.py`: a graph that disagrees with its "
                "description, refused when the model is opened.\n")


def kernel_error():
    """identity-2d's description over a graph whose Reshape fails inside ONNX Runtime for most tile sizes."""
    name = "kernel-error-2d"
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    shape = ["N", 1, "y", "x"]
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)
    out = helper.make_tensor_value_info("output", TensorProto.FLOAT, shape)
    target = helper.make_tensor("target", TensorProto.INT64, [4], [-1, 1, 7, 7])
    node = helper.make_node("Reshape", ["input", "target"], ["output"])
    graph = helper.make_graph([node], name, [inp], [out], initializer=[target])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, name + ".onnx"))
    src = open(os.path.join(HERE, "identity-2d", "rdf.yaml")).read()
    src = src.replace("identity-2d.onnx", name + ".onnx").replace("name: identity-2d", "name: " + name)
    src = src.replace("sha256: " + sha256(os.path.join(HERE, "identity-2d", "identity-2d.onnx")),
                      "sha256: " + sha256(os.path.join(folder, name + ".onnx")))
    for f in ("test-input.npy", "test-output.npy"):
        with open(os.path.join(HERE, "identity-2d", f), "rb") as a, open(os.path.join(folder, f), "wb") as b:
            b.write(a.read())
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(src)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA test fixture made by `test-data/make_fixtures.py`: a graph that loads but whose "
                "Reshape to [-1, 1, 7, 7] fails inside ONNX Runtime on tiles whose pixel count is not a multiple "
                "of 49, for the test that ONNX Runtime's own log stays silent.\n")


def broken():
    folder = os.path.join(HERE, "broken")
    os.makedirs(folder, exist_ok=True)
    weights = os.path.join(folder, "broken.onnx")
    with open(weights, "wb") as f:
        f.write(b"this is not an ONNX file\n")
    src = open(os.path.join(HERE, "identity-2d", "rdf.yaml")).read()
    src = src.replace("identity-2d.onnx", "broken.onnx").replace("name: identity-2d", "name: broken")
    lines = []
    for line in src.splitlines():
        if line.strip().startswith("sha256:") and "onnx" not in line:
            line = line.split("sha256:")[0] + "sha256: " + sha256(weights)
        lines.append(line)
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def bright_interactive():
    name = "bright-interactive-2d"
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    g = 64
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 4, g, g])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1, g, g])
    init = [
        helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("s0", TensorProto.INT64, [1], [0]), helper.make_tensor("e0", TensorProto.INT64, [1], [1]),
        helper.make_tensor("s2", TensorProto.INT64, [1], [2]), helper.make_tensor("e2", TensorProto.INT64, [1], [3]),
        helper.make_tensor("s3", TensorProto.INT64, [1], [3]), helper.make_tensor("e3", TensorProto.INT64, [1], [4]),
        helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("k_img", TensorProto.FLOAT, [], [6.0]),
        helper.make_tensor("k_gate", TensorProto.FLOAT, [], [40.0]),
    ]
    nodes = [
        helper.make_node("Slice", ["input", "s0", "e0", "axis1"], ["img"]),
        helper.make_node("Slice", ["input", "s2", "e2", "axis1"], ["neg"]),
        helper.make_node("Slice", ["input", "s3", "e3", "axis1"], ["box"]),
        helper.make_node("ReduceMax", ["box"], ["has_box"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Sub", ["one", "has_box"], ["no_box"]),
        helper.make_node("Max", ["box", "no_box"], ["gate"]),
        helper.make_node("Sub", ["gate", "one"], ["gate_m1"]),
        helper.make_node("Sub", ["gate_m1", "neg"], ["penalty"]),
        helper.make_node("Mul", ["penalty", "k_gate"], ["penalty_k"]),
        helper.make_node("Mul", ["img", "k_img"], ["img_k"]),
        helper.make_node("Add", ["img_k", "penalty_k"], ["logits"]),
    ]
    graph = helper.make_graph(nodes, name, [inp], [out], initializer=init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, name + ".onnx"))
    rng = np.random.default_rng(11)
    x = rng.standard_normal([1, 4, g, g]).astype(np.float32)
    x[:, 1:3] = np.clip(x[:, 1:3], 0, 1) * (rng.random([1, 2, g, g]) > 0.97)
    x[:, 3] = 0
    x[:, 3, 16:48, 8:40] = 1
    gate = np.maximum(x[:, 3:4], 1 - x[:, 3:4].max(axis=(1, 2, 3), keepdims=True))
    y = (6 * x[:, 0:1] + 40 * (gate - 1 - x[:, 2:3])).astype(np.float32)
    np.save(os.path.join(folder, "test-input.npy"), x)
    np.save(os.path.join(folder, "test-output.npy"), y)
    rdf = f"""format_version: 0.5.4
type: model
name: {name} (test fixture)
description: Stand-in interactive model; selects the bright pixels in the box or window. For tests only.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: input
    axes:
      - type: batch
      - type: channel
        channel_names: [image, positive, negative, box]
      - type: space
        id: y
        size: {g}
      - type: space
        id: x
        size: {g}
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
        size: {g}
      - type: space
        id: x
        size: {g}
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
    window: {{box_scale: 1.25, box_margin: 4, click_min_side: 64, click_scale: 1.5, click_margin: 16}}
    normalize: {{percentiles: [0.5, 99.5], method: zero_mean_unit_variance}}
    conditions:
      - {{channel: 1, kind: positive, encoding: gaussian, sigma: 3.0}}
      - {{channel: 2, kind: negative, encoding: gaussian, sigma: 3.0}}
      - {{channel: 3, kind: box, encoding: filled}}
    output: {{activation: sigmoid, threshold: 0.5}}
    postprocess: {{clip_to_box: true, keep: prompted_component}}
"""
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(rdf)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA test fixture made by `test-data/make_fixtures.py`: a hand-written ONNX graph that "
                "stands in for interactive-2d (same input channels) by selecting bright pixels in the prompt box "
                "or window. It learns nothing; it exists so that prompts, propagation and the ImageJ front ends "
                "can be tested on images whose answer is known.\n")


def candidates():
    name = "candidates-2d"
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    g = 64
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 5, g, g])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3, g, g])
    sco = helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 3])
    def ch(c):
        return [helper.make_tensor(f"s{c}", TensorProto.INT64, [1], [c]),
                helper.make_tensor(f"e{c}", TensorProto.INT64, [1], [c + 1])]
    init = [helper.make_tensor("axis1", TensorProto.INT64, [1], [1])] + ch(0) + ch(1) + ch(2) + ch(3) + ch(4) + [
        helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("half", TensorProto.FLOAT, [], [0.5]),
        helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("ten", TensorProto.FLOAT, [], [10.0]),
        helper.make_tensor("k_img", TensorProto.FLOAT, [], [6.0]),
        helper.make_tensor("k_gate", TensorProto.FLOAT, [], [40.0]),
        helper.make_tensor("score_logits", TensorProto.FLOAT, [1, 3], [2.1972246, -2.1972246, 0.0]),
        helper.make_tensor("col", TensorProto.INT64, [2], [-1, 1]),
    ]
    nodes = [helper.make_node("Slice", ["input", f"s{c}", f"e{c}", "axis1"], [n])
             for c, n in enumerate(["img", "pos", "neg", "box", "prev"])] + [
        helper.make_node("ReduceMax", ["box"], ["has_box"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Sub", ["one", "has_box"], ["no_box"]),
        helper.make_node("Max", ["box", "no_box"], ["gate"]),
        helper.make_node("Sub", ["gate", "one"], ["gate_m1"]),
        helper.make_node("Sub", ["gate_m1", "neg"], ["penalty"]),
        helper.make_node("Add", ["penalty", "prev"], ["common"]),
        helper.make_node("Mul", ["common", "k_gate"], ["common_k"]),
        helper.make_node("Mul", ["img", "k_img"], ["bright"]),
        helper.make_node("Mul", ["img", "zero"], ["zeros"]),
        helper.make_node("Add", ["zeros", "ten"], ["window"]),
        helper.make_node("Sub", ["pos", "half"], ["pos_c"]),
        helper.make_node("Mul", ["pos_c", "k_gate"], ["disc"]),
        helper.make_node("Add", ["bright", "common_k"], ["c0"]),
        helper.make_node("Add", ["window", "common_k"], ["c1"]),
        helper.make_node("Add", ["disc", "common_k"], ["c2"]),
        helper.make_node("Concat", ["c0", "c1", "c2"], ["logits"], axis=1),
        helper.make_node("ReduceMean", ["img"], ["m"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Mul", ["m", "zero"], ["m0"]),
        helper.make_node("Reshape", ["m0", "col"], ["m_col"]),
        helper.make_node("Add", ["m_col", "score_logits"], ["s_logits"]),
        helper.make_node("Sigmoid", ["s_logits"], ["scores"]),
    ]
    graph = helper.make_graph(nodes, name, [inp], [out, sco], initializer=init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, name + ".onnx"))
    rng = np.random.default_rng(13)
    x = rng.standard_normal([1, 5, g, g]).astype(np.float32)
    x[:, 1:3] = np.clip(x[:, 1:3], 0, 1) * (rng.random([1, 2, g, g]) > 0.97)
    x[:, 3] = 0
    x[:, 3, 16:48, 8:40] = 1
    x[:, 4] = 0
    x[:, 4, 20:30, 20:30] = 1
    gate = np.maximum(x[:, 3:4], 1 - x[:, 3:4].max(axis=(1, 2, 3), keepdims=True))
    common = 40 * (gate - 1 - x[:, 2:3] + x[:, 4:5])
    y = np.concatenate([6 * x[:, 0:1] + common, 10 + common, 40 * (x[:, 1:2] - 0.5) + common], axis=1).astype(np.float32)
    scores = (1 / (1 + np.exp(-np.array([[2.1972246, -2.1972246, 0.0]])))).astype(np.float32)
    np.save(os.path.join(folder, "test-input.npy"), x)
    np.save(os.path.join(folder, "test-output.npy"), y)
    np.save(os.path.join(folder, "test-scores.npy"), scores)
    h = {f: sha256(os.path.join(folder, f)) for f in ["test-input.npy", "test-output.npy", "test-scores.npy", name + ".onnx"]}
    rdf = f"""format_version: 0.5.4
type: model
name: {name} (test fixture)
description: Stand-in ambiguity-aware interactive model with three candidate masks and scores. For tests only.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: input
    axes:
      - type: batch
      - type: channel
        channel_names: [image, positive, negative, box, previous]
      - type: space
        id: y
        size: {g}
      - type: space
        id: x
        size: {g}
    test_tensor: {{source: test-input.npy, sha256: {h['test-input.npy']}}}
    data: {{type: float32}}
outputs:
  - id: logits
    axes:
      - type: batch
      - type: channel
        channel_names: [bright, window, disc]
      - type: space
        id: y
        size: {g}
      - type: space
        id: x
        size: {g}
    test_tensor: {{source: test-output.npy, sha256: {h['test-output.npy']}}}
    data: {{type: float32}}
  - id: scores
    axes:
      - type: batch
      - type: channel
        channel_names: [bright, window, disc]
    test_tensor: {{source: test-scores.npy, sha256: {h['test-scores.npy']}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {name}.onnx
    sha256: {h[name + '.onnx']}
    opset_version: 13
config:
  condseg:
    task: interactive
    window: {{box_scale: 1.25, box_margin: 4, click_min_side: 64, click_scale: 1.5, click_margin: 16}}
    normalize: {{percentiles: [0.5, 99.5], method: zero_mean_unit_variance}}
    conditions:
      - {{channel: 1, kind: positive, encoding: gaussian, sigma: 3.0}}
      - {{channel: 2, kind: negative, encoding: gaussian, sigma: 3.0}}
      - {{channel: 3, kind: box, encoding: filled}}
      - {{channel: 4, kind: previous, encoding: filled}}
    output: {{activation: sigmoid, threshold: 0.5, candidates: 3, scores: scores}}
    postprocess: {{clip_to_box: true, keep: prompted_component}}
"""
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(rdf)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {name}\n\nA test fixture made by `test-data/make_fixtures.py`: a hand-written ONNX graph that "
                "stands in for an ambiguity-aware interactive model that continues from a mask. Its three candidates "
                "are the bright pixels (score 0.9), the whole window (0.1) and a disc at the positive clicks (0.5), "
                "each including the previous mask; it learns nothing and exists to test candidate choice and "
                "correction from a mask on images whose answer is known.\n")


if __name__ == "__main__":
    identity("identity-2d", 2)
    identity("identity-3d", 3)
    broken()
    mismatched("zero-size-2d", ["N", 1, 0, 0], False)
    mismatched("rank2-output-2d", ["N", 1, "y", "x"], True)
    kernel_error()
    bright_interactive()
    candidates()
