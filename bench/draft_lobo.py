"""Does a learned "is this unit a plan item?" decision carry over to unseen pages better than the
rules? Leave-one-batch-out (LOBO) cross-validation over every annotated document.

    .venv/bin/python bench/draft_lobo.py --corpus DIR [--l2 X] [--steps N]

Units are what the drafter weighs as candidates: every non-blank line after `classify_lines`, a
paragraph's or a list line's sentences one by one (split as `prose` splits them), and any item a
drafter builds from several lines or part of one ("Heading: 24 januari, 6 april"), added as a
unit of its own. A unit is labelled an item when it carries the keywords (and the code, if any)
of an expected item, as bot/drafting/quality.py matches them. Predicted items are scored with
the bench's own pairing (`pair_items`: each expected item takes the first unclaimed predicted
item with its keywords), so the rules' row reproduces bench/draft_quality.py's item counts; the
script checks this document by document and says so.

Folds: the in-sample documents are one fold and each out-of-sample batch (1-16) is one. For each
fold a logistic regression (numpy, L2, Adam on the full batch; hashed features: word uni- and
bigrams, four-letter pieces of longer words, the unit's line kind and marker, length, position,
neighbours, heading words, language, a date or deadline, a count, each mark crossed with the line
kind) is trained on every other fold and predicts the held-out one. Rows, each with
tp fp fn per fold and pooled:

  (a) rules as they are          the drafter now, tuned on batches 1-12: no generalisation figure
  (a) rules at first contact     each batch drafted by the drafter it first met (FIRST_CONTACT:
                                 its recorded first run, or its annotation commit for 1-3), run
                                 from that commit's tree; the honest baseline
  (b) classifier, text only      no rule decision and none of the lexicon's judgements
  (b) classifier + signals       with the lexicon's judgements (is_commitment, is_past, ...),
                                 which were tuned on batches 1-12 with the rules
  (c) + first-contact rules      with each batch's first-contact rule decision as a feature, and
                                 two combinations of that decision with the classifier
  (d) + current rules (leaks)    with today's rule decision, tuned on the held-out batches:
                                 printed to show how much that feature leaks, not as a result
  (o) every labelled unit        the ceiling of the candidates themselves

Then a bootstrap over the scored documents of the batches (2000 seeded draws) gives a 95%
interval of the pooled precision and recall of (b) and (c) minus those of the rules at first
contact, and a threshold sweep of the (b) and (c) models follows. The in-sample fold has no
drafter before its rules, so its "first contact" is the drafter as it is.

What this is, plainly: the features, the regularisation and the thresholds were chosen while
looking at these LOBO totals, so a little of the held-out folds leaks into those choices; and
the lexicon's judgements were tuned on batches 1-12. The LOBO figure is a cross-validated
estimate, not a held-out first contact: only a batch annotated and committed before anything
ran on it gives one. Texts missing from the corpus folder, or whose sha256 differs from the
manifest, are counted, listed and left out of every figure.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.draft_quality import (  # noqa: E402
    CORPUS_VARIABLE,
    Case,
    _draft,
    corpus_cases,
    own_cases,
    shared_cases,
)
from bot.core.errors import InputFileError  # noqa: E402
from bot.drafting.amounts import read_amounts  # noqa: E402
from bot.drafting.dates import Period, read_when  # noqa: E402
from bot.drafting.drafter import _without_page_numbers, given_period  # noqa: E402
from bot.drafting.language import detect_language  # noqa: E402
from bot.drafting.lexicon import PLAN_WORDS  # noqa: E402
from bot.drafting.lines import Kind, Line, classify_lines  # noqa: E402
from bot.drafting.model import DraftArea, DraftItem, DraftPlan  # noqa: E402
from bot.drafting.outline import _joined_commitments, build_outline  # noqa: E402
from bot.drafting.quality import Score, pair_items  # noqa: E402
from bot.drafting.readers import read_document  # noqa: E402
from bot.drafting.sentences import (  # noqa: E402
    announces_commitments,
    has_expired,
    is_calendar_entry,
    is_commitment,
    is_contact,
    is_meeting_business,
    is_notice_or_rule,
    is_opinion,
    is_page_stamp,
    is_past,
    is_permission_or_advice,
    is_programme_line,
    is_standing_duty,
    is_table_row,
    split_sentences,
    states_identity,
)

IN_SAMPLE = 0  # the fold of our own documents and ../shared/plans
BUCKETS = 1 << 14
THRESHOLD = 0.5
CONFIDENT = 0.8  # (c) rules or a classifier this sure
DOUBTFUL = 0.2  # (c) rules unless the classifier is this unsure

# The drafter each batch first met: the commit of its recorded first run
# (docs/plan-draft-quality.md) or, for batches 1-3, the commit that added its annotations before
# the drafter ran on it. Its decisions are rule decisions that were not tuned on that batch.
FIRST_CONTACT = {
    1: "161be28",
    2: "42eb4be",
    3: "2fe03ee",
    4: "38329dc",
    5: "87f5daa",
    6: "ddf3f58",
    7: "3301c84",
    8: "96610f0",
    9: "0ed401d",
    10: "28cea84",
    11: "0279b16",
    12: "e0da6cd",
    13: "f89f829",
    # Batch 14 was first run on f5bfd04, whose drafter is f89f829's unchanged.
    14: "f89f829",
    15: "9d26db5",
    16: "5c87269",
}

_MODAL = re.compile(r"\b(?:ska|skal|skall|må|måste|bør|bör|kommer\s+att|vil|vill)\b")
_DEADLINE = re.compile(r"\b(?:senast|senest|seinast|frist|fristen|innan|innen|inom|før|före)\b")
_TOKEN = re.compile(r"[a-zåäöæøéü]+|\d+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Features:
    """What a classifier may see: the lexicon's signals, and which rule decision if any."""

    signals: bool
    rule: str | None  # None, "now" (the drafter as it is) or "then" (the first-contact drafter)


