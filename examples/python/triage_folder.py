"""Example: triage a folder of images from Python.

    python3 examples/python/triage_folder.py FOLDER [OUTPUT_DIR]

Scans every image in FOLDER, prints one line per image, and saves each ELA
heatmap as a .npy array plus all reports as JSON Lines in OUTPUT_DIR.
"""

import sys
from pathlib import Path

import numpy as np

import libdetect


def main(folder: str, output: str = "triage-output") -> int:
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    outcomes = libdetect.scan(folder, progress=sys.stderr.isatty())
    with open(out / "reports.jsonl", "w") as reports:
        for outcome in outcomes:
            reports.write(outcome.to_json(indent=-1) + "\n")
            if not outcome.ok:
                print(f"{outcome.file}: ERROR {outcome.error_type}: {outcome.error_message}")
                continue
            report = outcome.report
            ela = report["ela"]
            np.save(out / (Path(report.file).stem + ".ela.npy"), ela.heatmap)
            print(f"{report.file}: {report.verdict.label}, {report.width}x{report.height} "
                  f"{report.format}, ELA error {ela.evidence['error_mean']:.2f}, "
                  f"brightest block {ela.heatmap.max():.2f}")
    failed = sum(not o.ok for o in outcomes)
    print(f"{len(outcomes)} images, {failed} failed; reports in {out / 'reports.jsonl'}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:3]))
