"""Tell Swedish, Norwegian Bokmål and Nynorsk apart by function words and spelling."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.drafting.lexicon import FUNCTION_WORDS

_WORD = re.compile(r"[a-zåäöæøéò]+")
SAMPLE_WORDS = 20_000


def language_scores(texts: Iterable[str]) -> Counter[str]:
    """Evidence per language: "sv", "nb", "nn" (and "no", shared by Bokmål and Nynorsk)."""
    scores: Counter[str] = Counter()
    seen = 0
    for text in texts:
        lowered = text.lower()
        scores["sv"] += lowered.count("ä") + lowered.count("ö")
        scores["no"] += lowered.count("æ") + lowered.count("ø")
        for word in _WORD.findall(lowered):
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
    scores = language_scores(texts)
    swedish = scores["sv"]
    norwegian = scores["no"] + scores["nb"] + scores["nn"]
    smaller, larger = sorted((swedish, norwegian))
    return larger > 0 and smaller >= 10 and smaller / larger >= 0.2