@dataclass
class Unit:
    text: str
    key: str
    kind: str
    line: Line
    sentence: int  # its place among its paragraph's sentences (0 for a whole line)
    sentences: int  # how many sentences its line holds
    heading: str
    synthetic: bool = False  # an item the drafter built from more than one line
    rule: bool = False
    label: bool = False
    features: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.text.rstrip(",;. ") or self.text


@dataclass
class Drafted:
    """A drafter's items for one document (`None` when it refused the document)."""

    items: list[dict[str, Any]] | None


@dataclass
class Document:
    name: str
    path: Path
    fold: int
    expectation: dict[str, Any]
    lines: list[Line]
    period: Period
    language: str
    plan_word: bool
    now: Drafted
    then: Drafted | None = None

    @property
    def not_a_plan(self) -> bool:
        return bool(self.expectation.get("not_a_plan"))


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" ,;.!:").lower()


def _wanted_matches(title: str, key: str, wanted: dict[str, Any]) -> bool:
    lowered = title.lower()
    if wanted.get("code") and wanted["code"] != key:
        return False
    return all(keyword.lower() in lowered for keyword in wanted["keywords"])


def _segments(lines: list[Line]) -> Iterable[tuple[Line, str, int, int, str]]:
    """Each candidate: its line, its text, its sentence's place, the line's sentences, heading."""
    heading = ""
    for line in lines:
        if line.kind == Kind.BLANK or not line.text.strip():
            continue
        if line.kind == Kind.HEADING:
            heading = line.text
        parts = [line.text]
        if line.kind in (Kind.TEXT, Kind.ITEM):
            parts = [
                clause
                for sentence in split_sentences(line.text)
                for clause in _joined_commitments(sentence)
            ] or [line.text]
        for place, part in enumerate(parts):
            yield line, part, place if len(parts) > 1 else 0, len(parts), heading


def _as_dicts(items: Iterable[DraftItem]) -> list[dict[str, Any]]:
    return [{"key": item.key, "source": item.source, "line": item.line} for item in items]


def read_case(fold: int, path: Path, expectation: dict[str, Any]) -> Document:
    options = dict(expectation.get("options") or {})
    given = given_period(path.name, options.get("year"), options.get("period"))
    lines = classify_lines(_without_page_numbers(read_document(path)))
    outline = build_outline(lines, given, None)
    assert outline.period is not None
    try:
        now = Drafted(_as_dicts(_draft(path, expectation).items))
    except InputFileError:
        now = Drafted(None)
    language = detect_language([line.text for line in lines])
    return Document(
        path.name, path, fold, expectation, lines, outline.period, language, outline.plan_word, now
    )


