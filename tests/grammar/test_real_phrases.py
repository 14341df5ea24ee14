"""Real phrases of official documents (tests/grammar/data/real_phrases.txt) in five cases.

With the kind given every form must be right. With no kind (the CLI, a template filter called
without ``kind=``) a phrase is declined whole or refused with a GrammarError, never half-declined.
The failure classes of issue 13 each have at least ten examples in the table. The forms were
written by hand; the file says where each phrase was published.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from docgen import inflect
from docgen.errors import GrammarError
from docgen.grammar.inflector import DEFAULT_EXCEPTIONS, guess_kind

DATA = Path(__file__).with_name("data") / "real_phrases.txt"
OBLIQUE = ("gent", "datv", "accs", "ablt", "loct")
CHECKED = ("verified ", "partly ", "source found ", "unverified: ", "hand: ")
NBSP = "\u00a0"


class Phrase(NamedTuple):
    kind: str
    gender: str | None
    forms: tuple[str, ...]  # nominative first, then the five oblique cases
    source: str
    mark: str
    checked: str
    line: int

    @property
    def text(self) -> str:
        return self.forms[0]


def load(path: Path = DATA) -> list[Phrase]:
    """Rows of ``kind | gender | им | рд | дт | вн | тв | пр | tail | source | mark | checked``."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split(" | ")]
        assert len(cells) == 12, f"{path.name}:{number}: 12 cells expected, got {len(cells)}"
        kind, gender, *forms, tail, source, mark, checked = cells
        if tail != "-":
            forms = [f"{f} {tail}" for f in forms]
        rows.append(
            Phrase(
                kind, None if gender == "-" else gender, tuple(forms), source, mark, checked, number
            )
        )
    return rows


PHRASES = load()


def _norm(text: str) -> str:
    return text.replace(NBSP, " ")


def _id(row: Phrase) -> str:
    return f"{row.line}-{row.kind}"


def test_table_is_large_enough_and_sourced() -> None:
    assert len(PHRASES) >= 300
    for kind in ("person", "position", "org", "place"):
        assert sum(r.kind == kind for r in PHRASES) >= 50, kind
    assert all(r.source and r.mark in ("doc", "hand") for r in PHRASES)
    assert all(r.checked.startswith(CHECKED) for r in PHRASES)
    # A hard case written by hand says so, whether or not its person was found published.
    assert all(r.mark == "hand" for r in PHRASES if r.checked.startswith("hand"))
    for row in PHRASES:
        if row.checked.startswith(("verified ", "partly ", "source found ")):
            assert re.search(r" https?://\S+", row.checked), row.line
    assert len({r.text for r in PHRASES}) == len(PHRASES), "a phrase is listed twice"


@pytest.mark.parametrize("row", PHRASES, ids=_id)
def test_with_kind(row: Phrase) -> None:
    got = tuple(_norm(inflect(row.text, c, kind=row.kind, gender=row.gender)) for c in OBLIQUE)
    assert got == row.forms[1:]


@pytest.mark.parametrize("row", PHRASES, ids=_id)
def test_without_kind_right_or_refused(row: Phrase) -> None:
    """No half-declined phrase: every form right, or a GrammarError that names the phrase."""
    try:
        got = tuple(_norm(inflect(row.text, c)) for c in OBLIQUE)
    except GrammarError as exc:
        assert row.text.split()[0] in exc.message
        return
    assert got == row.forms[1:]


# The failure classes of issue 13, each read from the table by what makes a phrase belong to it.
_SETTLEMENT = re.compile(r"^(?:г\.|ст\.|с\.|д\.|пос\.|пгт|рп|город|село|деревня|поселок|станица) ")
_DASH = re.compile(r" [-–—] ")
_GLUED = re.compile(r"^(?:[А-ЯЁ]\.){1,2}[А-ЯЁ][а-яё]")
_INITIALS = re.compile(r"(?:^|\s)(?:[А-ЯЁ]\.\s?){1,2}(?:\s|$)|(?:[А-ЯЁ]\.){2}")
_ICHNA = re.compile(r"ична$")
_CLASSES: dict[str, Callable[[Phrase], bool]] = {
    "1 settlement after its generic word": lambda r: bool(_SETTLEMENT.match(r.text)),
    "2 double name after a dash": lambda r: bool(_DASH.search(r.text)),
    "3 initials without a space": lambda r: r.kind == "person" and bool(_GLUED.match(r.text)),
    "3 initials before or after": lambda r: r.kind == "person" and bool(_INITIALS.search(r.text)),
    "4 patronymic in -ична": lambda r: r.kind == "person" and bool(_ICHNA.search(r.text)),
    "5 double surname": lambda r: r.kind == "person" and "-" in r.text.split()[0],
    "6 full name guessed as a person": lambda r: r.kind == "person" and len(r.text.split()) >= 3,
}


@pytest.mark.parametrize("name", sorted(_CLASSES))
def test_every_failure_class_has_ten_examples(name: str) -> None:
    assert sum(_CLASSES[name](r) for r in PHRASES) >= 10


_DOUBLE = [r for r in PHRASES if _DASH.search(r.text)]


