"""Unit tests of the ZED-style coder on random tensors (seconds, no data).

  /usr/bin/python3 -m pytest -q tests/python/test_zed_net.py
"""

import os
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
SOURCE_DIR = Path(os.environ.get("LIBDETECT_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "models" / "train" / "zed"))

from zed_net import (ZedCoder, entropy_bits, mixture_bins, mixture_log_prob, pyramid,  # noqa: E402
                     to_luma)

torch.set_num_threads(1)


def random_params(m=64, k=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    log_w = torch.log_softmax(torch.randn(m, k, generator=g), dim=1)
    mu = torch.rand(m, k, generator=g) * 300.0 - 20.0     # includes means beyond 0..255
    log_s = torch.rand(m, k, generator=g) * 6.0 - 2.0     # scales 0.14 .. 55 grey levels
    return log_w, mu, log_s


def test_bins_sum_to_one_and_match_log_prob():
    log_w, mu, log_s = random_params()
    bins = mixture_bins(log_w, mu, log_s)
    assert bins.shape == (64, 256)
    assert torch.allclose(bins.sum(1), torch.ones(64), atol=1e-4)
    x = torch.arange(256.0).view(1, 1, 256).expand(64, 1, 256)
    lp = mixture_log_prob(x, log_w.unsqueeze(2), mu.unsqueeze(2), log_s.unsqueeze(2))
    # The likelihood used for training sums to 1 over the 256 values too, and
    # agrees with the bins where they are not tiny.
    assert torch.allclose(lp.exp().sum(-1).flatten(), torch.ones(64), atol=1e-3)
    big = bins > 1e-3
    assert torch.allclose(lp.exp().squeeze(1)[big], bins[big], rtol=1e-2, atol=1e-4)


def test_entropy_bounds():
    log_w, mu, log_s = random_params(seed=1)
    h = entropy_bits(log_w, mu, log_s)
    assert (h >= -1e-5).all() and (h <= 8.0 + 1e-4).all()
    # A very narrow component centred on an integer: about 0 bits.
    narrow = entropy_bits(torch.zeros(1, 1), torch.full((1, 1), 100.0), torch.full((1, 1), -4.0))
    assert narrow.item() < 0.01


def test_pyramid_levels_are_8_bit():
    x = torch.rand(2, 3, 128, 128)
    levels = pyramid(to_luma(x), 3)
    assert [lv.shape[-1] for lv in levels] == [128, 64, 32, 16]
    for lv in levels:
        assert torch.equal(lv, lv.round()) and lv.min() >= 0 and lv.max() <= 255


def test_forward_shapes_finite_constant_image_and_script():
    torch.manual_seed(0)
    model = ZedCoder().eval()
    x = torch.rand(2, 3, 128, 128)
    const = torch.full((1, 3, 128, 128), 0.5)
    with torch.no_grad():
        f = model(x)
        c = model(const)
        scripted = torch.jit.script(model)
        assert (scripted(x) - f).abs().max().item() < 1e-4
    assert f.shape == (2, 6) and c.shape == (1, 6)
    assert torch.isfinite(f).all() and torch.isfinite(c).all()
    assert (f[:, 1::2] <= 8.0 + 1e-4).all()  # entropies
    assert (f[:, 0::2] >= 0).all()            # coding costs