def units_of(document: Document, drafted: Drafted | None) -> list[Unit]:
    """The candidates, each with the given drafter's decision and its label."""
    units = [
        Unit(text, line.code or "", line.kind.value, line, place, count, heading)
        for line, text, place, count, heading in _segments(document.lines)
    ]
    by_text: dict[str, list[Unit]] = {}
    for unit in units:
        by_text.setdefault(_normal(unit.text), []).append(unit)
    for item in (drafted.items or []) if drafted else []:
        free = [unit for unit in by_text.get(_normal(item["source"]), []) if not unit.rule]
        if free:
            free[0].rule, free[0].key, free[0].text = True, item["key"], item["source"]
            continue
        # an item built from more than one line, or from part of a sentence: a unit of its own
        at = next((unit for unit in units if unit.line.number >= item["line"]), None)
        line = at.line if at is not None else Line(item["line"], item["source"], Kind.TEXT)
        extra = Unit(item["source"], item["key"], "synthetic", line, 0, 1, at.heading if at else "")
        extra.synthetic = extra.rule = True
        units.insert(units.index(at) if at is not None else len(units), extra)
    for unit in units:
        unit.label = any(
            _wanted_matches(unit.title, unit.key, wanted)
            for wanted in document.expectation["items"]
        )
    return units


