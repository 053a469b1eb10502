"""The per-frame loop a user would write with Debian's python3-opencv, as a baseline for the C# pipeline.

    /usr/bin/python3 bench/python/opencv_loop.py --frames DIR --model models/emotion-fer.onnx [--seconds 10]

Reads the JPEG frames in DIR (the synthetic stream the C# bench writes), then loops over them for
--seconds: decode to gray, Haar frontal-face detection on the whole full-resolution frame (the cascade
settings of the C# full-frame search: scale 1.1, minNeighbors 4, min size 40 px), and for each face a
48x48 crop classified by cv2.dnn with the same ONNX model, one face per forward pass. OpenCV keeps its
default threading.
Prints `python_fps: N` last.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import cv2
import numpy as np

CASCADE = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"


def load_net(path: str):
    """cv2.dnn's network for the model. OpenCV 4.6's importer rejects Identity nodes fed by an
    initializer (torch's exporter emits them for shared constants); such a node is a no-op, so it is
    folded into a renamed copy of its constant, as onnx-simplifier would, and the graph is otherwise
    unchanged. (OpenCV logs the first attempt's failure to stderr.)"""
    try:
        return cv2.dnn.readNetFromONNX(path), ""
    except cv2.error:
        import tempfile

        import onnx

        model = onnx.load(path)
        constants = {tensor.name: tensor for tensor in model.graph.initializer}
        kept = []
        for node in model.graph.node:
            if node.op_type == "Identity" and node.input[0] in constants:
                copy = onnx.TensorProto()
                copy.CopyFrom(constants[node.input[0]])
                copy.name = node.output[0]
                model.graph.initializer.append(copy)
            else:
                kept.append(node)
        del model.graph.node[:]
        model.graph.node.extend(kept)
        with tempfile.NamedTemporaryFile(suffix=".onnx") as folded:
            onnx.save(model, folded.name)
            return cv2.dnn.readNetFromONNX(folded.name), " (constant Identity nodes folded for OpenCV 4.6)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", required=True, type=Path)
    parser.add_argument("--model", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    frames = [path.read_bytes() for path in sorted(args.frames.glob("*.jpg"))]
    if not frames:
        raise SystemExit(f"no frames in {args.frames}")
    cascade = cv2.CascadeClassifier(CASCADE)
    net, note = load_net(args.model)

    def process(jpeg: bytes) -> int:
        gray = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
        faces = cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=4, minSize=(40, 40))
        for (x, y, w, h) in faces:
            crop = cv2.resize(gray[y:y + h, x:x + w], (48, 48), interpolation=cv2.INTER_AREA)
            net.setInput(crop.astype(np.float32)[None, None])
            logits = net.forward()[0]
            e = np.exp(logits - logits.max())
            _ = e / e.sum()
        return len(faces)

    for jpeg in frames[:10]:  # warm-up
        process(jpeg)
    count = faces = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        faces += process(frames[count % len(frames)])
        count += 1
    elapsed = time.perf_counter() - start
    print(f"python loop: {count} frames in {elapsed:.1f} s, {faces / count:.3f} faces/frame, "
          f"OpenCV {cv2.__version__} with {cv2.getNumThreads()} threads{note}")
    print(f"python_fps: {count / elapsed:.1f}")


if __name__ == "__main__":
    main()
