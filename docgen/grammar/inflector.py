"""The one entry point for inflection: picks persons vs. phrases and applies user exceptions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from docgen.errors import DataError, GrammarError, Location, UnknownGenderError
from docgen.grammar._morph import parse
from docgen.grammar.cases import CASES, Case, Gender, parse_case, parse_gender
from docgen.grammar.names import (
    NBSP,
    NamePart,
    gender_of_first_name,
    gender_of_patronymic,
    gender_of_surname,
    inflect_name_part,
    inflect_person,
    parse_person,
    person_tokens,
)
from docgen.grammar.phrases import inflect_phrase, phrase_kind

Kind = Literal["person", "surname", "name", "patronymic", "position", "org", "place"]
KINDS: tuple[Kind, ...] = ("person", "surname", "name", "patronymic", "position", "org", "place")
_KIND_ALIASES: dict[str, Kind] = {
    **{k: k for k in KINDS},
    "фио": "person",
    "персона": "person",
    "фамилия": "surname",
    "имя": "name",
    "отчество": "patronymic",
    "должность": "position",
    "организация": "org",
    "орг": "org",
    "место": "place",
    "firstname": "name",
    "lastname": "surname",
    "middlename": "patronymic",
    "organization": "org",
}
_INDECLINABLE = {"indeclinable", "неизменяемое", "не склоняется", "несклоняемое"}

DEFAULT_EXCEPTIONS = Path(__file__).with_name("exceptions.yaml")


def parse_kind(value: str | None) -> Kind | None:
    if value is None or not value.strip():
        return None
    kind = _KIND_ALIASES.get(value.strip().lower())
    if kind is None:
        raise GrammarError(
            f"неизвестный вид текста «{value}»: ожидается один из {', '.join(KINDS)}"
        )
    return kind


def _key(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").lower().replace("ё", "е").split())


@dataclass
class Exceptions:
    """User-supplied forms that override the grammar for a word or a whole phrase."""

    forms: dict[str, dict[Case, str]] = field(default_factory=dict)

    def lookup(self, text: str, case: Case) -> str | None:
        key = _key(text)
        entry = self.forms.get(key)
        if entry is None:
            return None
        form = entry.get(case)
        if form is not None and _key(form) == key:
            return text  # unchanged form: keep the letter case the text came with
        return form

    def merged(self, other: Exceptions) -> Exceptions:
        return Exceptions({**self.forms, **other.forms})

    @classmethod
    def load(cls, path: Path) -> Exceptions:
        """Read a YAML file: ``phrase: {рд: …, дт: …}`` or ``phrase: неизменяемое``."""
        import yaml

        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise DataError(
                f"не удалось прочитать файл исключений: {exc.strerror}", Location(file=str(path))
            ) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DataError(
                f"ошибка синтаксиса YAML: {getattr(exc, 'problem', exc)}",
                Location(file=str(path), line=mark.line + 1 if mark else None),
            ) from exc
        if not isinstance(raw, dict):
            raise DataError("ожидается словарь «фраза: формы»", Location(file=str(path)))
        forms: dict[str, dict[Case, str]] = {}
        for phrase, value in raw.items():
            where = Location(file=str(path), key_path=str(phrase))
            if isinstance(value, str) and value.strip().lower() in _INDECLINABLE:
                forms[_key(str(phrase))] = {c: str(phrase) for c in CASES}
                continue
            if not isinstance(value, dict):
                raise DataError(
                    "ожидаются формы по падежам (рд: …, дт: …) или «неизменяемое»", where
                )
            entry: dict[Case, str] = {"nomn": str(phrase)}
            for case_name, form in value.items():
                try:
                    entry[parse_case(str(case_name))] = str(form)
                except GrammarError as exc:
                    raise DataError(
                        exc.message, Location(file=str(path), key_path=f"{phrase}.{case_name}")
                    ) from exc
            forms[_key(str(phrase))] = entry
        return cls(forms)


@dataclass
class Inflector:
    """Inflects any text docgen meets; one per process, with the exceptions in force."""

    exceptions: Exceptions = field(default_factory=Exceptions)
    _cache: dict[tuple[str, Case, Kind | None, Gender | None], str] = field(
        default_factory=dict, repr=False
    )
    #: the same forms by the words they were asked with («рд», "gent", "орг"): a district's
    #: documents ask each school's names many times, and reading the case, kind and gender
    #: again each time cost more than the look-up
    _asked: dict[tuple[Any, str, str | None, str | None], str] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def with_exceptions(cls, files: Iterable[Path] = ()) -> Inflector:
        """The project's default exceptions, then each user file on top of them."""
        exceptions = (
            Exceptions.load(DEFAULT_EXCEPTIONS) if DEFAULT_EXCEPTIONS.exists() else Exceptions()
        )
        for path in files:
            exceptions = exceptions.merged(Exceptions.load(path))
        return cls(exceptions)

    def inflect(
        self, text: str, case: str, *, kind: str | None = None, gender: str | None = None
    ) -> str:
        """Put ``text`` into ``case``; see :func:`docgen.inflect`."""
        asked = (text, case, kind, gender)
        cached = self._asked.get(asked)
        if cached is not None:
            return cached
        tag = parse_case(case)
        kind_ = parse_kind(kind)
        gender_ = parse_gender(gender)
        key = (text, tag, kind_, gender_)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._inflect(str(text), tag, kind_, gender_)
        if len(self._asked) >= 65536:  # a long-running process (the web application)
            self._asked.clear()
        self._asked[asked] = cached
        return cached

    def _inflect(self, text: str, case: Case, kind: Kind | None, gender: Gender | None) -> str:
        if not text.strip():
            return text
        override = self.exceptions.lookup(text, case)
        if override is not None:
            return override
        kind = kind or guess_kind(text)
        stripped = text.strip()
        if kind == "person":
            return inflect_person(stripped, case, gender, self.exceptions.lookup)
        if kind in ("surname", "name", "patronymic"):
            return self._name_part(stripped, case, gender, kind)
        animate = {"position": True, "org": False, "place": False}.get(kind)
        return inflect_phrase(stripped, case, animate=animate, override=self.exceptions.lookup)

    def _name_part(self, word: str, case: Case, gender: Gender | None, part: NamePart) -> str:
        override = self.exceptions.lookup(word, case)
        if override is not None:
            return override
        if gender is None:
            gender = {
                "name": gender_of_first_name,
                "patronymic": gender_of_patronymic,
                "surname": gender_of_surname,
            }[part](word)
        if gender is None:
            as_man = inflect_name_part(word, case, "m", part)
            if as_man == inflect_name_part(word, case, "f", part):
                return as_man
            raise UnknownGenderError(
                f"не указан пол для «{word}»: форма в падеже зависит от пола; "
                "укажите gender: m или f"
            )
        return inflect_name_part(word, case, gender, part)

    def agree(
        self, count: int | float | Decimal, phrase: str, case: str = "nomn", *, number: bool = True
    ) -> str:
        """Agree a phrase with a number: 36 общеобразовательных организаций.

        The number and the phrase are joined by a non-breaking space so that a line never
        starts with the noun of a number left on the line before.
        """
        from docgen.grammar.numerals import decimal as format_decimal

        form = inflect_phrase(
            phrase.strip(), parse_case(case), count=count, override=self.exceptions.lookup
        )
        if not number:
            return form
        digits = format_decimal(count) if not isinstance(count, int) else _group(count)
        return f"{digits}{NBSP}{form}"