def _hash(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % BUCKETS


def _length(words: int) -> str:
    for bound in (3, 8, 15, 30):
        if words <= bound:
            return str(bound)
    return "long"


def _signals(
    unit: Unit, period: Period, plan_word: bool, when: dict[str, Any] | None
) -> dict[str, bool]:
    """The lexicon's judgements of the unit (each tuned on batches 1-12 as the rules were)."""
    text = unit.text
    return {
        "commitment": is_commitment(text, when, period.years, plan=plan_word),
        "past": is_past(text),
        "rule-or-notice": is_notice_or_rule(text),
        "contact": is_contact(text),
        "calendar": is_calendar_entry(text),
        "programme": is_programme_line(text),
        "opinion": is_opinion(text),
        "table-row": is_table_row(text),
        "identity": states_identity(text),
        "business": is_meeting_business(text, plan=plan_word),
        "duty": is_standing_duty(text),
        "advice": is_permission_or_advice(text),
        "announces": announces_commitments(text),
        "expired": has_expired(text),
        "stamp": is_page_stamp(text),
    }


def _unit_names(unit: Unit, document: Document, chosen: Features) -> list[str]:
    text = unit.text
    lowered = text.lower()
    period = document.period
    when = read_when(lowered, period).when
    forms = sorted(when) if when else ["none"]
    words = lowered.split()
    tokens = ["0" if token.isdigit() else token for token in _TOKEN.findall(lowered)]
    amounts = read_amounts(lowered, document.language)
    years = [int(found) for found in _YEAR.findall(text)]
    flags = {
        "modal": _MODAL.search(lowered) is not None,
        "deadline": _DEADLINE.search(lowered) is not None,
        "target": amounts.target is not None,
        "scope": amounts.scope is not None,
        "year-in-period": any(year in period.years for year in years),
        "year-outside": any(year not in period.years for year in years),
        "digit": any(ch.isdigit() for ch in text),
        "lower-start": text[:1].islower(),
        "enumerated": unit.line.enumerated,
        "coded": unit.line.code is not None and not unit.line.enumerated,
        "dashed": unit.line.dashed,
        "quote": unit.line.quote,
        "detail": unit.line.detail,
        "day-entry": unit.line.day_entry,
        "synthetic": unit.synthetic,
        "in-paragraph": unit.sentences > 1,
        "first-sentence": unit.sentences > 1 and unit.sentence == 0,
        "heading-plan-word": any(word in unit.heading.lower() for word in PLAN_WORDS),
    }
    if chosen.signals:
        flags |= _signals(unit, period, document.plan_word, when)
    names = [f"s:{name}" for name, on in flags.items() if on]
    names += [f"when:{form}" for form in forms]
    ending = text.rstrip()[-1:]
    names += [
        f"kind:{unit.kind}",
        f"len:{_length(len(words))}",
        f"end:{ending if ending in ':?!.;,' else 'word'}",
        f"first:{tokens[0] if tokens else ''}",
        f"first2:{' '.join(tokens[:2])}",
    ]
    names += [f"w:{token}" for token in tokens]
    names += [f"b:{a} {b}" for a, b in pairwise(tokens)]
    names += [f"h:{token}" for token in _TOKEN.findall(unit.heading.lower())]
    # each mark crossed with the line's kind: a date on a bullet is not a date in a paragraph
    marks = [name for name in names if name.startswith(("s:", "when:"))]
    names += [f"{unit.kind}&{name}" for name in marks]
    # four-letter pieces of longer words, which Swedish, Bokmål and Nynorsk forms share
    names += [
        f"c:{padded[i : i + 4]}"
        for token in tokens
        if len(token) > 4
        for padded in [f"<{token}>"]
        for i in range(len(padded) - 3)
    ]
    return names


def featurise(document: Document, units: list[Unit], chosen: Features) -> None:
    drafted = {"now": document.now, "then": document.then}.get(chosen.rule or "")
    refused = drafted is not None and drafted.items is None
    share = sum(unit.rule for unit in units) / max(1, len(units))
    seen: set[str] = set()
    own: list[list[str]] = []
    for unit in units:
        names = _unit_names(unit, document, chosen)
        normal = _normal(unit.text)
        if normal in seen:
            names.append("s:repeated")
        seen.add(normal)
        own.append(names)
    for index, (unit, names) in enumerate(zip(units, own, strict=True)):
        before = units[index - 1] if index else None
        after = units[index + 1] if index + 1 < len(units) else None
        position = index / max(1, len(units) - 1)
        context = [
            "bias",
            f"lang:{document.language}",
            f"doc-plan-word:{document.plan_word}",
            f"doc-units:{_length(len(units))}",
            f"pos:{min(4, int(position * 5))}",
            f"prev-kind:{before.kind if before else 'none'}",
            f"next-kind:{after.kind if after else 'none'}",
            f"prev-colon:{bool(before and before.text.rstrip().endswith(':'))}",
        ]
        if chosen.rule is not None:
            context += [
                f"rule:{unit.rule}",
                f"doc-refused:{refused}",
                f"doc-rule-share:{min(4, int(share * 10))}",
                f"prev-rule:{before.rule if before else 'none'}",
                f"next-rule:{after.rule if after else 'none'}",
                f"rule-kind:{unit.rule}:{unit.kind}",
            ]
            # the rule's decision crossed with each signal: where the rules are right, where not
            signals = [name for name in names if name.startswith(("s:", "when:"))]
            context += [f"r{int(unit.rule)}&{name}" for name in signals]
        unit.features = sorted({_hash(name) for name in [*names, *context]})


_DRAFT_THEN = """
import inspect, json, sys
from bot.core.errors import InputFileError
from bot.drafting.drafter import draft_document
from pathlib import Path
accepted = inspect.signature(draft_document).parameters
out = []
for path, options in json.load(sys.stdin):
    given = {k: v for k, v in options.items() if k in accepted}
    try:
        plan = draft_document(Path(path), **given)
    except InputFileError:
        out.append(None)
        continue
    out.append([{"key": i.key, "source": i.source, "line": i.line} for i in plan.items])
json.dump(out, sys.stdout)
"""


def draft_then(documents: Sequence[Document]) -> None:
    """Each batch's documents drafted by the drafter of its first contact, from that commit's
    tree, in a process of its own."""
    for batch, commit in FIRST_CONTACT.items():
        chosen = [document for document in documents if document.fold == batch]
        if not chosen:
            continue
        with tempfile.TemporaryDirectory() as tree:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", commit, "bot"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
            given = [[str(d.path), dict(d.expectation.get("options") or {})] for d in chosen]
            result = subprocess.run(
                [sys.executable, "-c", _DRAFT_THEN],
                input=json.dumps(given),
                capture_output=True,
                text=True,
                check=True,
                cwd=tree,
                env={**os.environ, "PYTHONPATH": tree},
            )
        for document, items in zip(chosen, json.loads(result.stdout), strict=True):
            document.then = Drafted(items)


# --- a sparse logistic regression in numpy ------------------------------------------------------


def _matrix(units: Sequence[Unit]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.fromiter(
        (row for row, unit in enumerate(units) for _ in unit.features), dtype=np.int64
    )
    cols = np.fromiter((col for unit in units for col in unit.features), dtype=np.int64)
    return rows, cols


def train(units: Sequence[Unit], l2: float = 1e-3, steps: int = 400) -> np.ndarray:
    """Weights of an L2-regularised logistic regression, by Adam on the full batch."""
    rows, cols = _matrix(units)
    y = np.array([unit.label for unit in units], dtype=np.float64)
    n = len(units)
    w = np.zeros(BUCKETS)
    m = np.zeros(BUCKETS)
    v = np.zeros(BUCKETS)
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        z = np.bincount(rows, weights=w[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = np.bincount(cols, weights=(p - y)[rows], minlength=BUCKETS) / n + l2 * w
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return w


def predict(weights: np.ndarray, units: Sequence[Unit]) -> list[float]:
    return [
        1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, float(weights[unit.features].sum())))))
        for unit in units
    ]


