"""Notebook helpers: report.show() (HTML, blurred by default), report_rows /
to_dataframe (pandas), plot (matplotlib), report.probabilities."""

import html
import os
import pathlib

import numpy as np
import pytest

import libdetect

EXAMPLES = pathlib.Path(os.environ.get("LIBDETECT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])) / "examples" / "images"
ANALYZERS = ["noise", "jpeg", "frequency", "metadata"]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    for path in EXAMPLES.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    return libdetect.scan(folder, analyzers=ANALYZERS)


def test_show_renders_the_case_report_blurred_in_an_isolated_frame():
    path = EXAMPLES / "spliced.jpg"
    report = libdetect.Detector(analyzers=ANALYZERS).analyze(str(path))
    shown = report.show()
    markup = shown._repr_html_()
    assert markup.startswith("<iframe srcdoc=\"") and 'sandbox=""' in markup
    document = html.unescape(markup[len("<iframe srcdoc=\""):markup.index("\" style=")])
    assert document == shown.document
    assert 'class="blurred"' in document and report.verdict.label.replace("_", " ") in document
    assert 'class="blurred"' not in report.show(blur=False).document


def test_report_rows_and_dataframe_have_one_row_per_input(outcomes):
    rows = libdetect.report_rows(outcomes)
    assert len(rows) == len(outcomes) == 5
    failed = [r for r in rows if "error" in r]
    assert len(failed) == 1 and failed[0]["error_type"] == "decode_error"
    good = next(r for r in rows if r["file"].endswith("spliced.jpg"))
    report = next(o.report for o in outcomes if o.file.endswith("spliced.jpg"))
    assert good["verdict"] == report.verdict.label
    assert good["score.noise"] == report["noise"].score
    assert good["probability.locally_edited"] == report.probabilities["locally_edited"]
    pandas = pytest.importorskip("pandas")
    frame = libdetect.to_dataframe(outcomes)
    assert isinstance(frame, pandas.DataFrame) and len(frame) == 5
    assert frame["score.noise"].dtype == np.float64
    assert set(frame["verdict"].dropna()) <= {"likely_authentic", "inconclusive", "likely_edited",
                                               "likely_ai_generated", "declared_ai_generated"}


def test_plot_shows_a_mosaic_each_heatmap_and_the_frequency_profile(outcomes):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    report = next(o.report for o in outcomes if o.file.endswith("untouched.jpg"))
    figure = libdetect.plot(report)
    maps = [r for r in report.analyzers if r.heatmap is not None]
    titled = [ax for ax in figure.axes if ax.get_title()]
    assert len(titled) == 1 + len(maps) + 1
    shown = titled[0].images[0].get_array()
    original = libdetect.Image.open(report.file).to_numpy()
    assert shown.shape == original.shape
    # Blurred: large flat blocks, nothing like the original's detail.
    assert len(np.unique(shown.reshape(-1, 3), axis=0)) < 1000 < len(np.unique(original.reshape(-1, 3), axis=0))
    assert "radial profile" in titled[-1].get_title()
    unblurred = libdetect.plot(report, blur=False)
    assert np.array_equal([ax for ax in unblurred.axes if ax.get_title()][0].images[0].get_array(), original)


@pytest.mark.parametrize("kind", ["path", "bytes", "array", "image"])
def test_every_kind_of_report_plots_shows_and_renders(kind):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    path = EXAMPLES / "spliced.jpg"
    source = {"path": str(path), "bytes": path.read_bytes(),
              "array": libdetect.Image.open(str(path)).to_numpy(),
              "image": libdetect.Image.open(str(path))}[kind]
    report = libdetect.Detector(analyzers=["ela", "noise"]).analyze(source)
    figure = libdetect.plot(report, blur=False)
    shown = [ax for ax in figure.axes if ax.get_title()][0].images[0].get_array()
    assert np.array_equal(shown, libdetect.Image.open(str(path)).to_numpy())
    assert 'class="blurred"' in report.show().document
    assert "<html" in libdetect.to_html(report, getattr(report, "_image", None) or libdetect.Image.open(str(path)))


def test_a_cli_scan_read_back_gives_the_same_table_as_a_python_scan(tmp_path):
    pandas = pytest.importorskip("pandas")
    import subprocess
    cli = os.environ.get("LIBDETECT_CLI")
    if not cli:
        pytest.skip("LIBDETECT_CLI is not set")
    folder = tmp_path / "images"
    folder.mkdir()
    for path in EXAMPLES.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    out = tmp_path / "scan.jsonl"
    subprocess.run([cli, "scan", str(folder), "--format", "jsonl", "--out", str(out), "--analyzers",
                    ",".join(ANALYZERS), "--threads", "1"], check=False, capture_output=True)
    from_cli = libdetect.to_dataframe(libdetect.read_jsonl(out)).sort_values("file").reset_index(drop=True)
    from_python = libdetect.to_dataframe(libdetect.scan(folder, analyzers=ANALYZERS)).sort_values("file").reset_index(drop=True)
    assert len(from_cli) == 5
    pandas.testing.assert_frame_equal(from_cli[sorted(from_cli.columns)], from_python[sorted(from_python.columns)],
                                      check_categorical=False)
    assert from_cli["verdict"].dtype == "category" and from_cli["width"].dtype == "Int64"
    assert from_cli.loc[from_cli["file"].str.endswith("broken.jpg"), "score.noise"].isna().all()


def test_read_jsonl_names_the_bad_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"file": "a.jpg", "error": {"type": "io_error", "message": "x"}}\nnot json\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        libdetect.read_jsonl(bad)


def test_progress_true_draws_one_updating_bar_with_rate_and_time_left(capsys):
    pytest.importorskip("tqdm")
    libdetect.scan([EXAMPLES / "untouched.jpg", EXAMPLES / "spliced.jpg"], analyzers=["noise"], progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and ("image/s" in err or "s/image" in err)
    assert err.count("\n") <= 1  # carriage returns update one line
    libdetect.scan([EXAMPLES / "untouched.jpg"], analyzers=["noise"], progress=False)
    assert capsys.readouterr().err == ""


def test_star_import_exports_every_public_name():
    namespace = {}
    exec("from libdetect import *", namespace)
    public = {name for name in dir(libdetect) if not name.startswith("_") and name not in
              {"annotations", "os", "sys", "time", "notebook", "Callable", "Iterable", "List", "Optional",
               "Union", "PathLike", "Progress"}}
    assert public <= set(namespace), public - set(namespace)
