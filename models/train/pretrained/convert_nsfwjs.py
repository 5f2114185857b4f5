"""Convert the MobileNetV2 model shipped in the npm package nsfwjs@4.4.0 (MIT)
to a TorchScript feature extractor.

    /usr/bin/python3 models/train/pretrained/convert_nsfwjs.py /tmp/nsfw/package \
        [--out models/train/pretrained/out]

The package stores the Keras 2.2.4 model (converted by tfjs) as two browserify
bundles: dist/models/mobilenet_v2/model.min.js (a JS object literal holding
modelTopology + weightsManifest, uint8-quantised weights with per-tensor
min/scale) and group1-shard1of1.min.js (one base64 string with the weight
bytes). The topology literal is evaluated with `node` (it is JS, not JSON); the
base64 string is read directly. A plain model.json + binary shards is accepted
too.

Keras -> PyTorch: Conv2D kernels [kh,kw,in,out] -> [out,in,kh,kw]; depthwise
[kh,kw,in,1] -> [in,1,kh,kw]; Dense [in,out] -> [out,in]; BatchNorm eps 1e-3
(folded into the preceding conv); stride-2 convs use an explicit ZeroPadding2D
((0,1),(0,1)) = pad right/bottom by one; 'same' 3x3 stride 1 = pad 1; ReLU6;
the 7x7 average pool at 224 px = global average pool. Input: nsfwjs divides
the 0..255 RGB pixels by 255 and feeds them unchanged (NHWC, [0,1]); here
forward takes NCHW RGB in [0,1] with no further normalisation.

Outputs (in --out):
  nsfw-mobilenetv2.pt   TorchScript; forward(x[N,3,224,224]) -> [N,1280] pooled
                        features (global average of out_relu); logits(x) ->
                        [N,5] pre-softmax (dense_3 before softmax);
                        probs(x) -> softmax.
"""

from __future__ import annotations

import argparse
import base64
import glob
import json
import os
import re
import subprocess
from typing import Dict, List, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"]  # nsfw_classes.js order


def load_model_json(model_dir: str) -> dict:
    plain = os.path.join(model_dir, "model.json")
    if os.path.exists(plain):
        with open(plain) as handle:
            return json.load(handle)
    bundle = os.path.abspath(os.path.join(model_dir, "model.min.js"))
    out = subprocess.run(
        ["node", "-e", "process.stdout.write(JSON.stringify(require(process.argv[1])))", bundle],
        check=True, capture_output=True)
    return json.loads(out.stdout)


def load_weight_bytes(model_dir: str, paths: List[str]) -> bytes:
    chunks = []
    for p in paths:
        raw = os.path.join(model_dir, p)
        if os.path.exists(raw):
            with open(raw, "rb") as handle:
                chunks.append(handle.read())
            continue
        with open(os.path.join(model_dir, p + ".min.js")) as handle:
            text = handle.read()
        strings = re.findall(r'exports\s*=\s*"([A-Za-z0-9+/=]+)"', text)
        assert len(strings) == 1, "expected one base64 string in " + p
        chunks.append(base64.b64decode(strings[0]))
    return b"".join(chunks)


