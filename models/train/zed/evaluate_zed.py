"""Evaluates the ZED-style coder's zero-shot scores per fake source of the
development set, against the held-out TEST reals, as-is and "reshared" (longer
side <= 1024 by INTER_AREA, then JPEG q90), and a training-free baseline
(WebP-lossless bits/px of the grey image at full scale minus at half scale).

Score directions (which sign means fake) and the logistic regression (e) are
fixed leave-source-out: for a held-out fake source, only the OTHER fake sources
and the calibration reals (training-split reals never used to train the
network) are looked at. The held-out source and the test reals are not.

  /usr/bin/python3 models/train/zed/evaluate_zed.py --model models/train/zed/out/zed-coder.pt
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import cv2
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import devset  # noqa: E402
from image_ops import read_rgb, reshare  # noqa: E402
from logistic import fit_logistic, predict  # noqa: E402
from npr_net import tiles_of  # noqa: E402
from train_zed import DATA, real_splits  # noqa: E402

FAKES = ["faces/fake/gphotos", "faces/fake/stylegan", "faces/fake/webai",
         "scenes/fake/lab", "scenes/fake/gallery", "scenes/fake/cmp"]
SHORT = {s: s.split("/")[-1] if s.startswith("faces") else "scene-" + s.split("/")[-1] for s in FAKES}
PAIRS = {"faces/fake/stylegan": "faces/real/ffhq", "faces/fake/webai": "faces/real/webreal",
         "scenes/fake/lab": "scenes/real/lab"}
CONDITIONS = ["as-is", "reshared"]
FEATURES = ["nll0", "ent0", "nll1", "ent1", "nll2", "ent2"]


def webp_bpp(grey: np.ndarray) -> float:
    ok, data = cv2.imencode(".webp", grey, [cv2.IMWRITE_WEBP_QUALITY, 101])  # 101: lossless
    assert ok
    return 8.0 * len(data) / grey.size


def webp_score(rgb: np.ndarray) -> float:
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    half = cv2.resize(grey, (max(1, grey.shape[1] // 2), max(1, grey.shape[0] // 2)), interpolation=cv2.INTER_AREA)
    return webp_bpp(grey) - webp_bpp(half)


def extract(entries, model, condition: str, cache: str):
    """file -> the 6 model features (mean over tiles), or, with model None, the
    webp score; cached in `cache`."""
    if os.path.exists(cache):
        data = np.load(cache, allow_pickle=False)
        return dict(zip(data["files"].tolist(), data["values"]))
    out = {}
    start = time.time()
    for i, e in enumerate(entries):
        rgb = read_rgb(e.path)
        if condition == "reshared":
            rgb = reshare(rgb)
        if model is None:
            out[e.file] = np.array([webp_score(rgb)])
        else:
            tiles, _, _ = tiles_of(rgb)
            with torch.no_grad():
                out[e.file] = model(tiles).mean(0).numpy()
        if (i + 1) % 200 == 0:
            print(f"  {condition}: {i + 1}/{len(entries)} images, {time.time() - start:.0f}s", flush=True)
    np.savez(cache, files=np.array(list(out)), values=np.stack(list(out.values())))
    return out


def scores_of(v: np.ndarray) -> dict:
    """Candidate scores from the per-image vector (6 features + webp)."""
    d = [v[:, 0] - v[:, 1], v[:, 2] - v[:, 3], v[:, 4] - v[:, 5]]
    return {
        "(a) gap D0": d[0],
        "(b) sum of gaps": d[0] + d[1] + d[2],
        "(c) gap slope D0-D2": d[0] - d[2],
        "(d) NLL0-NLL1": v[:, 0] - v[:, 2],
        "nll0 (raw cost)": v[:, 0],
        "webp full-half": v[:, 6],
    }


def tpr_at(fake, real, fpr=0.05) -> float:
    cut = devset.real_score_cutoff(real, fpr)
    return float(np.mean(np.asarray(fake) > cut)) if cut is not None else 1.0


def evaluate(values: dict, groups: dict, say) -> None:
    """groups: name -> list of files (fake sources, 'calib', real pools)."""
    arr = {k: np.stack([values[f] for f in files]) for k, files in groups.items()}
    sc = {k: scores_of(a) for k, a in arr.items()}
    names = list(sc["calib"].keys()) + ["(e) logistic regression"]
    pools = [("all test reals", lambda s: "test"),
             ("domain-matched test reals", lambda s: "test-faces" if s.startswith("faces") else "test-scenes"),
             ("paired test reals (balanced pairs only)", lambda s: PAIRS.get(s))]
    # Directions and regressions: per held-out source, from the others + calib.
    result = {}  # (name, source) -> test scores of fakes, and of each real pool
    signs = {}
    for held in FAKES:
        others = [s for s in FAKES if s != held]
        for name in names[:-1]:
            fake_o = np.concatenate([sc[s][name] for s in others])
            sign = 1.0 if devset.auc(np.concatenate([fake_o, sc["calib"][name]]),
                                     np.r_[np.ones(len(fake_o)), np.zeros(len(sc["calib"][name]))]) >= 0.5 else -1.0
            signs[(name, held)] = sign
            result[(name, held)] = lambda key, name=name, sign=sign: sign * sc[key][name]
        xo = np.concatenate([arr[s][:, :6] for s in others] + [arr["calib"][:, :6]])
        yo = np.r_[np.ones(sum(len(arr[s]) for s in others)), np.zeros(len(arr["calib"]))]
        mean, scale = xo.mean(0), xo.std(0) + 1e-9
        weight = np.where(yo == 1, 0.5 / yo.sum(), 0.5 / (1 - yo).sum()) * len(yo)
        beta = fit_logistic((xo - mean) / scale, yo, 1.0, weight)
        result[("(e) logistic regression", held)] = (
            lambda key, beta=beta, mean=mean, scale=scale: predict(beta, (arr[key][:, :6] - mean) / scale))
        signs[("(e) logistic regression", held)] = 1.0
    say("directions fixed leave-source-out (+1: higher = fake), per held-out source "
        + ", ".join(SHORT[s] for s in FAKES) + ":")
    for name in names:
        say(f"  {name:28s} " + " ".join(f"{int(signs[(name, s)]):+d}" for s in FAKES))
    for pool_name, pool_of in pools:
        say(f"\n  -- vs {pool_name}: AUC / TPR@5%FPR --")
        say("  " + f"{'score':28s}" + "".join(f"{SHORT[s]:>15s}" for s in FAKES) + f"{'mean AUC':>10s}{'min AUC':>9s}{'mean TPR':>10s}")
        for name in names:
            cells, aucs, tprs = [], [], []
            for s in FAKES:
                pool = pool_of(s)
                if pool is None:
                    cells.append(f"{'-':>15s}")
                    continue
                fn = result[(name, s)]
                fake, real = fn(s), fn(pool)
                a = devset.auc(np.r_[fake, real], np.r_[np.ones(len(fake)), np.zeros(len(real))])
                t = tpr_at(fake, real)
                aucs.append(a)
                tprs.append(t)
                cells.append(f"{a:8.3f}/{t:5.2f}")
            say("  " + f"{name:28s}" + "".join(f"{c:>15s}" for c in cells)
                + f"{np.mean(aucs):10.3f}{np.min(aucs):9.3f}{np.mean(tprs):10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--model", default=os.path.join(HERE, "out", "zed-coder.pt"))
    parser.add_argument("--cache", default=None, help="feature cache folder (default: next to the model)")
    parser.add_argument("--log", default=os.path.join(HERE, "evaluate_zed.log"))
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--features-only", action="store_true", help="fill the caches, no table")
    parser.add_argument("--model-only", action="store_true", help="fill the model caches only")
    parser.add_argument("--webp-only", action="store_true", help="fill the webp caches only")
    parser.add_argument("--limit", type=int, default=0, help="smoke test: at most this many images per source")
    args = parser.parse_args()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    log = open(os.devnull if args.features_only or args.webp_only or args.model_only else args.log, "a")

    def say(msg: str) -> None:
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()

    train, calib, test = real_splits(args.data, 1)
    entries = devset.read_manifest(args.data)
    fakes = [e for e in entries if e.label == 1]
    if args.limit:
        def limited(items):
            count, keep = {}, []
            for e in items:
                count[e.source] = count.get(e.source, 0) + 1
                if count[e.source] <= args.limit:
                    keep.append(e)
            return keep
        calib, test, fakes = limited(calib), limited(test), limited(fakes)
    model = None if args.webp_only else torch.jit.load(args.model).eval()
    cache_dir = args.cache or os.path.dirname(os.path.abspath(args.model))
    stem = os.path.splitext(os.path.basename(args.model))[0]
    groups = {"calib": [e.file for e in calib], "test": [e.file for e in test],
              "test-faces": [e.file for e in test if e.source.startswith("faces")],
              "test-scenes": [e.file for e in test if e.source.startswith("scenes")]}
    for s in FAKES:
        groups[s] = [e.file for e in fakes if e.source == s]
    for s in PAIRS.values():
        groups[s] = [e.file for e in test if e.source == s]
    say(f"=== {time.strftime('%Y-%m-%d %H:%M')} model {args.model}")
    say(f"test reals {len(test)} (faces {len(groups['test-faces'])}, scenes {len(groups['test-scenes'])}), "
        f"calib reals {len(calib)}, fakes " + ", ".join(f"{SHORT[s]} {len(groups[s])}" for s in FAKES))
    todo = calib + test + [e for e in fakes if e.source in FAKES]
    for condition in args.conditions.split(","):
        if args.model_only:
            extract(todo, model, condition, os.path.join(cache_dir, f"features-{stem}-{condition}.npz"))
            continue
        webp = extract(todo, None, condition, os.path.join(cache_dir, f"features-webp-{condition}.npz"))
        if args.webp_only:
            continue
        feats = extract(todo, model, condition, os.path.join(cache_dir, f"features-{stem}-{condition}.npz"))
        if args.features_only:
            continue
        values = {f: np.concatenate([feats[f], webp[f]]) for f in feats}
        arr_test = np.stack([values[f] for f in groups["test"]])
        arr_cal = np.stack([values[f] for f in groups["calib"]])
        say(f"\n##### condition: {condition}")
        say("mean features (" + ", ".join(FEATURES) + ", webp) test reals: "
            + " ".join(f"{x:.3f}" for x in arr_test.mean(0)) + " | calib reals: "
            + " ".join(f"{x:.3f}" for x in arr_cal.mean(0)))
        for s in FAKES:
            a = np.stack([values[f] for f in groups[s]]).mean(0)
            say(f"  {SHORT[s]:14s} " + " ".join(f"{x:.3f}" for x in a))
        evaluate(values, groups, say)


if __name__ == "__main__":
    main()
