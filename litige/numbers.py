"""French numbers as customers write them: number words, ordinals, durations, times of day,
dates and sums of money (pure).

Everything here reads text already prepared by ``litige.facts`` (folded by
``litige.text.fold``: lowercase, no accents; every run of spaces, including the no-break
U+00A0 and narrow no-break U+202F ones, is a single plain space).

* ``parse_number("trois cent cinquante")`` -> 350, ``parse_number("une quinzaine")`` -> 15;
* ``ordinal_value("3eme")`` -> 3, ``ordinal_value("vingt-et-unieme")`` -> 21;
* ``duration(DURATION.search("ça fait 4 jours"))`` -> (4, "day");
* ``hhmm("18h30")`` -> "18:30", ``written_date("3", 11, None)`` -> "3 novembre" (ISO with a
  year: ``written_date("3", 11, "2025")`` -> "2025-11-03");
* ``find_amounts(text)`` -> ``[(start, end, euros), ...]`` in order of appearance: a sum
  needs a currency ("€", "euro(s)", "eur", "balle(s)", "k€"), or a money word just before a
  number with two decimals ("prélevé 49,90"). "1 249 €" is 1249 (a thousands group is read
  whole: space, dot or comma), "49€99" and "12 euros 50" carry their cents.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}  # fmt: skip
SCALES = {"cent": 100, "cents": 100, "mille": 1000, "million": 10**6, "millions": 10**6}
# "une quinzaine (de jours)", "une dizaine de fois": round counts customers use as numbers
APPROXIMATE = {
    "huitaine": 8,
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
}

_WORD = "|".join(sorted({*UNITS, *SCALES}, key=len, reverse=True))
# a run of number words: "deux cents", "quatre-vingt-dix", "vingt et un"
NUMBER_WORDS = rf"\b(?:{_WORD})(?:(?:-et-| et |[ -])(?:{_WORD})){{0,7}}\b"  # bounded: linear time
APPROX_WORDS = r"\b(?:une? )?(?:" + "|".join(APPROXIMATE) + r")\b"
COUNT = rf"(\d{{1,3}}|{APPROX_WORDS}|{NUMBER_WORDS})"  # one group: "4", "quatre", "une dizaine"


def parse_words(phrase: str) -> Optional[int]:
    """ "trois cent cinquante" -> 350; None when the words do not make one number
    ("deux trois", "un neuf")."""
    tokens = [t for t in re.split(r"[ -]+", phrase.strip()) if t]
    total = current = 0
    for i, token in enumerate(tokens):
        rest = current % 100
        if token == "et":  # only in "vingt et un", "soixante et onze"
            if i + 1 == len(tokens) or tokens[i + 1] not in ("un", "une", "onze") or rest % 10 or not rest:
                return None
        elif token in ("vingt", "vingts") and i and tokens[i - 1] == "quatre" and rest == 4:
            current += 76  # quatre-vingt(s): 4 -> 80
        elif token in UNITS:
            value = UNITS[token]
            fits = (
                not rest
                or (rest in (20, 30, 40, 50) and value < 10)
                or (rest in (60, 80) and value < 20)
                or (rest in (10, 70, 90) and 7 <= value <= 9)
            )
            if not fits:
                return None
            current += value
        elif token in ("cent", "cents"):
            if current >= 100:
                return None
            current = (current or 1) * 100
        elif token in ("mille", "million", "millions"):
            scale = SCALES[token]
            if total and total < scale * 1000 and total % (scale * 1000) < scale:
                return None
            total += (current or 1) * scale
            current = 0
        else:
            return None
    return total + current if tokens else None


def parse_number(text: str) -> Optional[int]:
    """Digits, number words or a round count ("une quinzaine") -> int; None otherwise."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    word = text.split(" ")[-1]
    if word in APPROXIMATE and text in (word, "un " + word, "une " + word):
        return APPROXIMATE[word]
    return parse_words(text)


def ordinal_value(text: str) -> Optional[int]:
    """ "3e", "3eme", "3ieme", "1er", "2nde", "troisieme", "premiere" -> int; None otherwise."""
    text = text.replace(" ", "")
    digits = re.fullmatch(r"(\d{1,3})(?:e|eme|ieme|em|er|ere|re|nde?|°)", text)
    if digits:
        return int(digits.group(1))
    if text in ("premier", "premiere"):
        return 1
    if text in ("second", "seconde"):
        return 2
    if not text.endswith("ieme"):
        return None
    stem = text[:-4]
    for candidate in (stem, stem + "e", stem.replace("cinqu", "cinq"), stem.replace("neuv", "neuf")):
        value = parse_words(candidate)
        if value:
            return value
    return None


MONTHS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
)  # fmt: skip
MONTH_WORDS = (
    r"(?:janv(?:ier)?|fevr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|aout|sept(?:embre)?|oct(?:obre)?"
    r"|nov(?:embre)?|dec(?:embre)?)\b"
)


