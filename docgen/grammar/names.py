"""Inflection of personal names: surnames, first names, patronymics and whole persons.

Strategy, chosen by measurement (``benchmarks/inflection_accuracy.py``): pymorphy3's
dictionary knows most Russian names with their real paradigms (Лев -> Льва, Любовь ->
Любови, Толстой -> Толстого, Шевчук for a woman stays unchanged); where it has no
analysis with the right tag and gender, the petrovich rules (pytrovich, MIT) decline the
word by its ending, which is what they were written for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from docgen.errors import GrammarError, UnknownGenderError
from docgen.grammar._morph import inflect, match_case, parse, restore_yo
from docgen.grammar.cases import Case, Gender

NamePart = Literal["surname", "name", "patronymic"]

NBSP = "\u00a0"

_TAG_OF_PART: dict[NamePart, str] = {"surname": "Surn", "name": "Name", "patronymic": "Patr"}
_PETROVICH_CASE = {
    "gent": "GENITIVE",
    "datv": "DATIVE",
    "accs": "ACCUSATIVE",
    "ablt": "INSTRUMENTAL",
    "loct": "PREPOSITIONAL",
}
_PETROVICH_PART = {"surname": "LASTNAME", "name": "FIRSTNAME", "patronymic": "MIDDLENAME"}

# Russian spelling: no ы after г, к, х, ж, ш, ч, щ (the rules write Хижы for Хижа).
_SPELLING = re.compile(r"([гкхжшчщ])ы$")
# Soft adjective-type surnames decline like синий (Самотечний -> Самотечнему); the
# dictionary files some of them under the hard paradigm.
_ADJECTIVE_SURNAME = re.compile(r"ний$", re.IGNORECASE)
_SIBILANT_A = re.compile(r"[жшчщц]а$", re.IGNORECASE)
# A surname in -а/-я after a consonant declines the same for a man and a woman (Анатолия
# Чайки, Ирины Чайки; gramota.ru: «и женские, и мужские фамилии, оканчивающиеся на безударный
# -а, которому предшествует согласный, склоняются»); the dictionary files a few women's
# surnames of this shape (Кучма, Чайка, Навоша) as indeclinable. The same holds for -ия
# (Данелия, Берия): gramota.ru, «склонение фамилий, оканчивающихся на гласный, не зависит от
# того, мужские они или женские»; the dictionary declines the man's (Данелии), so the woman's too.
# Розенталь would leave -ия unchanged for both; a user who writes so puts it in the exceptions file.
_ALIKE_FOR_BOTH = re.compile(r"(?:[бвгджзйклмнпрстфхцчшщь][ая]|ия)$", re.IGNORECASE)
_INITIAL = re.compile(r"^(?:[А-ЯЁA-Z][а-яёa-z]?\.)+$")
_TURKIC_PATRONYMIC = {"оглы": "m", "улы": "m", "уулу": "m", "кызы": "f", "гызы": "f"}
# Surname endings that fix the gender of a nominative surname (Ушакова is a woman,
# Ушаков a man). Consonant endings (Двирник, Шевчук) do not: there the data must say.
_FEMALE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая|ая|яя)$", re.IGNORECASE)
_MALE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ской|цкой|ой|ый|ий)$", re.IGNORECASE)


@cache
def _petrovich() -> Any:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _petrovich_form(word: str, case: Case, gender: Gender, part: NamePart) -> str:
    from pytrovich.enums import Case as PCase
    from pytrovich.enums import Gender as PGender
    from pytrovich.enums import NamePart as PPart

    return str(
        _petrovich().make(
            PPart[_PETROVICH_PART[part]],
            PGender.MALE if gender == "m" else PGender.FEMALE,
            PCase[_PETROVICH_CASE[case]],
            word,
        )
    )


def _dictionary_parse(word: str, gender: Gender, part: NamePart) -> Any | None:
    """The pymorphy3 analysis of ``word`` as a nominative name of this part and gender."""
    tag_name = _TAG_OF_PART[part]
    wanted = "masc" if gender == "m" else "femn"
    for p in parse(word.lower()):
        tag = p.tag
        if tag_name not in tag or tag.case != "nomn" or tag.number == "plur":
            continue
        if tag.gender == wanted or "ms-f" in tag:
            return p
    return None


@cache
def _petrovich_exceptions() -> dict[tuple[NamePart, str], frozenset[str]]:
    """Whole words the petrovich rules list as exceptions, by part and gender label.

    These are hand-curated (Алия -> Алие, Бонч in Бонч-Бруевич, Дюма), so they win over
    the dictionary, which declines such words by the general pattern.
    """
    import json

    from pytrovich.maker import PetrovichDeclinationMaker

    with open(PetrovichDeclinationMaker.DEFAULT_PATH_TO_RULES_FILE, encoding="utf-8") as fh:
        rules = json.load(fh)
    found: dict[tuple[NamePart, str], set[str]] = {}
    for part, key in (("surname", "lastname"), ("name", "firstname"), ("patronymic", "middlename")):
        for rule in rules[key].get("exceptions", []):
            found.setdefault((part, rule["gender"]), set()).update(rule["test"])  # type: ignore[arg-type]
    return {k: frozenset(v) for k, v in found.items()}


def _is_petrovich_exception(word: str, part: NamePart, gender: Gender) -> bool:
    table = _petrovich_exceptions()
    label = "male" if gender == "m" else "female"
    lowered = word.lower()
    return lowered in table.get((part, label), frozenset()) or lowered in table.get(
        (part, "androgynous"), frozenset()
    )


@cache
def inflect_name_part(word: str, case: Case, gender: Gender, part: NamePart) -> str:
    """Inflect one surname, first name or patronymic given in the nominative."""
    if case == "nomn" or not word:
        return word
    if "-" in word.strip("-"):
        return _inflect_hyphenated(word, case, gender, part)
    form = None
    if not _is_petrovich_exception(word, part, gender) and not (
        part == "surname" and _ADJECTIVE_SURNAME.search(word)
    ):
        analysis = _dictionary_parse(word, gender, part)
        if (
            analysis is not None
            and part == "surname"
            and gender == "f"
            and "Fixd" in analysis.tag
            and _ALIKE_FOR_BOTH.search(word)
        ):
            # Declined as the man's (the forms of -а nouns do not depend on gender); a man's
            # surname the dictionary also leaves unchanged (Дюма) stays unchanged.
            analysis = _dictionary_parse(word, "m", part)
        if analysis is not None:
            inflected = inflect(analysis, (case, "sing"))
            if inflected is not None:
                form = inflected.word
    if form is None and part == "surname" and gender == "m":
        form = _as_common_noun(word, case)
    if form is None:
        form = _SPELLING.sub(
            lambda m: m.group(1) + "и", _petrovich_form(word.lower(), case, gender, part)
        )
        if (
            part == "surname"
            and case == "ablt"
            and _SIBILANT_A.search(word)
            and form.endswith("ой")
        ):
            # Stress is unknown; after ж, ш, ч, щ, ц the unstressed -ей is the common case
            # (Кваша -> Квашей, Олеша -> Олешей); a stressed ending goes to the exceptions file.
            form = form[:-2] + "ей"
    if part == "patronymic" and word.lower().endswith("чна"):
        # Саввична, Ильинична, Кузьминична: the dictionary writes Саввишны (the spoken form);
        # documents keep the spelling of the nominative's stem and change only the ending.
        cut = form.lower().rfind("н")
        if cut >= 0:
            form = word[:-1].lower() + form[cut + 1 :]
    return match_case(restore_yo(form, word), word)


def _as_common_noun(word: str, case: Case) -> str | None:
    """A man's surname that is a common noun where the rules guess wrong: Прибой is declined
    like прибой (Прибоя, not the adjectival Прибого), Кумач takes the stressed instrumental of
    кумач (Кумачом). The rules know neither stress nor whether -ой is an adjective's ending."""
    lowered = word.lower()
    if not (lowered.endswith("ой") or (case == "ablt" and lowered[-1:] in "жшчщ")):
        return None
    parses = parse(lowered)
    if any(
        p.tag.POS == "ADJF" or {"Surn", "Name", "Patr", "Geox"} & p.tag.grammemes for p in parses
    ):
        return None
    for p in parses:
        if (
            p.tag.POS == "NOUN"
            and p.tag.case == "nomn"
            and p.tag.gender == "masc"
            and p.tag.number == "sing"
            and p.methods_stack[0][0].__class__.__name__ == "DictionaryAnalyzer"
        ):
            # A man is animate: his accusative is the genitive, whatever the noun's is.
            inflected = inflect(p, ("gent" if case == "accs" else case, "sing"))
            return str(inflected.word) if inflected is not None else None
    return None


