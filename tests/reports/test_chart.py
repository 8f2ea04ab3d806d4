"""The progress chart: a PNG about 1080 px wide, in the reader's language, no pyplot state."""

from __future__ import annotations

import io

from matplotlib import _pylab_helpers
from PIL import Image

from bot.core.i18n import Translator
from bot.core.reporting import TargetProgress
from bot.reports.chart import WIDTH_PX, render_progress_chart

PROGRESS = [
    TargetProgress("8.3", "Värvningsaktivitet", 4, None, "ort", 4, 7),
    TargetProgress("8.1", "Träffar", 2, 2),
    TargetProgress("8.2", "Nya medlemmar " + "x" * 200, 230, 80),
    TargetProgress("8.4", "Fler medlemmar", 3, None),
]


def test_the_chart_is_a_phone_sized_png() -> None:
    png = render_progress_chart(Translator("sv"), PROGRESS)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == WIDTH_PX
    assert image.height > 300


def test_the_chart_leaves_no_figure_behind() -> None:
    before = len(_pylab_helpers.Gcf.get_all_fig_managers())
    render_progress_chart(Translator("nb"), PROGRESS)
    assert len(_pylab_helpers.Gcf.get_all_fig_managers()) == before


def test_a_chart_without_numbered_targets_still_renders() -> None:
    png = render_progress_chart(Translator("en"), [PROGRESS[-1]], title="<b>Mål</b>")
    assert Image.open(io.BytesIO(png)).width == WIDTH_PX


def test_the_language_changes_the_picture() -> None:
    swedish = render_progress_chart(Translator("sv"), PROGRESS[:2])
    english = render_progress_chart(Translator("en"), PROGRESS[:2])
    assert swedish != english
