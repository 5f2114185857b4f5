"""A small multi-resolution lossless coder of real images (after ZED, Cozzolino
et al., ECCV 2024, and SReC, Cao et al., 2020), its discretised-logistic-mixture
likelihood, and the per-tile features that the TorchScript export returns.

What is coded: the luma of a tile, Y = round(255 * (0.299 R + 0.587 G + 0.114 B)),
an 8-bit image. Luma only, because (1) JPEG -- the field condition -- keeps luma
at full resolution and quantises/subsamples chroma, so chroma carries little
high-frequency evidence after re-sharing; (2) it makes the network and the exact
256-bin entropy three times cheaper, which the CPU budget needs.

Pyramid: level l+1 = round(2x2 average of level l), levels 0..3 (128, 64, 32,
16 px). For each level l in 0..2, level l is coded given level l+1, as four
sub-images (the four pixels of each 2x2 block) coded one after the other
(SReC): sub-image s is predicted from a trunk on level l+1 plus the sub-images
0..s-1 already coded. Every pixel gets a K-component discretised logistic
mixture over 0..255 (PixelCNN++), means relative to the parent pixel.

Features per tile, for levels 0, 1, 2 in that order: NLL (actual coding cost,
bits/px, over all pixels of the level) and H (expected coding cost: the exact
entropy of each predicted 256-bin distribution, averaged over a fixed 1/16 grid
subsample of the level's pixels, all four sub-images, to stay within the CPU
budget). Output [N, 6] = nll0, ent0, nll1, ent1, nll2, ent2.
"""

from __future__ import annotations

from typing import List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

LEVELS = 3          # predicted levels (0, 1, 2); level 3 is the uncoded base
MIXTURES = 3        # K
WIDTH = 24          # channels of the trunk and heads

# Sub-image order within a 2x2 block (row offset, column offset).
SUBPIXELS: List[Tuple[int, int]] = [(0, 0), (1, 1), (0, 1), (1, 0)]


def to_luma(x: torch.Tensor) -> torch.Tensor:
    """[N,3,H,W] RGB in [0,1] -> [N,1,H,W] integer-valued luma 0..255 (float)."""
    y = 255.0 * (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3])
    return torch.round(y).clamp(0.0, 255.0)


def pyramid(y: torch.Tensor, levels: int) -> List[torch.Tensor]:
    out = [y]
    for _ in range(levels):
        y = torch.round(F.avg_pool2d(y, 2))
        out.append(y)
    return out


def split_params(p: torch.Tensor, k: int) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """[N,3K,...] -> log mixture weights, means offsets, log scales, each [N,K,...]."""
    logits, means, log_scales = p[:, :k], p[:, k:2 * k], p[:, 2 * k:3 * k]
    return F.log_softmax(logits, dim=1), means, log_scales.clamp(min=-4.0, max=6.0)


def mixture_log_prob(x: torch.Tensor, log_w: torch.Tensor, mu: torch.Tensor, log_s: torch.Tensor) -> torch.Tensor:
    """log P(x) under the discretised logistic mixture over the integers 0..255
    (bins of width 1, tails folded into 0 and 255), PixelCNN++ style.
    x: [N,1,...] integer valued; log_w, mu, log_s: [N,K,...] (pixel units)."""
    centered = x - mu
    inv_s = torch.exp(-log_s)
    plus_in = inv_s * (centered + 0.5)
    min_in = inv_s * (centered - 0.5)
    cdf_delta = torch.sigmoid(plus_in) - torch.sigmoid(min_in)
    log_cdf_plus = plus_in - F.softplus(plus_in)          # log sigmoid(plus_in): bin 0
    log_one_minus_cdf_min = -F.softplus(min_in)           # log(1 - sigmoid(min_in)): bin 255
    mid_in = inv_s * centered
    log_pdf_mid = mid_in - log_s - 2.0 * F.softplus(mid_in)  # density x bin width 1
    inner = torch.where(cdf_delta > 1e-5, torch.log(cdf_delta.clamp(min=1e-12)), log_pdf_mid)
    log_p = torch.where(x < 0.5, log_cdf_plus, torch.where(x > 254.5, log_one_minus_cdf_min, inner))
    return torch.logsumexp(log_p + log_w, dim=1, keepdim=True)


def mixture_bins(log_w: torch.Tensor, mu: torch.Tensor, log_s: torch.Tensor) -> torch.Tensor:
    """Probabilities of the 256 bins: [M,K] parameters -> [M,256]; they sum to 1
    by construction (differences of the mixture CDF at the 255 inner edges)."""
    edges = torch.arange(255, dtype=mu.dtype, device=mu.device) + 0.5
    z = (edges.view(1, 1, 255) - mu.unsqueeze(2)) * torch.exp(-log_s).unsqueeze(2)
    cdf = (torch.sigmoid(z) * torch.exp(log_w).unsqueeze(2)).sum(dim=1)  # [M,255]
    zeros = torch.zeros_like(cdf[:, :1])
    ones = torch.ones_like(cdf[:, :1])
    full = torch.cat([zeros, cdf, ones], dim=1)
    return (full[:, 1:] - full[:, :-1]).clamp(min=0.0)


def entropy_bits(log_w: torch.Tensor, mu: torch.Tensor, log_s: torch.Tensor) -> torch.Tensor:
    """Exact entropy (bits) of each 256-bin distribution: [M,K] -> [M]."""
    p = mixture_bins(log_w, mu, log_s)
    return -(p * torch.log(p.clamp(min=1e-30))).sum(dim=1) * 1.4426950408889634  # log2(e)


