"""The learned AI-image detector: a small residual network fed neighbouring-pixel
residuals (NPR, Tan et al., CVPR 2024), and the tiling rule that turns tile
logits into an image score. Training, export, evaluation and the parity test
import this module; libdetect/src/model/ implements the same tiling in C++.

Input of the network: RGB, float32 in [0, 1] (pixel / 255), NCHW, H and W
even. The residual is computed inside the network, so the exported TorchScript
needs no other preprocessing than that division.
"""

from __future__ import annotations

import math
from typing import List, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TILE = 128        # side of a tile, in pixels of the image as it is
MAX_TILES = 16    # per image; 16 tiles cover a 512x512 image completely
# Both are written into the model's manifest entry ("input"), from which the
# C++ runtime reads them.


class BasicBlock(nn.Module):
    def __init__(self, inputs: int, outputs: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = nn.Identity()
        if inputs != outputs or stride != 1:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride, bias=False),
                                          nn.BatchNorm2d(outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class NprNet(nn.Module):
    """ResNet cut after its second stage (as in NPR), narrowed to fit the CPU
    budget: stem 3x3/2 + max-pool, two stages of two basic blocks (width, 2 *
    width), global average pool, one logit (positive: generated)."""

    def __init__(self, width: int = 32, blocks: Tuple[int, int] = (2, 2)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, 2, 1, bias=False), nn.BatchNorm2d(width),
                                  nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        layers: List[nn.Module] = []
        channels = width
        for stage, count in enumerate(blocks):
            for index in range(count):
                outputs = width * 2 ** stage
                layers.append(BasicBlock(channels, outputs, 2 if (stage > 0 and index == 0) else 1))
                channels = outputs
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # The image minus its nearest-neighbour re-up-sampled copy: what is
        # left is the local correlation that up-sampling layers leave behind.
        residual = x - F.interpolate(x[:, :, ::2, ::2], scale_factor=2.0, mode="nearest")
        features = self.body(self.stem(residual * (2.0 / 3.0)))
        return self.head(features.mean(dim=(2, 3))).squeeze(1)


def spread_origins(length: int, tile: int, count: int) -> List[int]:
    """`count` tile origins spread evenly over [0, length - tile], rounded down
    to even numbers so that every tile keeps the image's 2x2 pixel phase."""
    if count <= 1 or length <= tile:
        return [0]
    return [(i * (length - tile) // (count - 1)) // 2 * 2 for i in range(count)]


def tile_grid(width: int, height: int) -> Tuple[List[int], List[int]]:
    """Tile origins (xs, ys). Enough tiles to cover the image; if that is more
    than MAX_TILES, both counts shrink by the same factor (at least one each)
    and what flooring left of the budget is given back."""
    columns = max(1, math.ceil(width / TILE))
    rows = max(1, math.ceil(height / TILE))
    if columns * rows > MAX_TILES:
        factor = math.sqrt(MAX_TILES / (columns * rows))
        columns = max(1, int(math.floor(columns * factor)))
        rows = max(1, int(math.floor(rows * factor)))
        while columns * rows > MAX_TILES:
            if columns >= rows:
                columns -= 1
            else:
                rows -= 1
        # Spend what flooring left of the budget on the dimension furthest
        # below what covering needs, then on the other.
        wanted_columns, wanted_rows = max(1, math.ceil(width / TILE)), max(1, math.ceil(height / TILE))
        rows_first = rows * wanted_columns <= columns * wanted_rows
        for grow_rows in ((True, False) if rows_first else (False, True)):
            if grow_rows and rows < wanted_rows and (rows + 1) * columns <= MAX_TILES:
                rows += 1
            elif not grow_rows and columns < wanted_columns and (columns + 1) * rows <= MAX_TILES:
                columns += 1
    return spread_origins(width, TILE, columns), spread_origins(height, TILE, rows)


def pad_to_tile(rgb: np.ndarray) -> np.ndarray:
    """Images smaller than a tile are padded by reflection (right and bottom)."""
    h, w = rgb.shape[:2]
    if h >= TILE and w >= TILE:
        return rgb
    return np.pad(rgb, ((0, max(0, TILE - h)), (0, max(0, TILE - w)), (0, 0)), mode="reflect")


def tiles_of(rgb: np.ndarray) -> Tuple[torch.Tensor, int, int]:
    """uint8 RGB (H, W, 3) -> float tiles (N, 3, TILE, TILE), columns, rows."""
    rgb = pad_to_tile(rgb)
    xs, ys = tile_grid(rgb.shape[1], rgb.shape[0])
    batch = np.stack([rgb[y:y + TILE, x:x + TILE] for y in ys for x in xs])
    tensor = torch.from_numpy(batch).permute(0, 3, 1, 2).float().div_(255.0)
    return tensor.contiguous(), len(xs), len(ys)


def image_logit(model, rgb: np.ndarray) -> Tuple[float, np.ndarray]:
    """The image's logit (mean of the tile logits) and the tile logits as a
    rows x columns grid."""
    tiles, columns, rows = tiles_of(rgb)
    with torch.no_grad():
        logits = model(tiles).double().numpy()
    return float(logits.mean()), logits.reshape(rows, columns)


def for_inference(scripted: torch.jit.ScriptModule) -> torch.jit.ScriptModule:
    """What the C++ runtime does after loading: freeze and fold batch norm."""
    return torch.jit.optimize_for_inference(torch.jit.freeze(scripted.eval()))