def _inflect_hyphenated(word: str, case: Case, gender: Gender, part: NamePart) -> str:
    pieces = word.split("-")
    last = inflect_name_part(pieces[-1], case, gender, part)
    head = [
        inflect_name_part(piece, case, gender, part)
        if _leading_piece_declines(piece, gender, part)
        else piece
        for piece in pieces[:-1]
    ]
    return "-".join([*head, last])


def _leading_piece_declines(piece: str, gender: Gender, part: NamePart) -> bool:
    """Римской-Корсаковой and Анне-Марии decline both parts; Бонч-Бруевичу, Жан-Полю do not.

    A leading surname piece declines when it is itself a surname (known to the dictionary,
    or with a Russian surname ending); a leading first-name piece only in women's names.
    """
    if part == "patronymic":
        return True
    if part == "name":
        return gender == "f"
    if _is_petrovich_exception(piece, part, gender):
        return False
    return (
        _dictionary_parse(piece, gender, part) is not None or gender_of_surname(piece) is not None
    )


def gender_of_patronymic(patronymic: str) -> Gender | None:
    """-вич/-ич and оглы mean a man; -вна/-чна/-ична and кызы a woman."""
    words = patronymic.lower().split()
    if words and words[-1] in _TURKIC_PATRONYMIC:
        return _TURKIC_PATRONYMIC[words[-1]]  # type: ignore[return-value]
    last = words[-1] if words else ""
    if last.endswith(("вич", "ич")):
        return "m"
    if last.endswith(("вна", "чна", "ична", "инична")):
        return "f"
    return None


