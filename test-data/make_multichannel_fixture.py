#!/usr/bin/env python3
"""Writes test-data/fixtures/mean-2ch-2d/: a two-channel model without a condition for the tests of
multi-modal inputs (--input a --input b): output = the mean of its two input channels, any size
(multiples of 8), [N,2,y,x] -> [N,1,y,x]; thresholded at 0.5.

Run with Debian's python3-onnx: /usr/bin/python3 test-data/make_multichannel_fixture.py
"""
import hashlib
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
NAME = "mean-2ch-2d"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    folder = os.path.join(HERE, NAME)
    os.makedirs(folder, exist_ok=True)
    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 2, "y", "x"])
    out = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 1, "y", "x"])
    node = helper.make_node("ReduceMean", ["input"], ["output"], axes=[1], keepdims=1)
    graph = helper.make_graph([node], NAME, [inp], [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="condseg-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, NAME + ".onnx"))
    x = np.random.default_rng(11).random([1, 2, 8, 8], dtype=np.float32)
    np.save(os.path.join(folder, "test-input.npy"), x)
    np.save(os.path.join(folder, "test-output.npy"), x.mean(axis=1, keepdims=True))
    rdf = f"""format_version: 0.5.4
type: model
name: {NAME} (test fixture)
description: The mean of two input channels; for multi-modal input tests.
authors: [{{name: CondSeg developers}}]
cite: [{{text: CondSeg test fixture}}]
license: BSD-2-Clause
documentation: README.md
inputs:
  - id: input
    axes:
      - type: batch
      - type: channel
        channel_names: [t1, t2]
      - type: space
        id: y
        size: {{min: 8, step: 8}}
      - type: space
        id: x
        size: {{min: 8, step: 8}}
    test_tensor: {{source: test-input.npy, sha256: {sha256(os.path.join(folder, 'test-input.npy'))}}}
    data: {{type: float32}}
outputs:
  - id: output
    axes:
      - type: batch
      - type: channel
        channel_names: [foreground]
      - type: space
        id: y
        size: {{tensor_id: input, axis_id: y}}
      - type: space
        id: x
        size: {{tensor_id: input, axis_id: x}}
    test_tensor: {{source: test-output.npy, sha256: {sha256(os.path.join(folder, 'test-output.npy'))}}}
    data: {{type: float32}}
weights:
  onnx:
    source: {NAME}.onnx
    sha256: {sha256(os.path.join(folder, NAME + '.onnx'))}
    opset_version: 13
config:
  condseg:
    task: none
    tile: [32, 32]
    overlap: 0.5
    output: {{activation: none, threshold: 0.5}}
"""
    with open(os.path.join(folder, "rdf.yaml"), "w") as f:
        f.write(rdf)
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"# {NAME}\n\nA test fixture made by `test-data/make_multichannel_fixture.py`: an ONNX ReduceMean "
                "over the two input channels.\n")


if __name__ == "__main__":
    main()
