"""Counts the FLOPs of one face through an emotion model (2 x multiply-adds of Conv, Gemm and MatMul).

    /usr/bin/python3 bench/python/model_flops.py models/emotion-fer.onnx

Used by the C# benchmark when the model's sidecar does not state its cost. The batch axis is fixed
to 1 and ONNX shape inference supplies every intermediate shape. Prints `gflops_per_face: N` last.
"""
from __future__ import annotations

import sys

import numpy as np
import onnx
from onnx import shape_inference


def main() -> None:
    model = onnx.load(sys.argv[1])
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    for value in graph.input:
        if value.name in initializers:
            continue
        dims = value.type.tensor_type.shape.dim
        if dims and not dims[0].dim_value:
            dims[0].ClearField("dim_param")
            dims[0].dim_value = 1
    graph = shape_inference.infer_shapes(model).graph
    shapes = {}
    for value in list(graph.value_info) + list(graph.input) + list(graph.output):
        shapes[value.name] = [d.dim_value for d in value.type.tensor_type.shape.dim]
    for name, tensor in initializers.items():
        shapes[name] = list(tensor.dims)

    macs = 0
    for node in graph.node:
        if node.op_type == "Conv":
            weight = shapes[node.input[1]]  # [out, in/groups, kh, kw]
            out = shapes[node.output[0]]
            macs += int(np.prod(out)) * int(np.prod(weight[1:]))
        elif node.op_type in ("Gemm", "MatMul"):
            a = shapes[node.input[0]]
            out = shapes[node.output[0]]
            transposed = any(attr.name == "transA" and attr.i for attr in node.attribute)
            inner = a[-2] if transposed and len(a) >= 2 else a[-1]
            macs += int(np.prod(out)) * inner
    print(f"multiply_adds: {macs}")
    print(f"gflops_per_face: {2 * macs / 1e9:.6f}")


if __name__ == "__main__":
    main()
