"""A text's code points as a numpy array, made once for the text at hand: several stages find
characters by array passes (marks, region surfaces, curated initiatives, folding)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=4)  # the source text, its folded and squeezed forms; a text may be 20 MB
def code_points(text: str) -> np.ndarray:
    """One uint32 per character (lone surrogates kept), read-only."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def from_code_points(codes: np.ndarray) -> str:
    return codes.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def whitespace_table() -> np.ndarray:
    """For every code point, whether str.isspace() holds (what re's \\s and \\S test)."""
    table = np.zeros(0x110000, dtype=bool)
    table[[c for c in range(0x10000) if chr(c).isspace()]] = True  # Unicode puts no whitespace past the BMP
    return table


__all__ = ["code_points", "from_code_points", "whitespace_table"]