class SubimageHead(nn.Module):
    """Parameters of one sub-image: trunk features plus a 3x3 view of the
    sub-images coded before it (zeros where not yet coded)."""

    def __init__(self, width: int, k: int):
        super().__init__()
        self.k = k
        self.context = nn.Conv2d(3, width, 3, 1, 1)
        self.head = nn.Conv2d(width, 3 * k, 1)
        # A linear path from the coded siblings to the means (the last
        # sub-pixel is nearly 4 * parent - the other three).
        self.linear = nn.Conv2d(3, k, 1, bias=False)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.linear.weight)
        with torch.no_grad():
            self.head.bias.zero_()
            self.head.bias[k:2 * k] = torch.linspace(-1.0, 1.0, k)
            self.head.bias[2 * k:] = 1.0  # initial scale e^1 ~ 2.7 grey levels

    def forward(self, features: torch.Tensor, ctx: torch.Tensor, parent: torch.Tensor) -> torch.Tensor:
        p = self.head(F.relu(features + self.context(ctx)))
        k = self.k
        means = parent + p[:, k:2 * k] + 16.0 * self.linear(ctx)
        return torch.cat([p[:, :k], means, p[:, 2 * k:]], dim=1)


class LevelCoder(nn.Module):
    """Codes one level (2h x 2w) given its parent (h x w): a trunk on the parent,
    one small head per sub-image that also sees the sub-images coded before it."""

    def __init__(self, width: int = WIDTH, k: int = MIXTURES):
        super().__init__()
        self.k = k
        self.trunk = nn.Sequential(
            nn.Conv2d(1, width, 3, 1, 1), nn.ReLU(),
            nn.Conv2d(width, width, 3, 1, 1), nn.ReLU(),
            nn.Conv2d(width, width, 3, 1, 2, dilation=2), nn.ReLU())
        self.stages = nn.ModuleList([SubimageHead(width, k) for _ in SUBPIXELS])

    def forward(self, child: torch.Tensor, parent: torch.Tensor) -> List[torch.Tensor]:
        """Returns, per sub-image, its target [N,1,h,w] and params [N,3K,h,w]
        with the means made absolute (pixel units)."""
        features = self.trunk((parent - 127.5) * (1.0 / 64.0))
        # In the order of SUBPIXELS.
        subs = [child[:, :, 0::2, 0::2], child[:, :, 1::2, 1::2], child[:, :, 0::2, 1::2], child[:, :, 1::2, 0::2]]
        rel = [(s - parent) * (1.0 / 16.0) for s in subs]
        zeros = torch.zeros_like(parent)
        out: List[torch.Tensor] = []
        for index, stage in enumerate(self.stages):
            previous = [rel[i] if i < index else zeros for i in range(3)]
            out.append(subs[index])
            out.append(stage(features, torch.cat(previous, dim=1), parent))
        return out


class ZedCoder(nn.Module):
    """forward(x [N,3,128,128] RGB in [0,1]) -> [N, 2*LEVELS]:
    nll0, ent0, nll1, ent1, nll2, ent2 (bits per pixel)."""

    def __init__(self, levels: int = LEVELS, width: int = WIDTH, k: int = MIXTURES):
        super().__init__()
        self.levels = levels
        self.k = k
        self.coders = nn.ModuleList([LevelCoder(width, k) for _ in range(levels)])

    def level_outputs(self, x: torch.Tensor) -> List[List[torch.Tensor]]:
        pyr = pyramid(to_luma(x), self.levels)
        outs: List[List[torch.Tensor]] = []
        for level, coder in enumerate(self.coders):
            outs.append(coder(pyr[level], pyr[level + 1]))
        return outs

    def nll_per_level(self, x: torch.Tensor) -> torch.Tensor:
        """[N, LEVELS] mean NLL in bits per pixel (the training loss)."""
        cols: List[torch.Tensor] = []
        for out in self.level_outputs(x):
            total = torch.zeros(x.shape[0], device=x.device)
            for i in range(len(out) // 2):
                target, p = out[2 * i], out[2 * i + 1]
                log_w, mu, log_s = split_params(p, self.k)
                total = total + mixture_log_prob(target, log_w, mu, log_s).mean(dim=(1, 2, 3))
            cols.append(-total / (len(out) // 2) * 1.4426950408889634)  # log2(e)
        return torch.stack(cols, dim=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        cols: List[torch.Tensor] = []
        for out in self.level_outputs(x):
            nll = torch.zeros(n, device=x.device)
            ent = torch.zeros(n, device=x.device)
            subs = len(out) // 2
            for i in range(subs):
                target, p = out[2 * i], out[2 * i + 1]
                log_w, mu, log_s = split_params(p, self.k)
                nll = nll - mixture_log_prob(target, log_w, mu, log_s).mean(dim=(1, 2, 3)) * 1.4426950408889634  # log2(e)
                # Entropy on a fixed grid: 8 x 8 positions of the parent grid.
                stride = max(1, p.shape[2] // 8)
                q = p[:, :, ::stride, ::stride]
                m = q.shape[2] * q.shape[3]
                flat = q.permute(0, 2, 3, 1).reshape(n * m, 3 * self.k)
                fw, fmu, fs = split_params(flat, self.k)
                e = entropy_bits(fw, fmu, fs)
                ent = ent + e.view(n, m).mean(dim=1)
            cols.append(nll / subs)
            cols.append(ent / subs)
        return torch.stack(cols, dim=1)


def export(model: ZedCoder, path: str) -> torch.jit.ScriptModule:
    model = model.eval()
    scripted = torch.jit.script(model)
    scripted.save(path)
    return scripted