TIME_OF_DAY = r"(?:\d{1,2} ?(?:h|heures?)(?: ?\d{2})?|\d{1,2}:\d{2}|midi|minuit)(?!\d)"  # 18h, 18h30, 18:30
# "3 novembre", "1er novembre 2025", "12/11", "03/11/2025"
DATE = re.compile(
    rf"(\d{{1,2}})(?:er)? ({MONTH_WORDS})(?: (\d{{4}}))?|(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}|\d{{2}}))?\b"
)
DATE_WORDS = re.sub(r"\((?!\?)", "(?:", DATE.pattern)  # the same, without groups
DURATION_UNITS = {"h": "hour", "heure": "hour", "j": "day", "jour": "day", "nuit": "day", "sem": "week"}
DURATION_UNITS.update(semaine="week", mois="month", an="year", annee="year")

# ---- durations: "il y a six semaines", "ça fait 4 jours", "3 semaines de retard"
_FILLER = (
    r"(?:(?:maintenant|deja|bientot|plus de|plus d'|pres de|pres d'|presque|au moins|environ|bien"
    r"|quasiment|facilement|exactement|pas loin de|largement|genre|toujours|donc) ?)*"
)
_ADJECTIVE = r"(?:(?:bonnes?|bons?|longues?|longs?|grosses?|gros|petites?|petits?|interminables?) )?"
_UNIT = r"(heures?|h|jours?|j|nuits?|semaines?|sem|mois|ans?|annees?)\b(?! ?\d)"
_TRIGGER = (
    r"(il y a|y a|ca fait|ca fera|cela fait|ca faisait|cela faisait|voila|depuis|attends|attend|attendu"
    r"|patiente|retard de|retard d'environ)"
)
DURATION = re.compile(
    rf"\b{_TRIGGER} {_FILLER}{COUNT}(?:(?: de| d')? ?{_ADJECTIVE}{_UNIT})?"
    rf"|\b{COUNT} {_ADJECTIVE}{_UNIT}(?= (?:de retard|d'attente|sans|que|qu'))"
    rf"|^ ?{_FILLER}{COUNT} ?{_ADJECTIVE}{_UNIT}(?= ?[.!]* ?$)"  # the whole answer: "2 semaines"
)
_CLOCK = re.compile(  # after "depuis 5 heures": a time of day
    r" ?(?:du matin|du soir|de l'apres-midi|ce matin|ce soir|hier|avant-hier)\b"
)


def duration(match: re.Match) -> Optional[Tuple[int, str]]:
    """(value, unit) of a ``DURATION`` match ("il y a six semaines" -> (6, "week")); None when
    it is no duration: no unit ("il y a un problème"), or a time of day ("depuis 14h",
    "depuis 5 heures du matin": 5h-23h after "depuis")."""
    trigger, count, unit = match.group(1, 2, 3)
    if trigger is None:
        count, unit = match.group(4, 5) if match.group(4) else match.group(6, 7)
    value = parse_number(count)
    if unit is None:  # "depuis une quinzaine": a round count of days
        return (value, "day") if value and re.search(APPROX_WORDS, count) else None
    unit = DURATION_UNITS.get(unit if unit == "mois" else unit.rstrip("s"))
    if not value or not unit:
        return None
    clock = _CLOCK.match(match.string, match.end())
    if trigger == "depuis" and unit == "hour" and (clock or (match.group(3) == "h" and 5 <= value <= 23)):
        return None
    return value, unit


def hhmm(text: Optional[str]) -> Optional[str]:
    """ "18h", "18 h 30", "18:30", "midi" -> "HH:MM"; None when not a time of day."""
    if not text or not re.search(r"\d|midi|minuit", text):
        return None
    if text in ("midi", "minuit"):
        return "12:00" if text == "midi" else "00:00"
    digits = re.findall(r"\d+", text)
    hours, minutes = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None


def month_number(word: str) -> int:
    """ "novembre", "nov", "juil" -> 11, 11, 7 (a word ``MONTH_WORDS`` matched)."""
    return next(i for i, name in enumerate(MONTHS, 1) if name.startswith(word[:4]))


def written_date(day: str, month: int, year: Optional[str]) -> Optional[str]:
    """ISO with a year ("2025-11-03"), else "3 novembre"; None when it is no date."""
    if not (1 <= int(day) <= 31 and 1 <= month <= 12):
        return None
    if year:
        return f"{int(year) + 2000 if len(year) == 2 else int(year):04d}-{month:02d}-{int(day):02d}"
    return f"{int(day)} {MONTHS[month - 1]}"


def date_value(match: re.Match) -> Optional[str]:
    """The written date of a ``DATE`` match (see ``written_date``)."""
    if match.group(2):
        return written_date(match.group(1), month_number(match.group(2)), match.group(3))
    return written_date(match.group(4), int(match.group(5)), match.group(6))


