"""Surface cues of emotion and intensity in French chat text (pure functions).

Capitals, repeated punctuation, intensifiers ("encore", "toujours pas"), outrage words,
insults, emojis, elongated words, and the valence of the French VADER lexicon
(``vadersentiment-fr``, MIT, loaded lazily from the installed package). They are
features of the emotion classifier and the basis of the intensity score.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Tuple

from litige.parsing import fold


def _words_pattern(words: List[str]) -> re.Pattern:
    alternatives = sorted((fold(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![a-z])")


INTENSIFIERS = _words_pattern(
    [
        "vraiment",
        "tellement",
        "trop",
        "très",
        "toujours pas",
        "toujours rien",
        "encore",
        "jamais",
        "absolument",
        "totalement",
        "complètement",
        "franchement",
        "sérieusement",
        "carrément",
        "énormément",
        "plus jamais",
        "n'importe quoi",
        "du tout",
        "à chaque fois",
        "chaque fois",
        "pour la énième fois",
        "énième",
        "3e fois",
        "troisième fois",
        "des semaines",
        "des mois",
    ]
)
OUTRAGE = _words_pattern(
    [
        "inadmissible",
        "scandaleux",
        "scandale",
        "honteux",
        "honte",
        "inacceptable",
        "intolérable",
        "lamentable",
        "pitoyable",
        "ridicule",
        "aberrant",
        "révoltant",
        "dégoûtant",
        "dégueulasse",
        "vous vous moquez",
        "vous vous foutez",
        "vous vous fichez",
        "se fout",
        "foutage de gueule",
        "arnaque",
        "arnaqueurs",
        "c'est du vol",
        "on se moque",
        "je suis furieux",
        "furieuse",
        "hors de moi",
        "en colère",
        "colère",
        "j'hallucine",
        "c'est une blague",
    ]
)
INSULTS = _words_pattern(
    [
        "connard",
        "connards",
        "connasse",
        "con",
        "cons",
        "abruti",
        "abrutis",
        "crétin",
        "crétins",
        "incompétent",
        "incompétents",
        "incompétente",
        "incapable",
        "incapables",
        "nul",
        "nuls",
        "nulle",
        "escroc",
        "escrocs",
        "voleur",
        "voleurs",
        "guignol",
        "guignols",
        "charlot",
        "charlots",
        "branquignol",
        "branquignoles",
        "branques",
        "bouffon",
        "bouffons",
        "idiot",
        "idiots",
        "imbécile",
        "imbéciles",
        "merde",
        "putain",
        "bordel",
        "ta gueule",
        "pourris",
        "pourri",
        "minable",
        "minables",
        "filou",
        "filous",
        "tocard",
        "tocards",
        "débile",
        "débiles",
    ]
)
WORRY = _words_pattern(
    [
        "inquiet",
        "inquiète",
        "inquiéte",
        "m'inquiète",
        "je m'inquiete",
        "peur",
        "angoisse",
        "angoissé",
        "stress",
        "stressé",
        "stressée",
        "urgent",
        "urgence",
        "c'est grave",
        "risque",
        "je vais perdre",
        "est-ce que je vais",
        "vais-je",
        "j'espère",
        "au secours",
        "paniqué",
        "panique",
        "besoin pour",
    ]
)
LET_DOWN = _words_pattern(
    [
        "déçu",
        "déçue",
        "déception",
        "décevant",
        "décevante",
        "dommage",
        "triste",
        "tristement",
        "regrette",
        "je m'attendais",
        "m'attendais à mieux",
        "fidèle",
        "depuis des années",
        "moi qui",
        "pas à la hauteur",
        "dépité",
        "dépitée",
        "navrant",
    ]
)
POSITIVE = _words_pattern(
    [
        "merci",
        "super",
        "parfait",
        "parfaitement",
        "génial",
        "top",
        "ravi",
        "ravie",
        "content",
        "contente",
        "ça me va",
        "excellent",
        "impeccable",
        "nickel",
        "au top",
        "bravo",
        "soulagé",
        "soulagée",
        "ouf",
        "adorable",
        "formidable",
        "trop bien",
    ]
)

ANGRY_EMOJIS = set("😡🤬😠👿💢🖕")
SAD_EMOJIS = set("😭😢😞😔☹🙁💔😩😫😿")
WORRIED_EMOJIS = set("😱😨😰😟😬😧😦")
HAPPY_EMOJIS = set("😊🙂😀😃😄😁👍❤😍🥰✅😌🤗💯🎉")
PLEADING_EMOJIS = set("🙏🥺")

ELONGATED = re.compile(r"([a-zA-Z])\1{2,}")
SHOUTING_EXEMPT = {"SAV", "CMD", "LIT", "SMS", "EDF", "SNCF", "TV", "PDF", "RIB", "OK", "CB", "TVA", "FAI"}


@dataclass(frozen=True)
class Cues:
    """Counts and ratios read from the raw text (before any lowercasing)."""

    shouting: float  # share of letters in capitals, in words that are not acronyms
    exclamations: int
    extra_questions: int  # question marks beyond the first
    intensifiers: int
    outrage: int
    insults: int
    worry: int
    let_down: int
    positive: int
    angry_emojis: int
    sad_emojis: int
    worried_emojis: int
    happy_emojis: int
    pleading_emojis: int
    elongations: int
    valence: float  # VADER-fr compound in [-1, 1]
    log_length: float

    def as_vector(self) -> List[float]:
        """Bounded numeric features for the classifier."""
        return [
            self.shouting,
            min(self.exclamations, 6) / 6,
            min(self.extra_questions, 4) / 4,
            min(self.intensifiers, 3) / 3,
            min(self.outrage, 2) / 2,
            min(self.insults, 2) / 2,
            min(self.worry, 2) / 2,
            min(self.let_down, 2) / 2,
            min(self.positive, 2) / 2,
            min(self.angry_emojis, 3) / 3,
            min(self.sad_emojis, 3) / 3,
            min(self.worried_emojis, 3) / 3,
            min(self.happy_emojis, 3) / 3,
            min(self.pleading_emojis, 3) / 3,
            min(self.elongations, 2) / 2,
            self.valence,
            min(self.log_length, 6.0) / 6,
        ]


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def valence(text: str) -> float:
    """VADER-fr compound score in [-1, 1] (0 for an empty text)."""
    if not text.strip():
        return 0.0
    return float(_vader().polarity_scores(text)["compound"])


def _shouting(text: str) -> float:
    letters = upper = 0
    for word in re.findall(r"[^\W\d_]{2,}", text):
        if word in SHOUTING_EXEMPT:
            continue
        letters += len(word)
        upper += sum(ch.isupper() for ch in word)
    if letters < 6:
        return 0.0
    # an initial capital per sentence is normal: count only what goes beyond ~15 %
    ratio = upper / letters
    return max(0.0, min(1.0, (ratio - 0.15) / 0.85))


def _count_chars(text: str, chars: set) -> int:
    return sum(1 for ch in text if ch in chars)


# Very long messages are read on their first part only: cues are about tone, and this
# bounds the cost of the regexes and of the lexicon on a 10,000-character paste.
MAX_CUE_CHARS = 2000


def read_cues(text: str) -> Cues:
    text = (text or "")[:MAX_CUE_CHARS]
    folded = fold(text)
    return Cues(
        shouting=_shouting(text),
        exclamations=text.count("!"),
        extra_questions=max(0, text.count("?") - 1),
        intensifiers=len(INTENSIFIERS.findall(folded)),
        outrage=len(OUTRAGE.findall(folded)),
        insults=len(INSULTS.findall(folded)),
        worry=len(WORRY.findall(folded)),
        let_down=len(LET_DOWN.findall(folded)),
        positive=len(POSITIVE.findall(folded)),
        angry_emojis=_count_chars(text, ANGRY_EMOJIS),
        sad_emojis=_count_chars(text, SAD_EMOJIS),
        worried_emojis=_count_chars(text, WORRIED_EMOJIS),
        happy_emojis=_count_chars(text, HAPPY_EMOJIS),
        pleading_emojis=_count_chars(text, PLEADING_EMOJIS),
        elongations=len(ELONGATED.findall(text)),
        valence=valence(text),
        log_length=math.log1p(len(text)),
    )


def arousal(cues: Cues) -> float:
    """How heated the message reads, in [0, 1), from its surface cues alone."""
    heat = (
        0.9 * cues.shouting
        + 0.18 * min(cues.exclamations, 5)
        + 0.12 * min(cues.extra_questions, 4)
        + 0.25 * min(cues.intensifiers, 3)
        + 0.35 * min(cues.outrage, 2)
        + 0.5 * min(cues.insults, 2)
        + 0.3 * min(cues.angry_emojis + cues.sad_emojis + cues.worried_emojis, 3)
        + 0.15 * min(cues.elongations, 2)
        + 0.4 * abs(min(cues.valence, 0.0))
        + 0.2 * max(cues.valence - 0.5, 0.0)
    )
    return 1.0 - math.exp(-heat)


# How intense each emotion is by itself, before the cues (neutral is calm by definition).
EMOTION_BASE_INTENSITY: Dict[str, float] = {
    "anger": 0.45,
    "frustration": 0.35,
    "anxiety": 0.3,
    "disappointment": 0.3,
    "satisfaction": 0.25,
    "neutral": 0.05,
}


def intensity(probabilities: Dict[str, float], cues: Cues) -> float:
    """Intensity in [0, 1]: the expected base intensity of the predicted emotions, raised
    towards 1 by the message's arousal."""
    base = sum(EMOTION_BASE_INTENSITY.get(name, 0.0) * p for name, p in probabilities.items())
    value = base + (1.0 - base) * arousal(cues)
    return round(max(0.0, min(1.0, value)), 4)


def lexicon_baseline(text: str) -> Tuple[str, float]:
    """The lexicon-only baseline: VADER-fr valence mapped to the six classes by fixed
    thresholds, chosen once (not tuned on the held-out set):
    compound >= 0.3 satisfaction; > -0.2 neutral; otherwise negative, split by form:
    a question -> anxiety, compound <= -0.6 -> anger, <= -0.4 -> frustration,
    else disappointment."""
    score = valence(text)
    if score >= 0.3:
        return "satisfaction", score
    if score > -0.2:
        return "neutral", score
    if "?" in text:
        return "anxiety", score
    if score <= -0.6:
        return "anger", score
    if score <= -0.4:
        return "frustration", score
    return "disappointment", score
