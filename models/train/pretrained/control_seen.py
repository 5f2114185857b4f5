"""Control: can the frozen features separate real from fake when the generator
IS seen in training? Group split (devset.split_by_group 0.4, seed 1) applied to
fakes and reals alike; train on the train side, test on the test side.
Rows: each balanced pair alone (stylegan/ffhq, webai/webreal, lab), and all
sources pooled. Same probe as probe_lso.py (lambda 1e-2).

    /usr/bin/python3 models/train/pretrained/control_seen.py [reshared|as-is]
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
import devset  # noqa: E402
from probe_lso import fit, metrics, score  # noqa: E402


def main():
    torch.set_num_threads(1)
    entries = devset.read_manifest("/work/shared/data")
    split = devset.split_by_group(entries, 0.4, seed=1)
    test = np.array([split[e.group] == "test" for e in entries])
    source = np.array([e.source for e in entries])
    y = np.array([e.label for e in entries])
    for condition in sys.argv[1:] or ["reshared", "as-is"]:
        x = np.load(os.path.join(HERE, "out", f"features-{condition}.npz"))["features"].astype(np.float64)
        sets = dict(devset.BALANCED_PAIRS)
        sets["all sources"] = None
        for name, pair in sets.items():
            keep = np.ones(len(y), bool) if pair is None else np.isin(source, pair)
            m = fit(x[keep & ~test], y[keep & ~test], 1e-2)
            s = score(m, x[keep & test])
            yt = y[keep & test]
            print(condition, name, json.dumps(metrics(s[yt == 1], s[yt == 0])), flush=True)


if __name__ == "__main__":
    main()