# ---- sums of money --------------------------------------------------------------------
_NUM = (
    r"\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?"  # 1 249 / 1 249,90
    r"|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"  # 1.249,00
    r"|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?"  # 1,249.00 (rare)
    r"|\d+(?:[.,]\d{1,2})?"  # 1249 / 189,90 / 189.90
)
_CURRENCY = r"(?:(k) ?)?(€|euros?\b|eur\b|balles?\b)"
# what may follow "12 euros" without "50" being its cents
_NOT_CENTS = (
    r"(?!\d|[.,/:]\d| ?(?:fois|x\b|%|€|euros?\b|eur\b|balles?\b|jours?\b|j\b|mois\b|semaines?\b|ans?\b"
    r"|h\b|h\d|heures?\b|min|articles?|colis|produits?|commandes?|janv|fev|mars|avr|mai\b|juin|juil|aout"
    r"|sept|oct|nov|dec))"
)
_DIGIT_AMOUNT = re.compile(
    rf"(?:(?<![\w.,/])|(?<=\dx))({_NUM})(?!\d) ?-? ?{_CURRENCY}"  # also "2x29€90"
    rf"(?:(?<=€)(\d{{2}}){_NOT_CENTS}|(?<=o|s) (\d{{2}}){_NOT_CENTS})?"  # 49€99, 12 euros 50
)
# "45e de frais": "e" for euros, only before words that leave no doubt ("3e fois" is an ordinal)
_E_AMOUNT = re.compile(
    r"(?<![\w.,/])(\d{2,}(?:[.,]\d{1,2})?|\d[.,]\d{1,2}) ?e(?= (?:de (?:frais|plus|trop|remise|reduction"
    r"|dedommagement|penalites?|caution|difference)|d'(?:avoir|acompte|ecart)|par mois|chacun|ttc\b|ht\b"
    r"|en trop|au lieu))"
)
# "210 € au lieu de 70": a bare number compared with a sum just said is a sum too
_INSTEAD = re.compile(
    r"\b(?:au lieu de|au lieu des|et non|et pas|plutot que|a la place de) (\d+(?:[.,]\d{1,2})?)"
    r"(?!\d|[.,]\d| ?(?:%|h\b|h\d|heures?|fois|jours?|j\b|mois|ans?|min|minutes|semaines?|€|eur|euros?"
    r"|articles?))"
)
_PREFIX_AMOUNT = re.compile(rf"(?<!\w)(?:€|eur\b) ?({_NUM})(?!\d|[.,]\d)")
_WORD_AMOUNT = re.compile(rf"(?<![\w-])({NUMBER_WORDS}) ?(?:d' ?)?(€|euros?\b|balles?\b)")
_CENTIMES = re.compile(r"(?<![\w.,/])(\d{1,2}) ?centimes?\b")
_MONEY_WORD = re.compile(
    r"\b(?:prelev\w*|debit\w*|factur\w*|pay\w*|pai\w*|regl\w*|rembours\w*|montant|somme|prix|cout\w*"
    r"|tarif\w*|total|frais)\b[^.!?;\n\d]{0,25}?(?<![\w.,/])(\d+[.,]\d{2})(?![\d€]| ?(?:€|eur|balles|%|h\b))"
)


def to_euros(number: str) -> float:
    """ "1 249,90" -> 1249.9, "1.249" -> 1249.0, "189.90" -> 189.9."""
    number = number.replace(" ", "")
    if "," in number and "." in number:
        decimal = max(number.rfind(","), number.rfind("."))
        number = re.sub(r"[.,]", "", number[:decimal]) + "." + number[decimal + 1 :]
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number):
        number = re.sub(r"[.,]", "", number)
    return round(float(number.replace(",", ".")), 2)


def _digit_amount(match: re.Match) -> Tuple[int, float]:
    number, thousand, currency, cents, spaced_cents = match.groups()
    value = to_euros(number) * (1000 if thousand else 1)
    cents = cents or spaced_cents
    whole = not re.search(r"[.,]\d{1,2}$", number) and not thousand and currency[0] in "€e"
    if cents and whole:
        return match.end(), round(value + int(cents) / 100, 2)
    return match.end(5) if cents else match.end(), value


def find_amounts(text: str) -> List[Tuple[int, int, float]]:
    """Every sum of money in prepared text as (start, end, euros), in order, no overlap."""
    found = []
    for match in _DIGIT_AMOUNT.finditer(text):
        end, value = _digit_amount(match)
        found.append((match.start(), end, value))
    found += [(m.start(), m.end(), to_euros(m.group(1))) for m in _PREFIX_AMOUNT.finditer(text)]
    found += [(m.start(), m.end() + 1, to_euros(m.group(1))) for m in _E_AMOUNT.finditer(text)]
    found += [(m.start(), m.end(), int(m.group(1)) / 100) for m in _CENTIMES.finditer(text)]
    found += [(m.start(1), m.end(), to_euros(m.group(1))) for m in _MONEY_WORD.finditer(text)]
    for match in _WORD_AMOUNT.finditer(text):
        words = match.group(1).split(" ")
        for i in range(len(words)):  # "les deux trois euros": the longest valid tail
            value = parse_words(" ".join(words[i:]))
            if value is not None:
                found.append((match.start(), match.end(), float(value)))
                break
    for match in _INSTEAD.finditer(text):
        if any(0 <= match.start() - end <= 40 for _, end, _ in found):
            found.append((match.start(1), match.end(1), to_euros(match.group(1))))
    kept: List[Tuple[int, int, float]] = []
    for start, end, value in sorted(found, key=lambda f: (f[0], -f[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, value))
    return kept
