#!/usr/bin/env python3
"""Writes the tiny ONNX model packages the Java tests use (test-data/fixtures/).

identity-2d: output = input, any size (multiples of 8), shape [N,1,y,x];
identity-3d: the same for [N,1,z,y,x];
broken: a package whose weights are not ONNX (its sha256 is right, so loading is what fails).

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


if __name__ == "__main__":
    identity("identity-2d", 2)
    identity("identity-3d", 3)
    broken()