def dequantise(model: dict, model_dir: str) -> Dict[str, np.ndarray]:
    weights: Dict[str, np.ndarray] = {}
    for group in model["weightsManifest"]:
        data = load_weight_bytes(model_dir, group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            q = spec.get("quantization")
            if q is None:
                arr = np.frombuffer(data, np.float32, count, offset).astype(np.float32)
                offset += 4 * count
            else:
                qtype = {"uint8": np.uint8, "uint16": np.uint16, "float16": np.float16}[q["dtype"]]
                raw = np.frombuffer(data, qtype, count, offset)
                offset += raw.itemsize * count
                if q["dtype"] == "float16":
                    arr = raw.astype(np.float32)
                else:  # tfjs: v * scale + min, computed in float32
                    arr = (raw.astype(np.float32) * np.float32(q["scale"]) + np.float32(q["min"]))
            weights[spec["name"]] = arr.reshape(spec["shape"]).astype(np.float32)
        assert offset == len(data), (offset, len(data))
    return weights


class ConvBN(nn.Module):
    """Keras Conv2D/DepthwiseConv2D (no bias) + BatchNormalization folded into
    one conv with bias; optional ReLU6. pad = (left, right, top, bottom)."""

    def __init__(self, conv: nn.Conv2d, pad: Tuple[int, int, int, int], relu: bool):
        super().__init__()
        self.conv = conv
        self.pad = list(pad)
        self.has_pad = any(p != 0 for p in pad)
        self.relu = relu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.has_pad:
            x = F.pad(x, self.pad)
        x = self.conv(x)
        if self.relu:
            x = torch.clamp(x, 0.0, 6.0)
        return x


class Block(nn.Module):
    def __init__(self, layers: List[nn.Module], residual: bool):
        super().__init__()
        self.layers = nn.Sequential(*layers)
        self.residual = residual

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.layers(x)
        if self.residual:
            y = y + x
        return y


class NsfwMobileNetV2(nn.Module):
    def __init__(self, stem: nn.Module, blocks: List[nn.Module], head: nn.Module,
                 dense: List[nn.Linear]):
        super().__init__()
        self.stem = stem
        self.blocks = nn.Sequential(*blocks)
        self.head = head
        self.dense1, self.dense2, self.dense3 = dense

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: [N,3,H,W] RGB in [0,1] (224x224 as trained) -> [N,1280]."""
        y = self.head(self.blocks(self.stem(x)))
        return y.mean(dim=(2, 3))

    @torch.jit.export
    def logits_from_features(self, f: torch.Tensor) -> torch.Tensor:
        return self.dense3(F.relu(self.dense2(F.relu(self.dense1(f)))))

    @torch.jit.export
    def logits(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits_from_features(self.forward(x))

    @torch.jit.export
    def probs(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.logits(x), dim=1)


def build(model: dict, w: Dict[str, np.ndarray]) -> NsfwMobileNetV2:
    layers = {l["name"]: l for l in model["modelTopology"]["model_config"]["config"]["layers"]}

    def bn_eps(name):
        return layers[name]["config"]["epsilon"]

    def conv_bn(conv_name: str, bn_name: str, relu: bool, pad) -> ConvBN:
        cfg = layers[conv_name]["config"]
        kernel = w[conv_name + "/depthwise_kernel"] if conv_name + "/depthwise_kernel" in w else w[conv_name + "/kernel"]
        kh, kw = cfg["kernel_size"]
        stride = cfg["strides"][0]
        if layers[conv_name]["class_name"] == "DepthwiseConv2D":
            assert cfg["depth_multiplier"] == 1
            cin = kernel.shape[2]
            tk = torch.from_numpy(kernel.transpose(2, 3, 0, 1).reshape(cin, 1, kh, kw).copy())
            conv = nn.Conv2d(cin, cin, (kh, kw), stride, groups=cin, bias=True)
        else:
            cin, cout = kernel.shape[2], kernel.shape[3]
            tk = torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy())
            conv = nn.Conv2d(cin, cout, (kh, kw), stride, bias=True)
        if cfg["padding"] == "same":
            assert stride == 1 and kh == kw and kh % 2 == 1
            p = kh // 2
            pad = (p, p, p, p)
        gamma = torch.from_numpy(w[bn_name + "/gamma"]).double()
        beta = torch.from_numpy(w[bn_name + "/beta"]).double()
        mean = torch.from_numpy(w[bn_name + "/moving_mean"]).double()
        var = torch.from_numpy(w[bn_name + "/moving_variance"]).double()
        scale = gamma / torch.sqrt(var + bn_eps(bn_name))
        with torch.no_grad():
            conv.weight.copy_((tk.double() * scale.view(-1, 1, 1, 1)).float())
            conv.bias.copy_((beta - mean * scale).float())
        return ConvBN(conv, pad, relu)

    def zero_pad(name):
        (t, b), (l, r) = layers[name]["config"]["padding"]
        return (l, r, t, b)

    stem = conv_bn("Conv1", "bn_Conv1", True, zero_pad("Conv1_pad"))
    blocks: List[nn.Module] = []
    # expanded_conv: no expansion
    blocks.append(Block([
        conv_bn("expanded_conv_depthwise", "expanded_conv_depthwise_BN", True, (0, 0, 0, 0)),
        conv_bn("expanded_conv_project", "expanded_conv_project_BN", False, (0, 0, 0, 0))], False))
    i = 1
    while f"block_{i}_expand" in layers:
        p = f"block_{i}_"
        pad = zero_pad(p + "pad") if p + "pad" in layers else (0, 0, 0, 0)
        residual = p + "add" in layers
        blocks.append(Block([
            conv_bn(p + "expand", p + "expand_BN", True, (0, 0, 0, 0)),
            conv_bn(p + "depthwise", p + "depthwise_BN", True, pad),
            conv_bn(p + "project", p + "project_BN", False, (0, 0, 0, 0))], residual))
        i += 1
    head = conv_bn("Conv_1", "Conv_1_bn", True, (0, 0, 0, 0))
    dense = []
    for name in ["dense_1", "dense_2", "dense_3"]:
        k = w[name + "/kernel"]
        lin = nn.Linear(k.shape[0], k.shape[1])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(k.T.copy()))
            lin.bias.copy_(torch.from_numpy(w[name + "/bias"]))
        dense.append(lin)
    assert layers["dense_1"]["config"]["activation"] == "relu"
    assert layers["dense_2"]["config"]["activation"] == "relu"
    assert layers["dense_3"]["config"]["activation"] == "softmax"
    assert layers["average_pooling2d_1"]["config"]["pool_size"] == [7, 7]
    net = NsfwMobileNetV2(stem, blocks, head, dense).eval()
    return net


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("package", help="unpacked npm package dir (contains dist/)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    model_dir = os.path.join(args.package, "dist", "models", "mobilenet_v2")
    model = load_model_json(model_dir)
    w = dequantise(model, model_dir)
    net = build(model, w)
    n_params = sum(int(np.prod(v.shape)) for v in w.values())
    print(f"{len(w)} weight tensors, {n_params} values (uint8-quantised in the package)")
    os.makedirs(args.out, exist_ok=True)
    scripted = torch.jit.script(net)
    path = os.path.join(args.out, "nsfw-mobilenetv2.pt")
    scripted.save(path)
    x = torch.zeros(1, 3, 224, 224)
    with torch.no_grad():
        print("features", tuple(scripted(x).shape), "probs(zeros)", scripted.probs(x).numpy().round(4))
    print("saved", path)


if __name__ == "__main__":
    main()
