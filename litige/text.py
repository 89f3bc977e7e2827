"""Text folding shared by every matcher: how free text is compared."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase without accents, apostrophes normalised: how free text is matched."""
    text = (text or "").replace("’", "'").replace("‘", "'").lower()
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
