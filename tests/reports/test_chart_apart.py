"""The chart drawn in a child process: the same picture, and the service never loads matplotlib."""

from __future__ import annotations

import io
import subprocess
import sys

from PIL import Image

from bot.core.i18n import Translator
from bot.core.reporting import TargetProgress
from bot.reports.chart_apart import render_progress_chart_apart

PROGRESS = [
    TargetProgress("8.3", "Värvningsaktivitet", 4, None, "ort", 4, 7),
    TargetProgress("8.1", "Träffar", 2, 2),
    TargetProgress("8.4", "Fler medlemmar", 3, None),
]


def test_the_child_draws_a_phone_sized_png_in_the_readers_language() -> None:
    swedish = render_progress_chart_apart(Translator("sv"), PROGRESS, title="Mål 2025")
    english = render_progress_chart_apart(Translator("en"), PROGRESS, title="Mål 2025")
    image = Image.open(io.BytesIO(swedish))
    assert (image.format, image.width) == ("PNG", 1080)
    assert swedish != english


def test_drawing_apart_does_not_load_matplotlib_here() -> None:
    code = (
        "import sys\n"
        "from bot.core.i18n import Translator\n"
        "from bot.core.reporting import TargetProgress\n"
        "from bot.reports.chart_apart import render_progress_chart_apart\n"
        "png = render_progress_chart_apart(Translator('nb'), [TargetProgress('k', 'Mål', 1, 2)])\n"
        "assert png.startswith(b'\\x89PNG')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == "[]"
