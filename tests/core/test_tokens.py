"""Button tokens round-trip, stay within 64 bytes, and refuse anything forged or garbled."""

from __future__ import annotations

import pytest

from bot.core.model import Choice
from handlers.tokens import (
    MAX_TOKEN_BYTES,
    ChoiceToken,
    FormToken,
    InvalidToken,
    LanguageToken,
    ReportToken,
    SkipToken,
    StepToken,
    decode,
    encode,
)


@pytest.mark.parametrize(
    "token",
    [
        ChoiceToken(1, Choice.YES),
        ChoiceToken(2**40, Choice.NOT_RELEVANT),
        ReportToken(77),
        SkipToken(5),
        StepToken(5, yes=True),
        StepToken(2**40, yes=False),
        LanguageToken("nn"),
        FormToken(123456),
        FormToken(123456, Choice.YES),
        FormToken(2**40, Choice.NO),
    ],
)
def test_round_trip(token: object) -> None:
    text = encode(token)  # type: ignore[arg-type]
    assert len(text.encode()) <= MAX_TOKEN_BYTES
    assert decode(text) == token


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "c",
        "c:1",
        "c:1:q",
        "c:0:y",
        "c:-1:y",
        "zz:1:y",
        "l:de",
        "c:1:y:extra:more",
        "c:" + "1" * 80 + ":y",
        "C:1:Y",
        "c:1:y\n",
        "<!channel>",
        "r:😀",
        "q:1",
        "q:1:x",
        "q:0:y",
        "f:1:q",
        "f:1:y:n",
    ],
)
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(InvalidToken):
        decode(garbage)
