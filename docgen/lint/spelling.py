"""Words no dictionary knows, and words a stray space has cut in two.

The dictionary is pymorphy3's own lexicon (OpenCorpora, ~400 000 lemmas with every form),
asked through ``word_is_known``, which answers from the dictionary only and never guesses.
It was chosen over a Hunspell dictionary because docgen already loads it for its grammar (no
second dictionary to install: Debian's ``hunspell-ru`` is not there on a school's Windows
computer, and the Python bindings need a compiler), and because it knows every inflected form
the grammar writes. It does not know names, abbreviations and the trade's new words
(«нетворкинг», «профминимум»): those are in docgen's own list (``words.txt``) and in the user's
dictionary (``--dictionary``, one word per line).

What is not checked, on purpose: words in capitals or with capitals inside (abbreviations:
СОШ, АмИРО), a capitalised word inside a sentence (a proper name: «Кванториум», «Ушинского»),
template expressions (``{{ people.x | дт }}``), letters after a number («11-х»).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.grammar import _morph

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_WORD = re.compile(r"(?<![\w\-.])(?<!\d-)([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*)(?![\w])")
#: Where a sentence (or a list item) starts: a capital after it is not a name's. A period after
#: a capital letter is an initial («К.Д. Ушинского»), not a sentence's end.
_SENTENCE_END = re.compile(r"(?:^|(?<![А-ЯЁA-Z])[.!?]|[:;\n]|^\s*[-–—•])\s*$")
_ENDINGS = "аеёиоуыэюяйь"
#: Short words that are not words on their own in an official text, though the lexicon has
#: them (as interjections or rare abbreviations): «профессионально го» is a broken word.
_FRAGMENTS = frozenset({"го", "му", "ой", "ых", "ым", "ий", "ая", "ое", "ие", "ей", "ом", "ем"})
_FUNCTION = ("PREP", "CONJ", "PRCL", "NPRO", "INTJ")
#: Texts whose findings a dictionary remembers (a bulk run's distinct texts are far fewer).
_REMEMBERED = 20_000


class Dictionary:
    """The words a text may use: the lexicon, docgen's list, the user's words (stems)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.words = frozenset(_builtin() | {_key(w) for w in extra if w.strip()})
        self.stems = frozenset(_stem(w) for w in self.words if len(_stem(w)) >= 4)
        self._found: dict[str, tuple[tuple[str, str], ...]] = {}

    def unknown(self, text: str) -> tuple[tuple[str, str], ...]:
        """:func:`unknown_words` of ``text``, remembered: the points of every school's order
        and the texts of a municipal plan repeat in a district run, and the lookups are the
        lint's costly part."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= _REMEMBERED:
                self._found.clear()
            found = self._found[text] = tuple(unknown_words(text, self))
        return found

    def knows(self, word: str) -> bool:
        """Whether ``word`` (a form, any case) is known; a hyphenated word part by part."""
        lower = word.lower().replace("ё", "е")
        if self._listed(lower) or _known(lower):
            return True
        if "-" in lower:
            parts = lower.split("-")
            return all(
                self._listed(p) or _known(p) or (i < len(parts) - 1 and _linking(p))
                for i, p in enumerate(parts)
            )
        return False

    def _listed(self, lower: str) -> bool:
        """A listed word covers its forms: «нетворкинг» covers «нетворкинга», «нетворкинге»."""
        if lower in self.words:
            return True
        return any(lower[: len(lower) - cut] in self.stems for cut in range(0, 4))


def user_words(paths: Iterable[Path]) -> list[str]:
    """The words of the user's dictionary files: one a line, «#» starts a comment."""
    words: list[str] = []
    for path in paths:
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(
                f"не удалось прочитать словарь: {exc} (нужен текстовый файл UTF-8, "
                "по слову в строке)",
                Location(file=str(path)),
            ) from None
        words += [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [w for w in words if w]


def unknown_words(text: str, dictionary: Dictionary) -> Iterator[tuple[str, str]]:
    """(word, advice) for each word of ``text`` the dictionary does not know or that is cut."""
    plain = _TEMPLATE.sub(lambda m: " " * len(m.group()), text)
    matches = list(_WORD.finditer(plain))
    for index, match in enumerate(matches):
        word = match.group(1)
        if _skipped(word, plain[: match.start()]):
            continue
        if not dictionary.knows(word):
            yield word, _advice(word)
            continue
        after = matches[index + 1] if index + 1 < len(matches) else None
        if after is not None and plain[match.end() : after.start()] == " ":
            tail = after.group(1)
            joined = (word + tail).lower()
            if _fragment(tail) and _known(joined) and not _known_phrase(word, tail):
                yield (
                    f"{word} {tail}",
                    f"слово разорвано пробелом? Должно быть «{word}{tail}»",
                )


def _skipped(word: str, before: str) -> bool:
    if word.isupper() and len(word) > 1:
        return True  # an abbreviation
    if any(ch.isupper() for ch in word[1:]):
        return True  # АмИРО, ПМПк
    # a capital inside a sentence: a proper name
    return word[:1].isupper() and not _SENTENCE_END.search(before)


def _advice(word: str) -> str:
    lower = word.lower()
    for cut in range(2, len(lower) - 1):
        head, tail = lower[:cut], lower[cut:]
        if _known(head) and _known(tail) and _function(head):
            return (
                f"нет в словаре; может быть, «{word[:cut]} {word[cut:]}»? Если слово верное, "
                "добавьте его в свой словарь (--dictionary)"
            )
    return (
        "нет в словаре: проверьте написание; если слово верное (имя, название, сокращение), "
        "добавьте его в свой словарь (--dictionary, по слову в строке)"
    )


def _fragment(tail: str) -> bool:
    return tail.lower() in _FRAGMENTS


def _known_phrase(word: str, tail: str) -> bool:
    """«в нём ой» is two words; a fragment after a word that takes no ending is not a cut."""
    parses = _morph.parse(word.lower())
    return bool(parses) and any(tag in parses[0].tag for tag in _FUNCTION)


def _function(word: str) -> bool:
    parses = _morph.parse(word)
    return bool(parses) and any(tag in parses[0].tag for tag in ("PREP", "CONJ", "PRCL"))


def _linking(part: str) -> bool:
    """«психолого-», «медико-», «практико-»: the first part of a compound adjective."""
    return len(part) > 3 and part[-1] in "ое" and _known(part[:-1])


@cache
def _known(lower: str) -> bool:
    return bool(_morph.analyzer().word_is_known(lower))


def _key(word: str) -> str:
    return word.strip().lower().replace("ё", "е")


def _stem(word: str) -> str:
    return word.rstrip(_ENDINGS)


@cache
def _builtin() -> frozenset[str]:
    text = resources.files("docgen.lint").joinpath("words.txt").read_text("utf-8")
    return frozenset(
        _key(line.split("#", 1)[0]) for line in text.splitlines() if line.split("#", 1)[0].strip()
    )
