"""The simulator zoo and the content-aligned fakes of issue 9, on images made
in code (no development data needed): a simulator trains in seconds and its
aligned fakes differ from their inputs by a bounded error, with the photo's
own low frequencies; untrained up-samplers reduce to bilinear interpolation
at zero strength; and the pairing of reals with their fakes follows the
split, so no image's pair crosses a train / validation / test boundary."""

import csv
import os
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

torch = pytest.importorskip("torch")

SOURCE_DIR = Path(os.environ.get("LIBDETECT_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "models" / "train"))

import devset  # noqa: E402
import train_npr  # noqa: E402
from simulators import aligned, control, zoo  # noqa: E402
from simulators.train_simulator import train_one, load  # noqa: E402


def smooth_photo(seed: int, size: int = 96) -> np.ndarray:
    """A photo-like image: blurred noise at two scales, a few edges."""
    rng = np.random.default_rng(seed)
    coarse = cv2.resize(rng.random((6, 6, 3)).astype(np.float32), (size, size), interpolation=cv2.INTER_CUBIC)
    fine = cv2.GaussianBlur(rng.random((size, size, 3)).astype(np.float32), (0, 0), 1.5)
    image = 0.6 * coarse + 0.4 * fine
    image[:, size // 2:] += 0.15
    return np.clip(image * 255, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    torch.set_num_threads(2)
    zoo.RECIPES["pixelshuffle-test"] = zoo.Recipe("pixelshuffle-test", "pixelshuffle", 2, 6, 8, 5)
    photos = [smooth_photo(i) for i in range(8)]
    rng = np.random.default_rng(0)
    from simulators.train_simulator import random_patches
    out = tmp_path_factory.mktemp("simulators")
    result = train_one("pixelshuffle-test", random_patches(photos, 2000, 48, rng), random_patches(photos, 16, 48, rng),
                       steps=150, batch=16, device="cpu", out_dir=str(out), log_every=150)
    yield load(str(out), "pixelshuffle-test"), result
    del zoo.RECIPES["pixelshuffle-test"]


def test_a_simulator_trains_in_seconds_to_a_bounded_error(trained):
    simulator, result = trained
    assert result["validation_psnr_db"] >= 32.0
    photo = smooth_photo(100)  # never trained on
    recon = zoo.reconstruct(simulator, photo)
    assert recon.shape == photo.shape
    assert zoo.psnr(recon, photo) >= 30.0


def test_an_aligned_fake_keeps_the_photos_low_frequencies(trained):
    simulator, _ = trained
    photo = smooth_photo(101)
    fake = zoo.aligned_fake(simulator, photo)
    assert fake.dtype == np.uint8 and fake.shape == photo.shape
    difference = fake.astype(np.float32) - photo
    assert np.abs(difference).max() <= 40
    assert np.abs(difference.mean(axis=(0, 1))).max() < 0.5  # no colour shift
    low = cv2.GaussianBlur(difference, (0, 0), 4.0)
    assert np.abs(low).max() < 1.5  # the low band is the photo's
    assert zoo.psnr(fake, photo) > zoo.psnr(zoo.reconstruct(simulator, photo), photo)


@pytest.mark.parametrize("operator", ["transposed", "nearest", "pixelshuffle"])
def test_an_untrained_upsampler_at_zero_strength_is_bilinear(operator):
    x = torch.from_numpy(np.random.default_rng(1).random((1, 3, 12, 16)).astype(np.float32))
    bilinear = torch.nn.functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
    y = zoo._random_x2(x, operator, 0.0, np.random.default_rng(2))
    assert y.shape == bilinear.shape
    assert float((y - bilinear)[..., 2:-2, 2:-2].abs().max()) < 1e-5
    assert float((zoo._random_x2(x, operator, 0.3, np.random.default_rng(2)) - bilinear).abs().max()) > 1e-3


def test_a_random_trace_has_its_drawn_strength_and_no_colour_shift():
    photo = smooth_photo(7, 128)
    trace = zoo.random_upsampler_trace(photo, np.random.default_rng(3))
    rms = float(np.sqrt(np.mean(trace ** 2)))
    assert zoo.RANDOM_TRACE_RMS[0] - 1e-3 <= rms <= zoo.RANDOM_TRACE_RMS[1] + 1e-3
    fake = zoo.keep_high_band(photo, trace)
    assert np.abs(fake.astype(np.float32).mean(axis=(0, 1)) - photo.mean(axis=(0, 1))).max() < 0.5


def write_data_set(root: Path) -> None:
    """Reals whose groups hold several images (AMFD-style person numbers)
    and fakes, written as PNG with a manifest like the development set's."""
    rows = []
    for person in range(12):
        for pose in range(2):
            rows.append((f"faces/real/amfd-{person:03d}{pose}.png", "real", "face", f"AMFD-{person}.jpg"))
    for i in range(10):
        rows.append((f"faces/fake/gphotos-{i:03d}.png", "fake", "face", f"g{i}.jpg"))
        rows.append((f"scenes/real/lab-{i:03d}.png", "real", "scene", f"r{i}.jpg"))
        rows.append((f"scenes/fake/lab-{i:03d}.png", "fake", "scene", f"f{i}.jpg"))
    for index, (file, *_rest) in enumerate(rows):
        (root / os.path.dirname(file)).mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / file), smooth_photo(1000 + index, 64 + 8 * (index % 3)))
    with open(root / "manifest.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "label", "domain", "source_path"])
        writer.writerows(rows)


def test_aligned_fakes_follow_their_reals_split(tmp_path, trained):
    simulator, _ = trained
    write_data_set(tmp_path)
    entries = devset.read_manifest(str(tmp_path))
    splits = train_npr.splits(entries)
    groups_of = [{e.group for e in split} for split in splits]
    for index, split in enumerate(splits):
        for family in ("pixelshuffle", "random"):
            fakes = aligned.aligned_entries(split, family)
            assert len(fakes) == sum(e.label == 0 for e in split)
            for fake in fakes:
                assert fake.label == 1 and fake.source == f"aligned/{family}"
                assert fake.group in groups_of[index]
                assert all(fake.group not in groups_of[other] for other in range(3) if other != index)
    # Each cached fake is made from its own real: closest to it of all crops.
    reals = [e for e in entries if e.label == 0]
    cache = aligned.build_cache(reals, {"pixelshuffle-test": simulator}, str(tmp_path / "cache"),
                                log=lambda _: None, run_control=False)
    assert cache.families() == ["pixelshuffle", "random"]
    crops = list(cache.family("real"))
    for family in cache.families():
        for fake_entry, real in zip(aligned.aligned_entries(reals, family), reals):
            fake = aligned.read_entry(fake_entry, cache)
            distances = [np.abs(fake.astype(np.float32) - c).mean() if c.shape == fake.shape else np.inf
                         for c in crops]
            assert int(np.argmin(distances)) == cache.index[real.file]
    # A family that its control separates (blur, colour) is left out of training.
    (tmp_path / "cache" / "control.json").write_text(
        '{"pixelshuffle": {"control_auc": 0.93}, "random": {"control_auc": 0.55}}')
    assert cache.families() == ["random"] and cache.all_families() == ["pixelshuffle", "random"]


def test_the_control_separates_blur_but_not_traces():
    photos = [smooth_photo(200 + i, 96) for i in range(30)]
    blurred = [cv2.GaussianBlur(p, (0, 0), 1.2) for p in photos]
    traced = [zoo.keep_high_band(p, zoo.random_upsampler_trace(p, np.random.default_rng(i)))
              for i, p in enumerate(photos)]
    assert control.control_auc(photos, blurred) > 0.9
    assert control.control_auc(photos, traced) < 0.75


def test_the_leave_source_out_table_holds_out_each_source(tmp_path, trained):
    import leave_source_out
    simulator, _ = trained
    write_data_set(tmp_path)
    entries = devset.read_manifest(str(tmp_path))
    cache_dir = str(tmp_path / "cache")
    cache = aligned.build_cache([e for e in entries if e.label == 0], {"pixelshuffle-test": simulator}, cache_dir,
                                log=lambda _: None, run_control=False)
    # The held-out source is absent from training, and nothing of the test split is in it.
    _, _, test = train_npr.splits(entries)
    test_files = {e.file for e in test}
    for held_out in ["generated faces", "scene generators", "pixelshuffle"]:
        train, validation = leave_source_out.training_sets(entries, cache, held_out, with_aligned=True)
        assert not any(e.file.startswith(leave_source_out.GENERATED.get(held_out, "-")) for e in train)
        assert not any(e.source == f"aligned/{held_out}" for e in train + validation)
        assert not {e.file for e in train + validation} & test_files
        assert not any(e.file.split("/", 2)[2] in test_files for e in train if e.source.startswith("aligned/"))
    only, _ = leave_source_out.training_sets(entries, cache, "generated faces", True, generated=False)
    assert all(e.label == 0 or e.source.startswith("aligned/") for e in only)
    results = leave_source_out.run(str(tmp_path), cache_dir, steps=2, batch=4, width=4, seed=1, log_path=None,
                                   held_out_sources=["scene generators", "pixelshuffle"])
    for source in ("scene generators", "pixelshuffle"):
        for variant in ("with", "without"):
            row = results[source][variant]
            assert row["n_real"] > 0 and row["n_fake"] > 0
            for condition in leave_source_out.CONDITIONS:
                assert 0.0 <= row[condition]["auc"] <= 1.0
                assert 0.0 <= row[condition]["tpr_at_5pct_fpr"] <= 1.0
    assert "| pixelshuffle | without |" in leave_source_out.table(results)
