"""Leave-source-out probe on frozen nsfwjs-MobileNetV2 features.

    /usr/bin/python3 models/train/pretrained/probe_lso.py   (after extract_features.py, both conditions)

Probe: L2-penalised logistic regression on standardised features (mean/scale
of the training rows), class-balanced sample weights, fitted by L-BFGS in
float64 (torch). The penalty is chosen per outer fold by an inner
leave-source-out over the training fake sources only (inner reals: a second
group split, seed 2, of the training reals), so no held-out image picks it.

Outer folds, one per fake source S: train = every image of the other 5 fake
sources + the reals of the non-test side of devset.split_by_group(entries,
0.4, seed=1); test = all images of S vs the test-side reals, (a) all domains
pooled, (b) domain-matched (face fakes vs faces/real/*, scene fakes vs
scenes/real/*), (c) for the balanced pairs, the matching real half only
(stylegan vs ffhq, webai vs webreal, lab vs lab). Train and test conditions
are the same: reshared/reshared, then as-is/as-is.

Writes out/lso-<condition>.json (table), out/lso-scores-reshared.csv
(file,label,source,score,fold: out-of-fold probe scores; fakes scored by the
fold that held out their source; test-side reals by the mean of the 6 outer
folds; train-side reals by the mean of 6 mirrored folds trained on the
test-side reals instead) and out/probe-all.json (all sources, reshared).
"""
import csv
import datetime
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import devset  # noqa: E402

FAKE_SOURCES = ["faces/fake/gphotos", "faces/fake/stylegan", "faces/fake/webai",
                "scenes/fake/lab", "scenes/fake/gallery", "scenes/fake/cmp"]
PAIRS = {"faces/fake/stylegan": "faces/real/ffhq", "faces/fake/webai": "faces/real/webreal",
         "scenes/fake/lab": "scenes/real/lab"}
LAMBDAS = [1e-4, 1e-3, 1e-2, 1e-1]  # penalty per sample: lam/2 * |w|^2 added to the mean weighted log-loss
FPR = 0.05


def fit(x, y, lam):
    """Returns (mean, scale, w, b)."""
    mean, scale = x.mean(0), x.std(0) + 1e-6
    xs = torch.from_numpy((x - mean) / scale).double()
    yt = torch.from_numpy(y.astype(np.float64))
    n1, n0 = y.sum(), len(y) - y.sum()
    sw = torch.from_numpy(np.where(y == 1, 0.5 / n1, 0.5 / n0))
    w = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=1, max_iter=150, tolerance_grad=1e-7, tolerance_change=1e-10,
                            history_size=20, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        z = xs @ w + b
        loss = (sw * torch.nn.functional.binary_cross_entropy_with_logits(z, yt, reduction="none")).sum() \
            + 0.5 * lam * (w * w).sum()
        loss.backward()
        return loss
    opt.step(closure)
    return mean, scale, w.detach().numpy(), float(b.detach())


def score(model, x):
    mean, scale, w, b = model
    return ((x - mean) / scale) @ w + b


def tpr_at(fake_scores, real_scores, fpr=FPR):
    cut = devset.real_score_cutoff(real_scores, fpr)
    return 1.0 if cut is None else float(np.mean(np.asarray(fake_scores) > cut))


def metrics(s_fake, s_real):
    s = np.concatenate([s_fake, s_real])
    y = np.concatenate([np.ones(len(s_fake)), np.zeros(len(s_real))])
    return {"auc": round(devset.auc(s, y), 4), "tpr5": round(tpr_at(s_fake, s_real), 4),
            "n_fake": int(len(s_fake)), "n_real": int(len(s_real))}


def choose_lambda(x, y, source, train_real_mask, fake_sources, groups_entries):
    """Inner leave-source-out over fake_sources; reals split again (seed 2)."""
    inner = devset.split_by_group([groups_entries[i] for i in np.where(train_real_mask)[0]], 0.4, seed=2)
    real_idx = np.where(train_real_mask)[0]
    inner_test = np.array([inner[groups_entries[i].group] == "test" for i in real_idx])
    best, table = None, {}
    for lam in LAMBDAS:
        aucs = []
        for s in fake_sources:
            tr_fake = np.isin(source, [f for f in fake_sources if f != s])
            tr = tr_fake.copy()
            tr[real_idx[~inner_test]] = True
            m = fit(x[tr], y[tr], lam)
            te_f, te_r = source == s, np.zeros(len(y), bool)
            te_r[real_idx[inner_test]] = True
            aucs.append(metrics(score(m, x[te_f]), score(m, x[te_r]))["auc"])
        table[lam] = (float(np.mean(aucs)), float(np.min(aucs)))
        if best is None or table[lam][0] > table[best][0]:
            best = lam
    return best, table