@pytest.mark.parametrize("dash", ["-", "–", "—"])
@pytest.mark.parametrize("row", _DOUBLE, ids=_id)
def test_spaced_hyphen_en_dash_and_em_dash_alike(row: Phrase, dash: str) -> None:
    text = _DASH.sub(f" {dash} ", row.text)
    got = tuple(_norm(inflect(text, c, kind=row.kind)) for c in OBLIQUE)
    assert got == tuple(_DASH.sub(f" {dash} ", f) for f in row.forms[1:])


_FULL_NAMES = [r for r in PHRASES if r.kind == "person" and len(r.text.split()) >= 3]


@pytest.mark.parametrize("row", _FULL_NAMES, ids=_id)
def test_full_name_is_guessed_as_a_person_and_declined_whole(row: Phrase) -> None:
    """Двирник Анна Николаевна, Шоу Анна Петровна, Лях Нина Фёдоровна: the patronymic says
    person and gender, whatever the surname is."""
    assert guess_kind(row.text) == "person"
    assert tuple(_norm(inflect(row.text, c)) for c in OBLIQUE) == row.forms[1:]


_DOUBLE_SURNAMES = [r for r in PHRASES if _CLASSES["5 double surname"](r)]


@pytest.mark.parametrize("row", _DOUBLE_SURNAMES, ids=_id)
def test_double_surname_settles_the_gender_from_any_part(row: Phrase) -> None:
    """Никитина-Шабельник А.В., Книппер-Чехова О.Л.: no gender given, none refused."""
    assert tuple(_norm(inflect(row.text, c, kind="person")) for c in OBLIQUE) == row.forms[1:]


@pytest.mark.parametrize(
    ("text", "genitive"),
    [
        ("Мельник Игорь", "Мельника Игоря"),
        ("Заяц Ирина", "Заяц Ирины"),
        ("Лев Толстой", "Льва Толстого"),
        ("Роман Мельник", "Романа Мельника"),
        ("Мария Иванова", "Марии Ивановой"),
    ],
)
def test_two_words_with_a_first_name_are_a_person_in_their_own_order(
    text: str, genitive: str
) -> None:
    """Hand-made: "Мельник Игорь" was a position (Мельника Игорь), "Лев Толстой" came back as
    "Толстого Льва"."""
    assert inflect(text, "gent") == genitive


@pytest.mark.parametrize("text", ["Шевчук-Лях А.А.", "Двирник-Мельник А.Н.", "Лях О.Ю."])
def test_unknown_gender_proposes_the_forms_docgen_would_write(text: str) -> None:
    """A refusal shows the man's and the woman's form as docgen writes them with the gender
    given; a part that settles the gender (Никитина-) never gets a form of the other one
    (the impossible Никитины-Шабельника)."""
    with pytest.raises(GrammarError) as info:
        inflect(text, "gent")
    message = _norm(info.value.message)
    assert f"{_norm(inflect(text, 'gent', gender='m'))} — муж." in message
    assert f"{_norm(inflect(text, 'gent', gender='f'))} — жен." in message


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Советский муниципальный район", "place"),
        ("г. Тверь", "place"),
        ("ст. Переясловская", "place"),
        ("Костинский Дом культуры", "org"),
        ("Министерство просвещения Российской Федерации", "org"),
        ("главный специалист-эксперт", "position"),
        ("заведующая детским садом", "position"),
        ("Уполномоченный по правам человека в Российской Федерации", "position"),
    ],
)
def test_phrase_kind_is_read_from_the_head(text: str, kind: str) -> None:
    assert guess_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "accusative"),
    [
        ("Красноярский кр.", "Красноярский кр."),
        ("Тверская обл.", "Тверскую обл."),
        ("Отдел образования администрации Тамбовского района", None),
        ("Липецкий городской Совет депутатов", None),
    ],
)
def test_no_kind_accusative_of_places_and_organizations_is_inanimate(
    text: str, accusative: str | None
) -> None:
    """Hand-made: a guessed position made these «Красноярского кр.», «Отдела образования…»."""
    assert inflect(text, "accs") == (accusative or text)


@pytest.mark.parametrize("text", ["по плану", "в течение года", "2024", "и т.д."])
def test_no_head_is_refused_with_the_phrase_and_a_request_for_kind(text: str) -> None:
    with pytest.raises(GrammarError) as info:
        inflect(text, "gent")
    assert f"«{text}»" in info.value.message
    assert "kind" in info.value.message


@pytest.mark.parametrize("kind", [None, "place"])
def test_a_name_after_an_abbreviated_generic_word_is_refused(kind: str | None) -> None:
    """Hand-made: «р-н Советский» came out «р-н Советского»."""
    with pytest.raises(GrammarError) as info:
        inflect("р-н Советский", "gent", kind=kind)
    assert "«р-н Советский»" in info.value.message


def test_the_table_is_not_an_exceptions_file() -> None:
    """docgen must decline these phrases by its rules, not look them up."""
    shipped = DEFAULT_EXCEPTIONS.read_text(encoding="utf-8").lower().replace("ё", "е")
    for row in PHRASES:
        key = row.text.lower().replace("ё", "е")
        assert f"\n{key}:" not in shipped, row.text