def gender_of_first_name(name: str) -> Gender | None:
    """The gender the dictionary gives a first name, when all its analyses agree."""
    genders = {
        p.tag.gender for p in parse(name.lower()) if "Name" in p.tag and p.tag.case == "nomn"
    }
    if genders == {"masc"}:
        return "m"
    if genders == {"femn"}:
        return "f"
    return None


def gender_of_surname(surname: str) -> Gender | None:
    """Only endings that settle it: Ушакова (f), Ушаков (m), Толстая (f), Толстой (m).

    In a double surname any part may settle it (Никитина-Шабельник is a woman); parts that
    disagree settle nothing.
    """
    genders: set[Gender] = set()
    for piece in surname.split("-"):
        if _FEMALE_SURNAME.search(piece):
            genders.add("f")
        elif _MALE_SURNAME.search(piece):
            genders.add("m")
    return genders.pop() if len(genders) == 1 else None


@dataclass(frozen=True)
class Person:
    """A person's name as written: full parts, or initials before or after the surname."""

    surname: str | None = None
    name: str | None = None
    patronymic: str | None = None
    initials: str | None = None
    initials_first: bool = False
    name_first: bool = False  # "Лев Толстой" is written back in its own order

    def gender_hint(self) -> Gender | None:
        """The gender the name itself tells, strongest evidence first."""
        if self.patronymic and (g := gender_of_patronymic(self.patronymic)):
            return g
        if self.name and (g := gender_of_first_name(self.name)):
            return g
        return None

    def render(self) -> str:
        if self.initials:
            initials = NBSP.join(self.initials.split())
            if self.initials_first:
                return f"{initials}{NBSP}{self.surname}" if self.surname else initials
            return f"{self.surname}{NBSP}{initials}" if self.surname else initials
        order = (
            (self.name, self.surname, self.patronymic)
            if self.name_first
            else (self.surname, self.name, self.patronymic)
        )
        return " ".join(p for p in order if p)


def _is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token))


def _looks_like_first_name(token: str) -> bool:
    return any("Name" in p.tag for p in parse(token.lower()))


def _looks_like_patronymic(token: str) -> bool:
    return (
        gender_of_patronymic(token) is not None
        and any("Patr" in p.tag for p in parse(token.lower()))
    ) or token.lower().endswith(("вич", "вна", "ична", "чна"))


# Initials written without a space before or after the surname: С.А.Нестерова, Нестерова С.А.
_GLUED_BEFORE = re.compile(r"^((?:[А-ЯЁA-Z][а-яёa-z]?\.)+)([А-ЯЁA-Z][а-яёa-z].*)$")
_GLUED_AFTER = re.compile(r"^([А-ЯЁA-Z][а-яёa-z][а-яёa-z-]*)((?:[А-ЯЁA-Z][а-яёa-z]?\.)+)$")


