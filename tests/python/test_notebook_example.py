"""examples/notebooks/triage.ipynb runs from top to bottom (nbclient, as
Jupyter would), is committed without outputs, and shows no unblurred image."""

import json
import os
import pathlib

import pytest

SOURCE = pathlib.Path(os.environ.get("LIBDETECT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
NOTEBOOK = SOURCE / "examples" / "notebooks" / "triage.ipynb"


def test_the_committed_notebook_has_no_outputs():
    document = json.loads(NOTEBOOK.read_text())
    for cell in document["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_notebook_runs_without_error_on_the_example_images(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    # The kernel runs in the notebook's folder: relative entries of the
    # module search path would point elsewhere there.
    os.environ["PYTHONPATH"] = os.pathsep.join(str(pathlib.Path(p).resolve())
                                               for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ.setdefault("LIBDETECT_TRIAGE_FOLDER", str(SOURCE / "examples" / "images"))
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError when a cell fails
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "files," in text and "wrote" in text
    # The plots are made with the default (blurred) previews only.
    source = "".join(cell.source for cell in notebook.cells)
    assert "blur=False)" not in source
