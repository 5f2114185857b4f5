"""The simulator zoo: small image autoencoders whose decoders up-sample the way
image generators do, trained on real photos so that their reconstructions are
content-aligned fakes (Rajan et al., ICLR 2025; AutoGAN, Zhang et al. 2019).

A reconstruction must differ from its photo only by the decoder's traces, not
by blur or colour: a detector trained on blurry, colour-shifted
reconstructions learns "blurry means fake" (issue 9 measured it). Two guards:
the simulators are trained to near-lossless reconstruction (PSNR is logged),
and `aligned_fake` keeps the photo's own low frequencies and takes only the
high-frequency band of the difference (a `control.py` classifier on colour
and blur statistics checks that nothing else is left to separate them).

Each recipe fixes the up-sampling operator, the latent down-sampling factor,
the widths and the seed; `train_simulator.py` trains it. Weights stay out of
the repository: the recipe regenerates them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# The up-sampling operators of generator decoders: transposed convolution
# (DCGAN, early GANs), nearest + conv and bilinear + conv (StyleGAN, the
# latent-diffusion VAE decoder), sub-pixel convolution / pixel shuffle.
OPERATORS = ("transposed", "nearest", "bilinear", "pixelshuffle")


@dataclass(frozen=True)
class Recipe:
    name: str
    operator: str
    factor: int          # latent down-sampling: 2, 4 or 8
    latent: int          # latent channels
    width: int           # channels at full resolution; doubled per x2 stage, capped
    seed: int


# Latents keep half the input's values (3 * factor^2 / 2 channels): enough
# room for a near-lossless reconstruction at every factor, while the decoder
# still has to up-sample through its operator. Widths are small because they
# are trained on two CPU cores; every operator and every factor (x2, x4, x8)
# is covered once. (Transposed convolutions train about five times slower on
# a CPU than the others, hence x2 for that one.)
RECIPES: Dict[str, Recipe] = {r.name: r for r in [
    Recipe("transposed-x2", "transposed", 2, 6, 16, 11),
    Recipe("nearest-x4", "nearest", 4, 24, 16, 12),
    Recipe("bilinear-x8", "bilinear", 8, 96, 16, 13),
    Recipe("pixelshuffle-x8", "pixelshuffle", 8, 96, 16, 14),
]}


def family_of(name: str) -> str:
    """The fake source a simulator belongs to in leave-source-out validation:
    its up-sampling operator ('random' for the untrained up-samplers)."""
    return name.split("-")[0]


def _stage_widths(recipe: Recipe) -> List[int]:
    """Channels at full resolution, /2, /4, ... down to the latent grid."""
    stages = int(round(math.log2(recipe.factor)))
    return [min(recipe.width * 2 ** i, 128) for i in range(stages + 1)]


class UpStage(nn.Module):
    """One x2 up-sampling stage of a decoder, then a 3x3 convolution."""

    def __init__(self, operator: str, inputs: int, outputs: int):
        super().__init__()
        self.operator = operator
        if operator == "transposed":
            self.up = nn.ConvTranspose2d(inputs, outputs, 4, 2, 1)
        elif operator in ("nearest", "bilinear"):
            self.up = nn.Conv2d(inputs, outputs, 3, 1, 1)
        elif operator == "pixelshuffle":
            self.up = nn.Sequential(nn.Conv2d(inputs, outputs * 4, 3, 1, 1), nn.PixelShuffle(2))
        else:
            raise ValueError(f"unknown up-sampling operator {operator}")
        self.refine = nn.Conv2d(outputs, outputs, 3, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.operator == "nearest":
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        elif self.operator == "bilinear":
            x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
        x = F.leaky_relu(self.up(x), 0.2)
        return F.leaky_relu(self.refine(x), 0.2)


class Simulator(nn.Module):
    """Encoder (stride-2 convolutions down to the latent grid) and decoder
    (the recipe's operator, one x2 stage at a time), added to a bilinear
    up-sampling of the image's area-down-sampled colours: the skip-RGB
    output of StyleGAN2's generator, which lets a CPU-trained decoder start
    from a blurred image and learn only the detail. Input and output: RGB in
    [0, 1], NCHW, sides divisible by the factor."""

    def __init__(self, recipe: Recipe):
        super().__init__()
        self.recipe = recipe
        widths = _stage_widths(recipe)
        encoder: List[nn.Module] = [nn.Conv2d(3, widths[0], 3, 1, 1), nn.LeakyReLU(0.2)]
        for a, b in zip(widths[:-1], widths[1:]):
            encoder += [nn.Conv2d(a, b, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(b, b, 3, 1, 1), nn.LeakyReLU(0.2)]
        encoder.append(nn.Conv2d(widths[-1], recipe.latent, 1))
        self.encoder = nn.Sequential(*encoder)
        decoder: List[nn.Module] = [nn.Conv2d(recipe.latent, widths[-1], 3, 1, 1), nn.LeakyReLU(0.2)]
        for a, b in zip(widths[::-1][:-1], widths[::-1][1:]):
            decoder.append(UpStage(recipe.operator, a, b))
        to_rgb = nn.Conv2d(widths[0], 3, 3, 1, 1)
        nn.init.zeros_(to_rgb.weight)
        nn.init.zeros_(to_rgb.bias)
        decoder.append(to_rgb)
        self.decoder = nn.Sequential(*decoder)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        factor = self.recipe.factor
        colours = F.interpolate(F.avg_pool2d(x, factor), scale_factor=float(factor), mode="bilinear",
                                align_corners=False)
        return colours + self.decoder(self.encoder(x))


def make_simulator(name: str) -> Simulator:
    recipe = RECIPES[name]
    torch.manual_seed(recipe.seed)
    return Simulator(recipe)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """PSNR in dB of two uint8 (or [0, 255] float) images."""
    mse = float(np.mean((np.asarray(a, np.float64) - np.asarray(b, np.float64)) ** 2))
    return float("inf") if mse == 0 else 10.0 * math.log10(255.0 ** 2 / mse)


def reconstruct(simulator: Simulator, rgb: np.ndarray) -> np.ndarray:
    """uint8 RGB (H, W, 3) through the simulator; the image is padded by
    reflection to a multiple of the factor and cropped back. float32 [0, 255]."""
    factor = simulator.recipe.factor
    h, w = rgb.shape[:2]
    padded = np.pad(rgb, ((0, (-h) % factor), (0, (-w) % factor), (0, 0)), mode="reflect")
    x = torch.from_numpy(np.ascontiguousarray(padded)).permute(2, 0, 1)[None].float().div_(255.0)
    simulator.eval()
    with torch.no_grad():
        y = simulator(x)[0].permute(1, 2, 0).numpy() * 255.0
    return y[:h, :w]


# Frequencies below this Gaussian's pass band are the photo's own in an
# aligned fake: colour, shading and blur level cannot differ from the real.
LOW_PASS_SIGMA = 2.0


def keep_high_band(real: np.ndarray, trace: np.ndarray, sigma: float = LOW_PASS_SIGMA) -> np.ndarray:
    """real + the high-frequency band of `trace` (float, same shape), rounded
    to uint8."""
    high = trace - cv2.GaussianBlur(trace, (0, 0), sigma)
    return np.clip(np.rint(real.astype(np.float32) + high), 0, 255).astype(np.uint8)


def aligned_fake(simulator: Simulator, real: np.ndarray) -> np.ndarray:
    """The real photo with the high-frequency band of its reconstruction's
    difference: the decoder's traces, the photo's low frequencies."""
    recon = reconstruct(simulator, real)
    return keep_high_band(real, (recon - real.astype(np.float32)).astype(np.float32))


# How far an untrained up-sampler's kernels stray from bilinear's (relative
# noise on the taps; larger values can bring a phase's sum near zero), and
# the root-mean-square of its trace in grey levels, drawn per image: about
# 36 to 48 dB, the range of the trained simulators' reconstructions.
RANDOM_STRENGTH = (0.1, 0.4)
RANDOM_TRACE_RMS = (1.0, 4.0)


def random_upsampler_trace(real: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An untrained up-sampler's trace, as generators' last layers vary
    (AutoGAN): the photo is area-down-sampled by 2, 4 or 8 and up-sampled
    back twice, once by a random operator whose kernels are a random
    perturbation of bilinear interpolation (each output phase normalised to
    sum to one, so flat areas keep their level on average), once by plain
    bilinear interpolation. The difference is what the random operator leaves;
    added to the full-resolution photo it keeps all of the photo's detail."""
    factor = int(rng.choice([2, 4, 8]))
    h, w = real.shape[:2]
    h8, w8 = h - h % factor, w - w % factor
    if h8 < factor * 4 or w8 < factor * 4:
        return np.zeros(real.shape, np.float32)
    photo = real[:h8, :w8].astype(np.float32)
    low = cv2.resize(photo, (w8 // factor, h8 // factor), interpolation=cv2.INTER_AREA)
    x = torch.from_numpy(low).permute(2, 0, 1)[None]
    clean = F.interpolate(x, scale_factor=float(factor), mode="bilinear", align_corners=False)
    operator = str(rng.choice(["transposed", "nearest", "pixelshuffle"]))
    strength = float(rng.uniform(*RANDOM_STRENGTH))
    y = x
    for _ in range(int(round(math.log2(factor)))):  # x2 stages, each with its own random kernel
        y = _random_x2(y, operator, strength, rng)
    trace = (y - clean)[0].permute(1, 2, 0).numpy()
    trace *= float(rng.uniform(*RANDOM_TRACE_RMS)) / (float(np.sqrt(np.mean(trace ** 2))) + 1e-6)
    out = np.zeros(real.shape, np.float32)
    out[:h8, :w8] = trace
    return out


def _random_x2(x: torch.Tensor, operator: str, strength: float, rng: np.random.Generator) -> torch.Tensor:
    """One x2 up-sampling of (1, 3, H, W) with a depthwise random kernel
    shared by the channels (a colour-mixing kernel would shift colours)."""
    bilinear_1d = np.array([0.25, 0.75, 0.75, 0.25])
    base = np.outer(bilinear_1d, bilinear_1d)  # transposed-conv form of bilinear x2 (4x4, stride 2)
    kernel = base * (1.0 + strength * rng.standard_normal((4, 4)))
    if operator == "transposed":
        # Each of the four output phases takes a 2x2 subset of the kernel:
        # normalise each subset to sum to one.
        for py in range(2):
            for px in range(2):
                kernel[py::2, px::2] /= kernel[py::2, px::2].sum()
        weight = torch.from_numpy(kernel).float()[None, None].repeat(3, 1, 1, 1)
        padded = F.pad(x, (1, 1, 1, 1), mode="replicate")
        y = F.conv_transpose2d(padded, weight, stride=2, padding=1, groups=3)
        return y[:, :, 2:-2, 2:-2]
    if operator == "nearest":
        up = F.interpolate(x, scale_factor=2.0, mode="nearest")
        smooth = np.outer([0.25, 0.5, 0.25], [0.25, 0.5, 0.25]) * (1.0 + strength * rng.standard_normal((3, 3)))
        smooth /= smooth.sum()
        weight = torch.from_numpy(smooth).float()[None, None].repeat(3, 1, 1, 1)
        return F.conv2d(F.pad(up, (1, 1, 1, 1), mode="replicate"), weight, groups=3)
    # pixel shuffle: one 3x3 kernel per output phase, each bilinear's phase
    # kernel plus noise
    taps = (np.array([0.25, 0.75, 0.0]), np.array([0.0, 0.75, 0.25]))
    phases = []
    for py in range(2):
        for px in range(2):
            k = np.outer(taps[py], taps[px]) + 0.25 * strength * rng.standard_normal((3, 3))
            phases.append(k / k.sum())
    weight = torch.from_numpy(np.stack(phases)).float()[:, None].repeat(3, 1, 1, 1)  # (12, 1, 3, 3)
    y = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), weight, groups=3)
    return F.pixel_shuffle(y, 2)
