"""A small inline SVG chart of the customer's emotion over their messages, for the advisors'
console (pure: no JavaScript, no external resource, every text escaped).

``points`` are dicts ``{"turn": 3, "emotion": "anger", "intensity": 0.74}`` (as
``litige.brief`` lists them; an optional ``"label"`` replaces the French name). The line
follows the intensity (0 at the bottom, 1 at the top), one dot per message, coloured by
emotion, each with a French tooltip; the whole chart has a one-sentence French summary for
screen readers.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Sequence, Tuple
from xml.sax.saxutils import escape

# the French name of each emotion (litige/emotions.py), as written in a tooltip
LABELS = {
    "anger": "colère",
    "frustration": "frustration",
    "anxiety": "inquiétude",
    "disappointment": "déception",
    "neutral": "neutre",
    "satisfaction": "satisfaction",
}
# the same, as a noun with its article, for "de la frustration à la colère"
_NOUNS = {
    "anger": "la colère",
    "frustration": "la frustration",
    "anxiety": "l'inquiétude",
    "disappointment": "la déception",
    "neutral": "le calme",
    "satisfaction": "la satisfaction",
}
PALETTE = {
    "anger": "#c0392b",
    "frustration": "#e67e22",
    "anxiety": "#8e44ad",
    "disappointment": "#2c7fb8",
    "neutral": "#7f8c8d",
    "satisfaction": "#27ae60",
}
UNKNOWN_COLOUR = "#555555"
EMPTY_TEXT = "Aucun message du client pour l'instant"
_PAD = 8
_RADIUS = 4


def label(emotion: str) -> str:
    """The French name of an emotion ("colère"); an unknown name is shown as it is."""
    return LABELS.get(emotion, emotion)


def french_number(value: float) -> str:
    """0.74 -> "0,74"."""
    return f"{value:.2f}".replace(".", ",")


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _point(raw: Any, index: int) -> Tuple[int, str, str, float]:
    """(turn, emotion, label, intensity) of one point, whatever its shape."""
    raw = raw if isinstance(raw, Mapping) else {}
    try:
        turn = int(raw.get("turn"))
    except (TypeError, ValueError):
        turn = index + 1
    emotion = str(raw.get("emotion") or "neutral")
    try:
        intensity = min(max(float(raw.get("intensity") or 0.0), 0.0), 1.0)
    except (TypeError, ValueError):
        intensity = 0.0
    return turn, emotion, str(raw.get("label") or label(emotion)), intensity


def _from(noun: str) -> str:
    """ "la colère" -> "de la colère", "le calme" -> "du calme", "l'inquiétude" -> "de l'inquiétude"."""
    return "du " + noun[3:] if noun.startswith("le ") else "de " + noun


def _to(noun: str) -> str:
    """ "la colère" -> "à la colère", "le calme" -> "au calme"."""
    return "au " + noun[3:] if noun.startswith("le ") else "à " + noun


def summary(points: Sequence[Mapping[str, Any]]) -> str:
    """One French sentence: "Émotion du client sur 5 messages : de la frustration (0,40) à la
    colère (0,81)." (with the peak when it lies between the first and the last message)."""
    parsed = [_point(raw, index) for index, raw in enumerate(points)]
    if not parsed:
        return f"{EMPTY_TEXT}."
    if len(parsed) == 1:
        _, _, name, value = parsed[0]
        return f"Émotion du client sur 1 message : {name} ({french_number(value)})."

    def noun(point: Tuple[int, str, str, float]) -> str:
        _, emotion, name, _ = point
        return _NOUNS.get(emotion, name) if name == label(emotion) else name

    first, last = parsed[0], parsed[-1]
    text = (
        f"Émotion du client sur {len(parsed)} messages : "
        f"{_from(noun(first))} ({french_number(first[3])}) {_to(noun(last))} ({french_number(last[3])})"
    )
    top = max(parsed[1:-1], key=lambda point: point[3], default=None)
    if top is not None and top[3] > max(first[3], last[3]):
        text += f", avec un pic à {french_number(top[3])} ({top[2]}) au message {top[0]}"
    return text + "."


def _empty(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(EMPTY_TEXT)}">'
        f"<title>{escape(EMPTY_TEXT)}</title>"
        f'<text x="{width / 2:.1f}" y="{height / 2:.1f}" text-anchor="middle" '
        f'dominant-baseline="middle" font-family="sans-serif" font-size="12" fill="#666666">'
        f"{escape(EMPTY_TEXT)}</text></svg>"
    )


def svg(points: Sequence[Mapping[str, Any]], width: int = 320, height: int = 90) -> str:
    """The chart as an inline ``<svg>`` element (a string)."""
    width, height = max(int(width), 4 * _PAD), max(int(height), 4 * _PAD)
    parsed = [_point(raw, index) for index, raw in enumerate(points or ())]
    if not parsed:
        return _empty(width, height)
    inner_w, inner_h = width - 2 * _PAD, height - 2 * _PAD
    step = inner_w / (len(parsed) - 1) if len(parsed) > 1 else 0.0
    coords: List[Tuple[float, float]] = [
        (_PAD + (index * step if len(parsed) > 1 else inner_w / 2), _PAD + (1 - value) * inner_h)
        for index, (_, _, _, value) in enumerate(parsed)
    ]
    sentence = summary(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(sentence)}">',
        f"<title>{escape(sentence)}</title>",
        # the two bounds of the scale: intensity 1 (top) and 0 (bottom)
        f'<line x1="{_PAD}" y1="{_PAD}" x2="{width - _PAD}" y2="{_PAD}" stroke="#eeeeee" stroke-width="1"/>',
        f'<line x1="{_PAD}" y1="{height - _PAD}" x2="{width - _PAD}" y2="{height - _PAD}" '
        f'stroke="#dddddd" stroke-width="1"/>',
    ]
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#999999" stroke-width="1.5"/>')
    for (turn, emotion, name, value), (x, y) in zip(parsed, coords, strict=True):
        colour = PALETTE.get(emotion, UNKNOWN_COLOUR)
        tooltip = f"Message {turn} : {name}, {french_number(value)}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_RADIUS}" fill="{colour}">'
            f"<title>{escape(tooltip)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
