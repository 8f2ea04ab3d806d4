"""Seeded damage to valid .docx and .pdf files: truncations, bit flips, spliced and random bytes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

KINDS = ("truncate", "flip", "splice", "random")


def damaged(valid: bytes, seed: int) -> tuple[str, bytes]:
    """One damaged copy of `valid`, the same for the same seed."""
    rng = random.Random(seed)
    kind = KINDS[seed % len(KINDS)]
    data = bytearray(valid)
    if kind == "truncate":
        return kind, bytes(data[: rng.randrange(0, len(data))])
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            position = rng.randrange(len(data))
            data[position] ^= 1 << rng.randrange(8)
        return kind, bytes(data)
    if kind == "splice":
        start = rng.randrange(len(data))
        length = rng.randint(1, 2_000)
        data[start : start + length] = rng.randbytes(length)
        return kind, bytes(data)
    head = valid[: rng.choice((0, 4, 8, 64))]  # random bytes behind a real signature
    return kind, head + rng.randbytes(rng.randint(0, 20_000))


def damaged_files(valid: Path, folder: Path, seeds: range) -> Iterator[tuple[int, str, Path]]:
    """Write each damaged copy into `folder` with the valid file's suffix."""
    original = valid.read_bytes()
    for seed in seeds:
        kind, data = damaged(original, seed)
        path = folder / f"damaged-{seed}{valid.suffix}"
        path.write_bytes(data)
        yield seed, kind, path
