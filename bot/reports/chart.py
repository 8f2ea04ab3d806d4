"""The target progress chart: horizontal bars of percent reached, readable on a phone.

Uses matplotlib's object API (Figure + the Agg canvas) so nothing touches pyplot's global
state; every call builds and drops its own figure.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.i18n import Translator
from bot.core.reporting import TargetProgress

WIDTH_PX = 1080
DPI = 100
LABEL_CHARS = 32
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
    height = 2.2 + 0.9 * max(len(rows), 1)
    figure = Figure(figsize=(WIDTH_PX / DPI, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title or tr.gettext("Progress towards the targets"), fontsize=26, pad=16)
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
    axes.barh(positions, drawn, color=colours, height=0.6)
    axes.axvline(100, color="#555555", linestyle="--", linewidth=2)
    for position, (_p, pct), length in zip(positions, rows, drawn, strict=True):
        text = tr.gettext("{value} %", value=tr.number(round(pct)))
        axes.text(length + 2, position, text, va="center", fontsize=20)
    axes.set_yticks(positions, [_label(p.label) for p, _pct in rows], fontsize=20)
    axes.invert_yaxis()
    axes.set_xlim(0, CAP_PERCENT + 25)
    axes.set_xlabel(tr.gettext("Percent of the target"), fontsize=18)
    axes.tick_params(axis="x", labelsize=16)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
