"""Tell Swedish, Norwegian Bokmål and Nynorsk apart by function words and spelling."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.drafting.lexicon import FUNCTION_WORDS

_WORD = re.compile(r"[a-zåäöæøéò]+")
SAMPLE_WORDS = 20_000
# Words Swedish and Norwegian write alike: evidence of neither when telling them apart.
SHARED_WORDS = frozenset(("med", "av", "som", "eller", "vi", "på", "under", "etter", "efter"))


def language_scores(texts: Iterable[str], *, distinctive: bool = False) -> Counter[str]:
    """Evidence per language: "sv", "nb", "nn" (and "no", shared by Bokmål and Nynorsk).

    `distinctive` leaves out the words both families write alike.
    """
    scores: Counter[str] = Counter()
    seen = 0
    for text in texts:
        lowered = text.lower()
        scores["sv"] += lowered.count("ä") + lowered.count("ö")
        scores["no"] += lowered.count("æ") + lowered.count("ø")
        for word in _WORD.findall(lowered):
            if distinctive and word in SHARED_WORDS:
                continue
            for language, words in FUNCTION_WORDS.items():
                if word in words:
                    scores[language] += 1
            seen += 1
        if seen > SAMPLE_WORDS:
            break
    return scores


def detect_language(texts: Iterable[str]) -> str:
    """The document's main language: "sv", "nb" or "nn" (Swedish when nothing tells)."""
    scores = language_scores(texts)
    norwegian = scores["no"] + scores["nb"] + scores["nn"]
    if scores["sv"] >= norwegian:
        return "sv"
    # Nynorsk shares most words with Bokmål; its own forms decide.
    return "nn" if scores["nn"] > scores["nb"] else "nb"


def is_mixed(texts: Iterable[str]) -> bool:
    """True when a second language family has a real share of the evidence."""
    scores = language_scores(texts, distinctive=True)
    swedish = scores["sv"]
    norwegian = scores["no"] + scores["nb"] + scores["nn"]
    smaller, larger = sorted((swedish, norwegian))
    return larger > 0 and smaller >= 4 and smaller / larger >= 0.2
