#!/usr/bin/python3
"""Writes the committed split lists (splits.py) from the development set:

    /usr/bin/python3 models/train/make_splits.py ../shared/data

Run once per version of the data set; the lists are committed and every
training and evaluation script reads them.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devset  # noqa: E402
import splits  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    args = parser.parse_args()
    entries = devset.read_manifest(args.data_dir)
    for family in splits.FAMILIES:
        path = splits.write(entries, family)
        counts = {}
        for split in splits.load(entries, family).values():
            counts[split] = counts.get(split, 0) + 1
        print(f"{path}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