# --- scoring as the bench scores ---------------------------------------------------------------


def score(document: Document, chosen: Sequence[Unit]) -> Score:
    area = DraftArea("a", "", 0)
    area.items = [DraftItem(unit.key, unit.title, unit.line.number, unit.text) for unit in chosen]
    plan = DraftPlan("", "", "", "", "", areas=[area])
    pairs = pair_items(plan, document.expectation["items"])
    matched = sum(1 for _wanted, item in pairs if item is not None)
    return Score(matched, len(chosen), len(pairs))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    non_plans_drafted: int = 0
    # each scored document's own tp fp fn, for the bootstrap
    documents: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def add(self, document: Document, chosen: Sequence[Unit]) -> None:
        if document.not_a_plan:
            self.non_plans_drafted += bool(chosen)
            return
        found = score(document, chosen)
        self.tp += found.tp
        self.fp += found.fp
        self.fn += found.fn
        self.documents[document.name] = (found.tp, found.fp, found.fn)

    def cell(self) -> str:
        p = f"{self.tp / (self.tp + self.fp):.2f}" if self.tp + self.fp else "n/a"
        r = f"{self.tp / (self.tp + self.fn):.2f}" if self.tp + self.fn else "n/a"
        return f"{self.tp:>4} {self.fp:>4} {self.fn:>4}  P {p} R {r}"


def _fold_name(fold: int) -> str:
    return "in-sample" if fold == IN_SAMPLE else f"batch {fold}"


def collect(corpus: Path | None, missing: list[str]) -> list[Document]:
    cases: list[tuple[int, Case]] = [(IN_SAMPLE, case) for case in own_cases()]
    cases += [(IN_SAMPLE, case) for case in shared_cases(missing)]
    cases += [(int(case[1].get("batch", 1)), case) for case in corpus_cases(corpus, missing)]
    documents = [read_case(fold, path, expectation) for fold, (path, expectation) in cases]
    draft_then(documents)
    for document in documents:
        # the rules were developed on the in-sample documents: no drafter before them
        document.then = document.then or document.now
    return documents


def check_rules(documents: Sequence[Document]) -> list[str]:
    """The rule-positive units scored as units must give the drafter's own item counts."""
    problems: list[str] = []
    for document in documents:
        if document.not_a_plan:
            continue
        items = document.now.items or []
        area = DraftArea("a", "", 0)
        area.items = [
            DraftItem(i["key"], i["source"].rstrip(",;. ") or i["source"], i["line"], i["source"])
            for i in items
        ]
        pairs = pair_items(
            DraftPlan("", "", "", "", "", areas=[area]), document.expectation["items"]
        )
        bench = sum(1 for _wanted, item in pairs if item is not None)
        units = score(document, [unit for unit in units_of(document, document.now) if unit.rule])
        if (units.tp, units.drafted) != (bench, len(items)):
            problems.append(
                f"{document.name}: units tp {units.tp} of {units.drafted}, "
                f"bench tp {bench} of {len(items)}"
            )
    return problems