def person_tokens(text: str) -> list[str]:
    """The words of a written name, initials cut from a surname they are glued to."""
    tokens: list[str] = []
    for token in text.replace(NBSP, " ").split():
        glued = _GLUED_BEFORE.match(token) or _GLUED_AFTER.match(token)
        tokens.extend(glued.groups() if glued else (token,))
    return tokens


def parse_person(text: str) -> Person:
    """Split a written name into its parts; raise when it is not a name at all."""
    tokens = person_tokens(text)
    if not tokens:
        raise GrammarError("пустое ФИО")
    # "И. О." with a space between the initials is one group.
    lead = 0
    while lead < len(tokens) and _is_initial(tokens[lead]):
        lead += 1
    if lead:
        rest = tokens[lead:]
        if len(rest) > 1:
            raise GrammarError(
                f"не удалось разобрать ФИО «{text}»: после инициалов ожидается фамилия"
            )
        return Person(
            surname=rest[0] if rest else None, initials=" ".join(tokens[:lead]), initials_first=True
        )
    trail = len(tokens)
    while trail > 0 and _is_initial(tokens[trail - 1]):
        trail -= 1
    if trail < len(tokens):
        if trail != 1:
            raise GrammarError(
                f"не удалось разобрать ФИО «{text}»: перед инициалами ожидается фамилия"
            )
        return Person(surname=tokens[0], initials=" ".join(tokens[trail:]))
    lowered = [t.lower() for t in tokens]
    if len(tokens) >= 3 and lowered[-1] in _TURKIC_PATRONYMIC:
        # Алиев Рашид Гейдар оглы: the father's name with оглы/кызы never changes.
        if len(tokens) == 3:
            return Person(name=tokens[0], patronymic=" ".join(tokens[1:]))
        return Person(surname=tokens[0], name=tokens[1], patronymic=" ".join(tokens[2:]))
    if len(tokens) == 1:
        return Person(surname=tokens[0])
    if len(tokens) == 2:
        first, second = tokens
        if _looks_like_patronymic(second) and _looks_like_first_name(first):
            return Person(name=first, patronymic=second)
        if _looks_like_first_name(second):
            return Person(surname=first, name=second)
        if _looks_like_first_name(first):
            return Person(name=first, surname=second, name_first=True)
        return Person(surname=first, name=second)
    if len(tokens) == 3:
        return Person(surname=tokens[0], name=tokens[1], patronymic=tokens[2])
    raise GrammarError(f"не удалось разобрать ФИО «{text}»: слишком много слов")


def _inflect_patronymic(patronymic: str, case: Case, gender: Gender) -> str:
    words = patronymic.split()
    if len(words) > 1 and words[-1].lower() in _TURKIC_PATRONYMIC:
        return patronymic
    return inflect_name_part(patronymic, case, gender, "patronymic")


Override = Callable[[str, Case], "str | None"]


def _inflect_with(person: Person, case: Case, gender: Gender, override: Override | None) -> Person:
    def one(word: str | None, part: NamePart) -> str | None:
        if not word:
            return None
        if override is not None and (form := override(word, case)) is not None:
            return form
        if part == "patronymic":
            return _inflect_patronymic(word, case, gender)
        return inflect_name_part(word, case, gender, part)

    return replace(
        person,
        surname=one(person.surname, "surname"),
        name=one(person.name, "name"),
        patronymic=one(person.patronymic, "patronymic"),
    )


def inflect_person(
    text: str, case: Case, gender: Gender | None = None, override: Override | None = None
) -> str:
    """Inflect a whole person; initials never change and stay glued to the surname by NBSP."""
    person = parse_person(text)
    gender = gender or person.gender_hint()
    if gender is None:
        as_man = _inflect_with(person, case, "m", override)
        as_woman = _inflect_with(person, case, "f", override)
        if as_man == as_woman:
            return as_man.render()
        gender = gender_of_surname(person.surname) if person.surname else None
        if gender is None:
            raise UnknownGenderError(
                f"не указан пол для «{text.strip()}»: форма в падеже зависит от пола "
                f"({as_man.render()} — муж., {as_woman.render()} — жен.); укажите gender: m или f"
            )
    return _inflect_with(person, case, gender, override).render()
