"""The face-blending detector: a small CNN over an aligned face crop that
gives one logit (positive: the face was blended into the picture) and a map
of the blending boundary (Face X-ray, Li et al., CVPR 2020). Trained on
self-blended faces only (train_face.py); libdetect/src/model/ runs the
exported TorchScript on crops made by libdetect's own alignment.

Input: RGB float32 in [0, 1] (pixel / 255), N x 3 x CROP x CROP: the face
aligned on the 5-point template at ALIGN_SIZE with MARGIN (FaceLocator.align),
then reduced to CROP by area averaging. Output: (logits N, boundary logits
N x MAP x MAP).
"""

from __future__ import annotations

from typing import Tuple

import cv2
import numpy as np
import torch
import torch.nn as nn

from npr_net import BasicBlock as Block  # the same residual block as the AI-image detector

CROP = 160         # network input side
ALIGN_SIZE = 320   # side of the aligned crop before the area reduction to CROP
MARGIN = 0.4       # FaceLocator.align margin: the landmark hull fills the middle ~45 %
MAP = CROP // 4    # side of the boundary map


def to_network_input(aligned: np.ndarray) -> np.ndarray:
    """ALIGN_SIZE crop (uint8 RGB) -> CROP crop, as the C++ runtime does it."""
    return cv2.resize(aligned, (CROP, CROP), interpolation=cv2.INTER_AREA)


class FaceBlendNet(nn.Module):
    """Stem at full resolution (blending traces are fine detail), three
    residual stages at 1/2, 1/4 and 1/8; the boundary head reads the 1/4
    features, the logit head pools (mean and max) the 1/8 features."""

    def __init__(self, width: int = 24):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width // 2, 3, 1, 1, bias=False), nn.BatchNorm2d(width // 2), nn.ReLU(),
                                  nn.Conv2d(width // 2, width, 3, 2, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        self.stage1 = Block(width, width, 1)
        self.stage2 = nn.Sequential(Block(width, 2 * width, 2), Block(2 * width, 2 * width, 1))
        self.stage3 = nn.Sequential(Block(2 * width, 4 * width, 2), Block(4 * width, 4 * width, 1))
        self.boundary = nn.Conv2d(2 * width, 1, 1)
        self.head = nn.Linear(8 * width, 1)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        # Centre the input; the BatchNorm after the first conv does the rest.
        quarter = self.stage2(self.stage1(self.stem(x - 0.5)))
        eighth = self.stage3(quarter)
        # Mean and max pooling: a blending boundary covers a small part of
        # the crop, and the mean alone dilutes it.
        pooled = torch.cat([eighth.mean(dim=(2, 3)), eighth.amax(dim=(2, 3))], dim=1)
        logit = self.head(pooled).squeeze(1)
        return logit, self.boundary(quarter).squeeze(1)


def for_inference(scripted: torch.jit.ScriptModule) -> torch.jit.ScriptModule:
    """What the C++ runtime does after loading: eval, freeze, optimise."""
    scripted.eval()
    return torch.jit.optimize_for_inference(torch.jit.freeze(scripted))
