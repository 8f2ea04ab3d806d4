"""The target progress chart: horizontal bars of percent reached, readable on a phone.

Uses matplotlib's object API (Figure + the Agg canvas) so nothing touches pyplot's global
state; every call builds and drops its own figure.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.i18n import Translator, translator
from bot.core.reporting import TargetProgress

WIDTH_PX = 1080
DPI = 100
LABEL_CHARS = 60  # labels stand above their bars, so they may use the full width
TITLE_CHARS = 40
REACHED_COLOUR = "#2e7d32"
OPEN_COLOUR = "#1565c0"
CAP_PERCENT = 150.0  # longer bars are drawn to here; the label still says the real figure


def _label(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1] + "…"


def _percent(progress: TargetProgress) -> float | None:
    fraction = progress.fraction
    return None if fraction is None else fraction * 100


def render_progress_chart(
    tr: Translator, progress: Sequence[TargetProgress], title: str | None = None
) -> bytes:
    """A PNG, 1080 px wide; targets without a number to compare with are left out."""
    rows = [(p, pct) for p in progress if (pct := _percent(p)) is not None]
    heading = textwrap.fill(title or tr.gettext("Progress towards the targets"), TITLE_CHARS)
    height = 1.6 + 0.5 * heading.count("\n") + 1.3 * max(len(rows), 1)
    figure = Figure(figsize=(WIDTH_PX / DPI, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # A left-aligned, wrapped title stays whole on a narrow phone screen.
    figure.suptitle(heading, fontsize=26, x=0.03, ha="left")
    if not rows:
        axes.text(0.5, 0.5, tr.gettext("No targets with a number yet."), ha="center", fontsize=20)
        axes.set_axis_off()
    else:
        _draw_bars(tr, axes, rows)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _draw_bars(tr: Translator, axes: Axes, rows: list[tuple[TargetProgress, float]]) -> None:
    positions = list(range(len(rows)))
    drawn = [min(pct, CAP_PERCENT) for _p, pct in rows]
    colours = [REACHED_COLOUR if p.reached else OPEN_COLOUR for p, _pct in rows]
    axes.barh(positions, drawn, color=colours, height=0.4)
    axes.axvline(100, color="#555555", linestyle="--", linewidth=2)
    right = max(100.0, *drawn) * 1.2
    for position, (progress, pct), length in zip(positions, rows, drawn, strict=True):
        # The label stands above its bar, so the bars get the whole width of the picture.
        axes.text(0, position - 0.28, _label(progress.label), va="bottom", fontsize=19)
        text = tr.percent_of(round(pct))
        axes.text(length + right * 0.01, position, text, va="center", fontsize=19)
    axes.set_yticks([])
    axes.set_ylim(len(rows) - 0.5, -0.9)
    axes.set_xlim(0, right)
    axes.set_xlabel(tr.gettext("Percent of the target"), fontsize=18)
    axes.tick_params(axis="x", labelsize=16)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def main() -> None:
    """Draw one chart from a JSON request on stdin (bot.reports.chart_apart), PNG to stdout."""
    request = json.loads(sys.stdin.buffer.read())
    progress = [TargetProgress(**row) for row in request["progress"]]
    png = render_progress_chart(translator(request["locale"]), progress, request["title"])
    sys.stdout.buffer.write(png)


if __name__ == "__main__":
    main()