@dataclass(frozen=True)
class Model:
    """A classifier: the drafter whose decisions and units it sees, and its features."""

    rules: str | None  # "now", "then" or None (no rule decision: the plain candidates)
    features: Features


MODELS = {
    "text": Model(None, Features(signals=False, rule=None)),
    "signals": Model(None, Features(signals=True, rule=None)),
    "then": Model("then", Features(signals=True, rule="then")),
    "now": Model("now", Features(signals=True, rule="now")),
}
# Each row: which model's probabilities (or none), and which units it drafts.
ROWS: dict[str, tuple[str | None, str | None, Any]] = {
    "(a) rules as they are": (None, "now", lambda unit, p: unit.rule),
    "(a) rules at first contact": (None, "then", lambda unit, p: unit.rule),
    "(b) classifier, text only": ("text", None, lambda unit, p: p >= THRESHOLD),
    "(b) classifier + signals": ("signals", None, lambda unit, p: p >= THRESHOLD),
    "(c) + first-contact rules": ("then", "then", lambda unit, p: p >= THRESHOLD),
    f"(c) first rules or p>={CONFIDENT}": ("then", "then", lambda u, p: u.rule or p >= CONFIDENT),
    f"(c) first rules and p>={DOUBTFUL}": ("then", "then", lambda u, p: u.rule and p >= DOUBTFUL),
    "(d) + current rules (leaks)": ("now", "now", lambda unit, p: p >= THRESHOLD),
    # what a perfect decision over the same candidates would reach: the units' ceiling
    "(o) every labelled unit (ceiling)": (None, None, lambda unit, p: unit.label),
}
SWEPT = ("text", "signals", "then")
SWEEP = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def _units(document: Document, rules: str | None) -> list[Unit]:
    return units_of(document, {"now": document.now, "then": document.then}.get(rules or ""))


def evaluate(documents: Sequence[Document], l2: float, steps: int) -> dict[str, dict[int, Tally]]:
    folds = sorted({document.fold for document in documents})
    table: dict[str, dict[int, Tally]] = {row: {fold: Tally() for fold in folds} for row in ROWS}
    prepared: dict[str, dict[str, list[Unit]]] = {}
    for name, spec in MODELS.items():
        prepared[name] = {}
        for document in documents:
            units = _units(document, spec.rules)
            featurise(document, units, spec.features)
            prepared[name][document.name] = units
    for fold in folds:
        probabilities: dict[str, dict[str, list[float]]] = {}
        for name in MODELS:
            training = [
                unit for d in documents if d.fold != fold for unit in prepared[name][d.name]
            ]
            weights = train(training, l2, steps)
            probabilities[name] = {
                d.name: predict(weights, prepared[name][d.name])
                for d in documents
                if d.fold == fold
            }
        for document in (d for d in documents if d.fold == fold):
            for name in SWEPT:
                units = prepared[name][document.name]
                p = probabilities[name][document.name]
                for threshold in SWEEP:
                    row = f"{name} p>={threshold}"
                    table.setdefault(row, {f: Tally() for f in folds})[fold].add(
                        document, [unit for unit, q in zip(units, p, strict=True) if q >= threshold]
                    )
            for row, (model, rules, decide) in ROWS.items():
                if model is None:
                    units = _units(document, rules)
                    chosen = [unit for unit in units if decide(unit, 0.0)]
                else:
                    units = prepared[model][document.name]
                    p = probabilities[model][document.name]
                    chosen = [unit for unit, q in zip(units, p, strict=True) if decide(unit, q)]
                table[row][fold].add(document, chosen)
    return table


def _pooled(table: dict[str, dict[int, Tally]], row: str, folds: Iterable[int]) -> Tally:
    total = Tally()
    for fold in folds:
        part = table[row][fold]
        total.tp += part.tp
        total.fp += part.fp
        total.fn += part.fn
        total.non_plans_drafted += part.non_plans_drafted
    return total


BASELINE = "(a) rules at first contact"
COMPARED = ("(b) classifier, text only", "(b) classifier + signals", "(c) + first-contact rules")


