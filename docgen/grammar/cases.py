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
