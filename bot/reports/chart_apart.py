"""The progress chart drawn in a short-lived child process, so the service keeps none of it.

matplotlib's import, its fonts and its per-render caches cost a long-running service tens
of megabytes that rendering in the service never gives back (each render raised memory in
steps to a plateau). A child process that draws one chart and exits returns all of it; the
service itself never imports matplotlib. This module imports nothing heavy.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Sequence

from bot.core.i18n import Translator
from bot.core.reporting import TargetProgress

# A chart takes well under a second on an idle machine; a child stuck far longer is stopped.
TIMEOUT_S = 120.0


class ChartError(RuntimeError):
    """The child process drew no chart."""


def chart_request(tr: Translator, progress: Sequence[TargetProgress], title: str | None) -> str:
    """What the child needs, as JSON: the reader's language, the title and the figures."""
    rows = [dataclasses.asdict(p) for p in progress]
    return json.dumps({"locale": tr.locale, "title": title, "progress": rows})


def render_progress_chart_apart(
    tr: Translator, progress: Sequence[TargetProgress], title: str | None = None
) -> bytes:
    """The PNG of bot.reports.chart.render_progress_chart, drawn by `python -m` that module."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.reports.chart"],
            input=chart_request(tr, progress, title).encode(),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChartError(type(exc).__name__) from exc
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise ChartError(f"exit code {done.returncode}")
    return done.stdout
