"""Names of grammatical cases and genders as users write them, mapped to OpenCorpora tags."""

from __future__ import annotations

from typing import Literal

from docgen.errors import GrammarError

Case = Literal["nomn", "gent", "datv", "accs", "ablt", "loct"]
Gender = Literal["m", "f"]

CASES: tuple[Case, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")

_CASE_ALIASES: dict[str, Case] = {}
for _tag, _names in {
    "nomn": ("nomn", "nom", "nominative", "им", "им.", "и", "именительный", "кто", "что"),
    "gent": ("gent", "gen", "genitive", "рд", "р", "род", "род.", "родительный", "кого", "чего"),
    "datv": ("datv", "dat", "dative", "дт", "д", "дат", "дат.", "дательный", "кому", "чему"),
    "accs": ("accs", "acc", "accusative", "вн", "в", "вин", "вин.", "винительный"),
    "ablt": (
        "ablt",
        "ins",
        "instrumental",
        "тв",
        "т",
        "твор",
        "твор.",
        "творительный",
        "кем",
        "чем",
    ),
    "loct": (
        "loct",
        "loc",
        "prepositional",
        "пр",
        "п",
        "пред",
        "пред.",
        "предложный",
        "ком",
        "чём",
    ),
}.items():
    for _name in _names:
        _CASE_ALIASES[_name] = _tag  # type: ignore[assignment]

_GENDER_ALIASES: dict[str, Gender] = {
    "m": "m",
    "male": "m",
    "masc": "m",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "мр": "m",
    "f": "f",
    "female": "f",
    "femn": "f",
    "ж": "f",
    "жен": "f",
    "женский": "f",
    "жр": "f",
}

#: Russian short names of the cases, for messages and ``--all`` output.
CASE_LABELS: dict[Case, str] = {
    "nomn": "им",
    "gent": "рд",
    "datv": "дт",
    "accs": "вн",
    "ablt": "тв",
    "loct": "пр",
}


def parse_case(value: str) -> Case:
    """Accept nomn/им/именительный… in any letter case; reject anything else by name."""
    tag = _CASE_ALIASES.get(value.strip().lower().replace("ё", "е"))
    if tag is None:
        raise GrammarError(
            f"неизвестный падеж «{value}»: ожидается один из "
            "nomn/gent/datv/accs/ablt/loct, им/рд/дт/вн/тв/пр или полное название"
        )
    return tag


def parse_gender(value: str | None) -> Gender | None:
    """Accept m/f, м/ж and full words; ``None`` and empty mean "not given"."""
    if value is None or not str(value).strip():
        return None
    gender = _GENDER_ALIASES.get(str(value).strip().lower())
    if gender is None:
        raise GrammarError(f"неизвестный род «{value}»: ожидается m/f или м/ж")
    return gender


#: Letters that begin a word with a vowel sound «о» cannot stand before: «об Иванове», «об
#: Эрнсте», «об Ульяне»; е, ё, ю, я begin with the sound «й» and take «о» («о Егорове»).
_OB_LETTERS = frozenset("аоуэиыАОУЭИЫ")
#: The few words that take «обо» (Розенталь, § 154): «обо мне», «обо всём», «обо всех».
_OBO_WORDS = frozenset({"мне", "всём", "всем", "всех"})


def preposition_o(phrase: str) -> str:
    """ "о", "об" or "обо" before ``phrase`` in the prepositional case, by its first word's
    first letter: «об Иванове», «о Петрове», «о Егорове», «обо всём»; quotes and the like
    before the first letter do not count («о «Точке роста»»). A phrase without a letter
    takes «о»."""
    first = phrase.split()[0] if phrase.split() else ""
    if first.lower().replace("ё", "е") in {w.replace("ё", "е") for w in _OBO_WORDS}:
        return "обо"
    letter = next((c for c in phrase if c.isalpha()), "")
    return "об" if letter in _OB_LETTERS else "о"
