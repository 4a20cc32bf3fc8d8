"""A server process starts without the heavy libraries that only some requests need:
charts and maps (matplotlib), reports (WeasyPrint, python-docx), the file readers
(pypdf, Pillow, openpyxl), the audio and embedding code (numpy, ONNX Runtime), pandas.
They are imported by the first request that needs them; a server that only codes
never pays for them, in start-up time or in memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mutualscope.services.project import init_project

HEAVY = (
    "matplotlib", "weasyprint", "docx", "pypdf", "PIL", "openpyxl", "numpy",
    "onnxruntime", "pandas",
)  # fmt: skip
PROBE = """
import sys
from mutualscope.web.app import create_app
app = create_app(sys.argv[1])
app.state.jobs.close()
print(",".join(sorted(m for m in sys.argv[2].split(",") if m in sys.modules)))
"""


def test_server_imports_no_heavy_library_at_start(tmp_path: Path) -> None:
    location = tmp_path / "light.db"
    project, _ = init_project(location)
    project.close()
    probe = [sys.executable, "-c", PROBE, str(location), ",".join(HEAVY)]
    result = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == ""


def test_server_imports_charts_on_the_first_figure(tmp_path: Path) -> None:
    """The figure that needs matplotlib still draws: the import moved, not the work."""
    location = tmp_path / "figures.db"
    project, _ = init_project(location)
    project.close()
    script = PROBE.replace(
        "app.state.jobs.close()",
        "import json\n"
        "from mutualscope.services.landscape import landscape_stats\n"
        "from mutualscope.web.pages.figures import _chart_svg\n"
        "with app.state.project.session() as session:\n"
        "    stats = landscape_stats(session, by='region')\n"
        "svg = _chart_svg(json.dumps(stats, sort_keys=True, default=str))\n"
        "assert b'<svg' in svg, svg[:80]\n"
        "app.state.jobs.close()",
    )
    probe = [sys.executable, "-c", script, str(location), "matplotlib"]
    result = subprocess.run(probe, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "matplotlib"