def bootstrap(
    table: dict[str, dict[int, Tally]], folds: Sequence[int], draws: int = 2000
) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """95% intervals of each compared row's pooled precision and recall minus the baseline's,
    resampling the scored documents of the given folds with replacement (seeded)."""
    names = sorted({name for fold in folds for name in table[BASELINE][fold].documents})

    def counts(row: str) -> np.ndarray:
        merged: dict[str, tuple[int, int, int]] = {}
        for fold in folds:
            merged |= table[row][fold].documents
        return np.array([merged[name] for name in names], dtype=np.float64)

    base = counts(BASELINE)
    rng = np.random.default_rng(14)
    picks = rng.integers(0, len(names), size=(draws, len(names)))
    result: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}

    def ratios(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        summed = values[picks].sum(axis=1)  # draws x 3
        tp, fp, fn = summed[:, 0], summed[:, 1], summed[:, 2]
        return tp / np.maximum(1, tp + fp), tp / np.maximum(1, tp + fn)

    base_p, base_r = ratios(base)
    for row in COMPARED:
        row_p, row_r = ratios(counts(row))
        dp, dr = row_p - base_p, row_r - base_r
        result[row] = (
            (float(np.quantile(dp, 0.025)), float(np.quantile(dp, 0.975))),
            (float(np.quantile(dr, 0.025)), float(np.quantile(dr, 0.975))),
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=os.environ.get(CORPUS_VARIABLE))
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--steps", type=int, default=400)
    args = parser.parse_args()
    missing: list[str] = []
    documents = collect(Path(args.corpus) if args.corpus else None, missing)
    folds = sorted({document.fold for document in documents})
    counted = [units_of(document, None) for document in documents]
    print(
        f"{len(documents)} documents in {len(folds)} folds, {sum(map(len, counted))} candidate "
        f"units ({sum(u.label for units in counted for u in units)} labelled items); "
        f"{len(missing)} texts missing or differing from the manifest"
    )
    problems = check_rules(documents)
    print(
        "labelling check (the drafter's items scored as units = the bench's item counts): "
        + ("ok" if not problems else f"{len(problems)} documents differ")
    )
    for problem in problems:
        print(f"  {problem}")
    table = evaluate(documents, args.l2, args.steps)
    print("\nItems per held-out fold, tp fp fn")
    print(f"{'':<36}" + "".join(f"{_fold_name(fold):>14}" for fold in folds))
    count = {fold: sum(1 for d in documents if d.fold == fold) for fold in folds}
    print(f"{'documents':<36}" + "".join(f"{count[fold]:>14}" for fold in folds))
    for row in ROWS:
        cells = [table[row][fold] for fold in folds]
        print(f"{row:<36}" + "".join(f"{c.tp:>5}{c.fp:>4}{c.fn:>4} " for c in cells))
    out_of_sample = [f for f in folds if f != IN_SAMPLE]
    batches = f"batches {min(out_of_sample)}-{max(out_of_sample)}" if out_of_sample else "none"
    for title, chosen in (
        ("pooled, all folds", folds),
        (f"pooled, {batches}", out_of_sample),
        ("pooled, batches 6-13 (the record's first contacts)", [f for f in folds if 6 <= f <= 13]),
        ("batch 14 (held out from the classifier's design)", [f for f in folds if f == 14]),
    ):
        if not chosen:
            continue
        print(f"\n{title}: tp fp fn, precision, recall, non-plans drafted")
        for row in ROWS:
            total = _pooled(table, row, chosen)
            print(f"  {row:<36} {total.cell()}  non-plans drafted {total.non_plans_drafted}")
    print(
        f"\nBootstrap over the scored documents of {batches} (95% interval of the pooled"
        f" difference to {BASELINE!r})"
    )
    for row, (dp, dr) in bootstrap(table, out_of_sample).items():
        print(f"  {row:<36} P {dp[0]:+.2f} to {dp[1]:+.2f}   R {dr[0]:+.2f} to {dr[1]:+.2f}")
    print(f"\nThreshold sweep, pooled {batches} (the {' / '.join(SWEPT)} models)")
    for name in SWEPT:
        for threshold in SWEEP:
            total = _pooled(table, f"{name} p>={threshold}", out_of_sample)
            print(f"  {name:<8} p>={threshold:<4} {total.cell()}")
    if missing:
        print(f"\nNot found, so not measured ({len(missing)}):")
        for name in missing:
            print(f"  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