def run(condition, entries, split, write_scores):
    data = np.load(os.path.join(HERE, "out", f"features-{condition}.npz"))
    assert list(data["files"]) == [e.file for e in entries]
    x = data["features"].astype(np.float64)
    y = np.array([e.label for e in entries])
    source = np.array([e.source for e in entries])
    is_test_real = np.array([e.label == 0 and split[e.group] == "test" for e in entries])
    is_train_real = np.array([e.label == 0 and split[e.group] == "train" for e in entries])
    face_real = np.array([e.label == 0 and e.file.startswith("faces/") for e in entries])
    rows, oof = {}, np.full(len(y), np.nan)
    real_scores = {"test": [], "train": []}
    for s in FAKE_SOURCES:
        others = [f for f in FAKE_SOURCES if f != s]
        lam, inner = choose_lambda(x, y, source, is_train_real, others, entries)
        tr = np.isin(source, others) | is_train_real
        m = fit(x[tr], y[tr], lam)
        sf = score(m, x[source == s])
        oof[source == s] = sf
        real_scores["test"].append(score(m, x))
        domain_real = is_test_real & (face_real if s.startswith("faces/") else ~face_real)
        row = {"lambda": lam, "inner_mean_auc": round(inner[lam][0], 4),
               "pooled": metrics(sf, score(m, x[is_test_real])),
               "domain": metrics(sf, score(m, x[domain_real]))}
        if s in PAIRS:
            row["pair"] = metrics(sf, score(m, x[is_test_real & (source == PAIRS[s])]))
        rows[s] = row
        print(condition, s, json.dumps(row), flush=True)
        if write_scores:  # mirrored fold: train on the test-side reals, score the train-side reals
            m2 = fit(x[np.isin(source, others) | is_test_real], y[np.isin(source, others) | is_test_real], lam)
            real_scores["train"].append(score(m2, x))
    summary = {}
    for k in ["pooled", "domain"]:
        a = [rows[s][k]["auc"] for s in FAKE_SOURCES]
        t = [rows[s][k]["tpr5"] for s in FAKE_SOURCES]
        summary[k] = {"auc_mean": round(float(np.mean(a)), 4), "auc_min": round(float(np.min(a)), 4),
                      "tpr5_mean": round(float(np.mean(t)), 4), "tpr5_min": round(float(np.min(t)), 4)}
    print(condition, "SUMMARY", json.dumps(summary), flush=True)
    with open(os.path.join(HERE, "out", f"lso-{condition}.json"), "w") as h:
        json.dump({"condition": condition, "folds": rows, "summary": summary}, h, indent=1)
    if write_scores:
        mean_test = np.mean(real_scores["test"], 0)
        mean_train = np.mean(real_scores["train"], 0)
        with open(os.path.join(HERE, "out", f"lso-scores-{condition}.csv"), "w", newline="") as h:
            wr = csv.writer(h)
            wr.writerow(["file", "label", "source", "score", "fold"])
            for i, e in enumerate(entries):
                if e.label == 1:
                    sc, fold = oof[i], "held-out source"
                elif is_test_real[i]:
                    sc, fold = mean_test[i], "test-side real (mean of 6 folds)"
                else:
                    sc, fold = mean_train[i], "train-side real (mean of 6 mirrored folds)"
                wr.writerow([e.file, "fake" if e.label else "real", e.source, f"{1 / (1 + np.exp(-sc)):.6f}", fold])
    return x, y, rows


def main():
    torch.set_num_threads(1)
    entries = devset.read_manifest("/work/shared/data")
    split = devset.split_by_group(entries, 0.4, seed=1)
    conditions = sys.argv[1:] or ["reshared", "as-is"]
    for condition in conditions:
        x, y, rows = run(condition, entries, split, write_scores=(condition == "reshared"))
        if condition == "reshared":
            lam = float(np.median([rows[s]["lambda"] for s in FAKE_SOURCES]))
            mean, scale, w, b = fit(x, y, lam)
            model = {
                "name": "nsfw-mobilenetv2-probe", "kind": "logistic_regression",
                "produces": "probability that the image is AI-generated (classes balanced in training)",
                "features": "1280-d pooled features of out/nsfw-mobilenetv2.pt (forward), mean over the "
                            "native-resolution 224 px corner crops of extract_features.py, input RGB/255",
                "training": "all 2412 dev-set images (6 fake sources + all reals), condition reshared "
                            "(longer side <= 1024, JPEG q90)", "lambda": lam,
                "mean": [round(float(v), 7) for v in mean], "scale": [round(float(v), 7) for v in scale],
                "weights": [round(float(v), 9) for v in w], "bias": round(b, 9),
                "trained": datetime.date.today().isoformat(),
                "command": "/usr/bin/python3 models/train/pretrained/probe_lso.py"}
            with open(os.path.join(HERE, "out", "probe-all.json"), "w") as h:
                json.dump(model, h, indent=1)
                h.write("\n")


if __name__ == "__main__":
    main()
