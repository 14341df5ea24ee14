"""Russian typography for every text docgen writes into a document: spaces, dashes, quotes.

One pass, after the grammar and before the XML, so that «Лицей №» never ends a line with «1» on
the next, initials never part from their surname, and a hyphen typed for a dash becomes a dash.
The rules follow the proofreader's practice for Russian official texts (А. Э. Мильчин, Л. К.
Чельцова, «Справочник издателя и автора»; ГОСТ Р 7.0.97-2025 for the requisites):

* **Non-breaking spaces** (U+00A0): after «№» and «§» (a missing space is added); between a
  number and its unit («15 %», «2022 г.», «13,3 п.п.», «5 чел.», «100 руб.»); between initials
  and the surname in both orders, and between spaced initials («И.А. Петрова», «Петрова И.А.»,
  «им. И.А. Петрова»); after «г.», «с.», «д.», «п.», «ст.», «пос.», «ул.», «пгт» before a place
  or a number; after a word of one or two letters (в, к, с, и, на, по, до, от …); before a dash.
* **Dashes.** The dash between words is the en dash with a non-breaking space before it and a
  space after it («Сентябрь – май», «(далее – План)»). Мильчин prescribes the em dash for book
  typesetting; Russian official documents are typed in Word, whose Russian AutoFormat makes the
  en dash, and the real documents docgen reproduces use it (seeds 000, 001, 004). A list item's
  «- » marker becomes «– ». Numbers joined by a spaced hyphen («5 - 9 классы») become a range with
  an en dash and no spaces («5–9»). Ranges of years in the names of periods keep their hyphen
  («2023-2024 учебный год», «2022-2024 годы»), as every source document writes them.
* **Quotes**: straight quotes become «ёлочки»; quotes inside quotes become „лапки“.
* **Clean-up**: one space between words, no space before , . ; : ! ? ) », none after ( «, and no
  doubled full stop («ед..» after an abbreviation that ends the sentence); «...» is kept.

No rule changes a letter or a digit: only spaces, dashes, quotes and a doubled full stop.
:func:`typeset` works on a string; :func:`typeset_pieces` on the pieces of one paragraph (the
runs of a DOCX paragraph), keeping each character in its piece, so formatting stays where it was.
The pass is idempotent: typesetting a typeset text changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

NBSP = "\u00a0"
DASH = "\u2013"

_Replace = Callable[[re.Match[str]], str]

_SPACE = f"[ {NBSP}]"
_CAP = "А-ЯЁ"
_INITIALS = rf"[{_CAP}]\.(?:{_SPACE}?[{_CAP}]\.)?"
_SURNAME = rf"[{_CAP}][а-яё]+(?:-[{_CAP}]?[а-яё]+)*"
_UNITS = (
    r"%|п\.\s?п\.|чел\.|человек|руб\.|коп\.|тыс\.|млн|млрд|ед\.|шт\.|г\.|гг\.|км|кг|мин\.|ч\.|час"
)
_SHORT = r"(?:[а-яё]{1,2}|[А-ЯЁ][а-яё]?)"  # в, на, В, На; not an abbreviation (ДО, РФ)
_PLACES = r"г|с|д|п|ст|пос|ул|пр|пер|стр|рис|табл|гл|т|им"


def _open_or_close(match: re.Match[str]) -> str:
    """A straight quote opens after a space, a bracket or the start, and closes elsewhere."""
    before = match.string[match.start() - 1] if match.start() else " "
    return "«" if before.isspace() or before in "([{„«–—-/" else "»"


def _range(match: re.Match[str]) -> str:
    return DASH


#: (pattern, replacement, screen) in the order they apply; a replacement of the same length keeps
#: each character in its piece, a shorter one puts what remains in the piece of the match's
#: start. The screen is a quick search that finds something in every text the pattern matches
#: (a character or two the match needs): a text without it skips the pattern, and most texts
#: hold no quote, dash, «№» or initials (tests/grammar/test_typography.py checks each screen).
_RULES: list[tuple[re.Pattern[str], str | _Replace, re.Pattern[str] | None]] = [
    # quotes: straight ones by position (nesting is settled afterwards)
    (re.compile(r'"'), _open_or_close, re.compile('"')),
    # clean-up
    (re.compile(r"(?<=\S) {2,}(?=\S)"), " ", re.compile("  ")),
    (
        re.compile(rf"(?<=[^\s(«„]){_SPACE}+(?=[,.;:!?)»“](?:\s|$|[,.;:!?)»“]))"),
        "",
        re.compile(rf"{_SPACE}[,.;:!?)»“]"),
    ),
    (re.compile(rf"(?<=[(«„]){_SPACE}+(?=\S)"), "", re.compile(rf"[(«„]{_SPACE}")),
    (re.compile(r"(?<=[^.]\.)\.(?!\.)"), "", re.compile(r"\.\.")),
    # dashes
    (re.compile(rf"(?<=\d){_SPACE}+[-–—]{_SPACE}+(?=\d)"), _range, re.compile(r"\d[ \xa0]")),
    (
        re.compile(rf"(?<=\S){_SPACE}+[-–—]{_SPACE}+(?=\S)"),
        f"{NBSP}{DASH} ",
        re.compile(rf"{_SPACE}[-–—]"),
    ),
    (
        re.compile(rf"^([ \t]*)[-–—]{_SPACE}+(?=\S)", re.M),
        lambda m: f"{m.group(1)}{DASH} ",
        re.compile(rf"[-–—]{_SPACE}"),
    ),
    (re.compile(rf"(?<=\S){_SPACE}+[–—](?=$)"), f"{NBSP}{DASH}", re.compile(rf"{_SPACE}[–—]")),
    # non-breaking spaces
    (re.compile(r"([№§]) ?(?=[\w(«])"), lambda m: m.group(1) + NBSP, re.compile("[№§]")),
    (re.compile(rf"(?<=\d)(?:{_SPACE}?)(?=%)"), NBSP, re.compile("%")),
    (re.compile(rf"(?<=\d) (?=(?:{_UNITS})(?![а-яё]))"), NBSP, re.compile(r"\d ")),
    (
        re.compile(rf"(?<![\w.])([{_CAP}]\.) (?=[{_CAP}]\.)"),
        lambda m: m.group(1) + NBSP,
        re.compile(rf"[{_CAP}]\. "),
    ),
    (
        re.compile(rf"(?<![\w.])({_INITIALS}) (?={_SURNAME})"),
        lambda m: m.group(1) + NBSP,
        re.compile(rf"[{_CAP}]\. "),
    ),
    (
        re.compile(rf"(?<![\w])({_SURNAME}) (?={_INITIALS}(?![\w]))"),
        lambda m: m.group(1) + NBSP,
        re.compile(rf" [{_CAP}]\."),
    ),
    (
        re.compile(rf"(?<![\w.])((?:{_PLACES})\.) (?=[{_CAP}\d])"),
        lambda m: m.group(1) + NBSP,
        re.compile(r"\. "),
    ),
    (
        re.compile(rf"(?<![\w.])(пгт|рп) (?=[{_CAP}])"),
        lambda m: m.group(1) + NBSP,
        re.compile("(?:пгт|рп) "),
    ),
    (re.compile(rf"(?<![\w.\-])({_SHORT}) (?=[\w«„(№§])"), lambda m: m.group(1) + NBSP, None),
]


def _edits(text: str) -> list[tuple[int, int, str]]:
    """The quote nesting as edits: «…«…»…» becomes «…„…“…»."""
    out: list[tuple[int, int, str]] = []
    if text.count("«") < 2:  # nothing nested
        return out
    depth = 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
            if depth % 2 == 0:
                out.append((index, index + 1, "„"))
        elif char == "»" and depth:
            if depth % 2 == 0:
                out.append((index, index + 1, "“"))
            depth -= 1
    return out


def _apply(
    text: str, owners: list[int], edits: Sequence[tuple[int, int, str]]
) -> tuple[str, list[int]]:
    """Replace spans, keeping for each new character the piece it belongs to."""
    if not edits:
        return text, owners
    parts: list[str] = []
    new_owners: list[int] = []
    at = 0
    for start, end, new in edits:
        parts.append(text[at:start])
        new_owners.extend(owners[at:start])
        parts.append(new)
        if len(new) == end - start:
            new_owners.extend(owners[start:end])
        else:
            owner = owners[start] if start < len(owners) else (owners[-1] if owners else 0)
            new_owners.extend([owner] * len(new))
        at = end
    parts.append(text[at:])
    new_owners.extend(owners[at:])
    return "".join(parts), new_owners


def _run(text: str, owners: list[int], *, screened: bool = True) -> tuple[str, list[int]]:
    """The rules over a text whose characters belong to ``owners``' pieces; ``screened`` off
    tries every pattern (the tests compare both ways)."""
    for pattern, replacement, screen in _RULES:
        if screened and screen is not None and screen.search(text) is None:
            continue
        edits = []
        for match in pattern.finditer(text):
            new = replacement if isinstance(replacement, str) else replacement(match)
            if new != match.group(0):
                edits.append((match.start(), match.end(), new))
        text, owners = _apply(text, owners, edits)
    return _apply(text, owners, _edits(text))


def _run_text(text: str) -> str:
    """:func:`_run` on a text of one piece: each pattern's substitution made by ``re`` itself
    (the same matches, replaced the same way), with no owners to keep."""
    for pattern, replacement, screen in _RULES:
        if screen is None or screen.search(text) is not None:
            text = pattern.sub(
                replacement if callable(replacement) else (lambda _, new=replacement: new), text
            )
    edits = _edits(text)
    if not edits:
        return text
    parts, at = [], 0
    for start, end, new in edits:
        parts += [text[at:start], new]
        at = end
    parts.append(text[at:])
    return "".join(parts)


@lru_cache(maxsize=65536)
def typeset(text: str) -> str:
    """The text with Russian typography applied (see the module's rules)."""
    if not text:
        return text
    return _run_text(text)


def typeset_pieces(pieces: Sequence[str]) -> list[str]:
    """The pieces of one paragraph typeset as one text, each character kept in its piece."""
    text = "".join(pieces)
    if not text:
        return list(pieces)
    filled = [index for index, piece in enumerate(pieces) if piece]
    if len(filled) == 1:  # one piece holds the whole text: nothing to share out
        out = list(pieces)
        out[filled[0]] = typeset(text)
        return out
    owners = [index for index, piece in enumerate(pieces) for _ in piece]
    new_text, new_owners = _run(text, owners)
    if new_text == text:
        return list(pieces)
    out = [""] * len(pieces)
    for char, owner in zip(new_text, new_owners, strict=True):
        out[owner] += char
    return out


_ONE_LINE = 60  # lower-case letters of Times 14 that always fit on a line of a portrait A4 page
_CAPITAL = 1.45  # a capital letter is about this much wider (a бланк in capitals wraps sooner)


def keep_last_words(text: str) -> str:
    """A centred line never ends with one word alone: the last two words are joined by a
    non-breaking space (a title, a heading, the бланк) when the line may wrap at all."""
    head, space, last = text.rstrip().rpartition(" ")
    width = sum(_CAPITAL if char.isupper() else 1.0 for char in text)
    if width <= _ONE_LINE or not space or not head or len(last) > 20:
        return text
    return f"{head}{NBSP}{last}{text[len(text.rstrip()) :]}"


_PHONE = re.compile(r"^(\+7|8)[\s\u00a0-]*\((\d{3,5})\)[\s\u00a0-]*([\d\s\u00a0-]{5,9})$")


def phone_text(phone: str) -> str:
    """A telephone number as an executor mark writes it: «8 (4725) 22-55-48», no line break
    inside it. A number without its code in brackets is kept as written (the code's length,
    3 to 5 digits, cannot be told from the digits alone)."""
    found = _PHONE.match(phone.strip())
    if found is None:
        return phone
    prefix, code, rest = found.groups()
    digits = re.sub(r"\D", "", rest)
    groups = {5: (1, 2, 2), 6: (2, 2, 2), 7: (3, 2, 2)}.get(len(digits))
    if groups is None:
        return phone
    parts, at = [], 0
    for size in groups:
        parts.append(digits[at : at + size])
        at += size
    return f"{prefix}{NBSP}({code}){NBSP}{'-'.join(parts)}"