def _group(n: int) -> str:
    from docgen.grammar.numerals import group_digits

    return group_digits(n)


# Endings of patronymics (Николаевна, Фёдорович, Ильич, Силыч, Саввична, Кузьминична) and the Turkic
# words for "son of", "daughter of" (оглы, кызы).
_PATRONYMIC = re.compile(r"[а-яё]{2,}(?:ович|евич|ич|ыч|овна|евна|ична|инична)$", re.IGNORECASE)
_TURKIC = frozenset({"оглы", "улы", "уулу", "кызы", "гызы"})


def guess_kind(text: str) -> Kind:
    """Guess whether a text is a person's name, a position, an organization or a place.

    Templates should say the kind; the guess is for the CLI and for quick use. A text is a
    person when it has a patronymic, «оглы»/«кызы», initials or a first name next to a
    capitalised word, whatever the surname is (Двирник, Шоу, Лях), or when every word reads as
    a name.
    Otherwise the head noun decides (:func:`~docgen.grammar.phrases.phrase_kind`); a phrase
    without one is refused with a :class:`GrammarError` that asks for the kind.
    """
    if _looks_like_person(text):
        return "person"
    return phrase_kind(text)  # type: ignore[return-value]


def _looks_like_person(text: str) -> bool:
    tokens = person_tokens(text)
    if not 1 <= len(tokens) <= 4:
        return False
    turkic = tokens[-1].lower() in _TURKIC and len(tokens) >= 3
    words = tokens[:-1] if turkic else tokens
    if not all(_capitalised(w) for w in words):
        return False
    if turkic:
        return True
    initials = [w for w in words if _INITIALS.match(w)]
    if initials:
        return len(words) - len(initials) == 1
    if len(words) in (2, 3) and _PATRONYMIC.search(words[-1]):
        return True
    try:
        person = parse_person(text)
    except GrammarError:
        return False
    if len(words) == 2 and person.name and _is_first_name(person.name):
        return True  # Мельник Игорь: a first name next to a capitalised word
    return all(_is_name_word(w) for w in words)


def _is_first_name(word: str) -> bool:
    return any("Name" in p.tag and p.tag.case == "nomn" for p in parse(word.lower()))


_INITIALS = re.compile(r"^(?:[А-ЯЁA-Z][а-яёa-z]?\.)+$")


def _capitalised(word: str) -> bool:
    """Иванов, Римская-Корсакова, И.Г.: a capital, then not all capitals (not an abbreviation)."""
    return word[:1].isupper() and (len(word) == 1 or not word.isupper() or "." in word)


def _is_name_word(word: str) -> bool:
    parses: list[Any] = list(parse(word.lower()))
    best = parses[0] if parses else None
    if best is None:
        return False
    if {"Name", "Surn", "Patr"} & best.tag.grammemes:
        return True
    return best.tag.POS is None or (
        best.methods_stack[0][0].__class__.__name__ != "DictionaryAnalyzer"
        and "Geox" not in best.tag
    )
