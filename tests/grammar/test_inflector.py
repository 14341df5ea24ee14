"""The inflector facade: kinds, guessing, exceptions files, agreement with numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import agree, inflect
from docgen.errors import DataError, GrammarError
from docgen.grammar import Inflector
from docgen.grammar.inflector import Exceptions, guess_kind

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ушакова И.Г.", "person"),
        ("Д.Х. Клаузова", "person"),
        ("Толстой Лев Николаевич", "person"),
        ("заместитель начальника управления образования", "position"),
        ("Управление образования", "org"),
        ("Старооскольский городской округ", "place"),
        ("г. Тверь", "place"),
        ("МБОУ «СОШ № 2»", "org"),
        ("заведующая детским садом", "position"),
    ],
)
def test_guess_kind(text: str, kind: str) -> None:
    assert guess_kind(text) == kind


@pytest.mark.parametrize(
    ("count", "case", "expected"),
    [
        (36, "nomn", "36 общеобразовательных организаций"),
        (42, "nomn", "42 общеобразовательные организации"),
        (1, "nomn", "1 общеобразовательная организация"),
        (21, "loct", "21 общеобразовательной организации"),
        (16, "loct", "16 общеобразовательных организациях"),
        (11, "datv", "11 общеобразовательным организациям"),
    ],
)
def test_agree_feminine_phrase(count: int, case: str, expected: str) -> None:
    assert agree(count, "общеобразовательная организация", case) == expected.replace(" ", NBSP, 1)


@pytest.mark.parametrize(
    ("count", "phrase", "case", "expected"),
    [
        (1, "час", "nomn", "1 час"),
        (60, "час", "nomn", "60 часов"),
        (2, "учебный год", "nomn", "2 учебных года"),
        (
            6,
            "учреждение дополнительного образования",
            "nomn",
            "6 учреждений дополнительного образования",
        ),
        (
            42,
            "дошкольная образовательная организация",
            "nomn",
            "42 дошкольные образовательные организации",
        ),
        (3, "классный руководитель", "accs", "3 классных руководителей"),  # трех, animate
        # "человек" counts with its own plural, not "люди" ...
        (1, "человек", "nomn", "1 человек"),
        (3, "человек", "nomn", "3 человека"),
        (5, "человек", "nomn", "5 человек"),
        (12, "человек", "nomn", "12 человек"),
        (21, "человек", "nomn", "21 человек"),
        (3, "человек", "accs", "3 человек"),  # пригласить трех человек
        (25, "человек", "gent", "25 человек"),
        (3, "человек", "datv", "3 человекам"),
        (5, "человек", "ablt", "5 человеками"),
        (101, "человек", "loct", "101 человеке"),
        # ... unless an adjective makes it "люди": пять молодых людей
        (5, "молодой человек", "nomn", "5 молодых людей"),
    ],
)
def test_agree_other_phrases(count: int, phrase: str, case: str, expected: str) -> None:
    assert agree(count, phrase, case) == expected.replace(" ", NBSP, 1)


def test_agree_without_the_number() -> None:
    assert agree(5, "школа", number=False) == "школ"


def test_exceptions_override_words_inside_a_person(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text(
        "Кравец:\n  рд: Кравеца\n  тв: Кравецем\nКара-Сал: неизменяемое\n", encoding="utf-8"
    )
    inflector = Inflector.with_exceptions([path])
    assert inflector.inflect("Кравец С.П.", "рд", gender="m") == f"Кравеца{NBSP}С.П."
    assert inflector.inflect("Кравец С.П.", "тв", gender="m") == f"Кравецем{NBSP}С.П."
    # A case the file does not give falls back to the grammar.
    assert inflector.inflect("Кравец С.П.", "дт", gender="m") == f"Кравцу{NBSP}С.П."
    assert inflector.inflect("кара-сал", "дт", kind="surname", gender="m") == "кара-сал"
    # The default inflector is untouched.
    assert inflect("Кравец С.П.", "рд", gender="m") == f"Кравца{NBSP}С.П."


def test_exceptions_override_a_whole_phrase_and_head_word() -> None:
    inflector = Inflector(
        Exceptions(
            {
                "школа-интернат": {"datv": "школе-интернату"},
                "городской округ жигулевск": {"loct": "г.о. Жигулевск"},
            }
        )
    )
    assert inflector.inflect("школа-интернат № 5", "datv", kind="org") == "школе-интернату № 5"
    assert inflector.inflect("городской округ Жигулевск", "loct", kind="place") == "г.о. Жигулевск"


def test_exceptions_override_a_settlement_name_after_its_generic_word(tmp_path: Path) -> None:
    """A town whose own documents keep its name in the nominative says so in the file."""
    path = tmp_path / "local.yaml"
    path.write_text("Новый Уренгой: неизменяемое\nКривой Рог: неизменяемое\n", encoding="utf-8")
    inflector = Inflector.with_exceptions([path])
    assert inflector.inflect("г. Новый Уренгой", "рд", kind="place") == "г. Новый Уренгой"
    assert inflector.inflect("город Кривой Рог", "пр", kind="place") == "городе Кривой Рог"
    assert inflector.inflect("г. Тверь", "рд", kind="place") == "г. Твери"
    assert inflect("г. Новый Уренгой", "рд", kind="place") == "г. Нового Уренгоя"


def test_project_default_exceptions_apply() -> None:
    assert inflect("Минпросвещения России", "datv", kind="org") == "Минпросвещения России"


@pytest.mark.parametrize(
    ("content", "message", "where"),
    [
        ("Кравец: [Кравеца]\n", "ожидаются формы по падежам", "Кравец"),
        ("Кравец:\n  звательный: Кравеца\n", "неизвестный падеж", "Кравец.звательный"),
        ("- a\n- b\n", "ожидается словарь", None),
        ("Кравец: {рд: [\n", "ошибка синтаксиса YAML", None),
    ],
)
def test_bad_exceptions_file_names_file_and_key(
    tmp_path: Path, content: str, message: str, where: str | None
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        Exceptions.load(path)
    text = str(info.value)
    assert str(path) in text and message in text
    if where:
        assert info.value.location.key_path == where


def test_kind_and_gender_aliases() -> None:
    assert inflect("Шевчук", "рд", kind="фамилия", gender="ж") == "Шевчук"
    assert inflect("Шевчук", "родительный", kind="surname", gender="м") == "Шевчука"
    with pytest.raises(GrammarError, match="неизвестный вид"):
        inflect("Шевчук", "рд", kind="nickname")
    with pytest.raises(GrammarError, match="неизвестный род"):
        inflect("Шевчук", "рд", kind="surname", gender="x")


def test_empty_text_stays_empty() -> None:
    assert inflect("", "datv") == ""


@pytest.mark.parametrize(
    ("text", "asked", "kind", "gender", "expected"),
    [
        (
            "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»",
            ("gent", "рд", "родительный"),
            "org",
            None,
            "Муниципального бюджетного общеобразовательного учреждения «Лицей № 3»",
        ),
        ("Шевчук О.Н.", ("datv", "дт", "Дательный"), "person", "f", "Шевчук О.Н."),
        (
            "заместитель директора",
            ("accs", "вн", "винительный"),
            "position",
            None,
            "заместителя директора",
        ),
    ],
)
def test_a_form_asked_again_in_other_words_is_the_same(
    text: str, asked: tuple[str, ...], kind: str, gender: str | None, expected: str
) -> None:
    """The inflector keeps a form by the words it was asked with too: «рд», "gent" and
    «родительный» give one form, the first time and again."""
    inflector = Inflector()
    for _ in range(2):
        for case in asked:
            assert (
                inflector.inflect(text, case, kind=kind, gender=gender).replace("\u00a0", " ")
                == expected
            )


def test_a_wrong_case_is_refused_each_time_it_is_asked() -> None:
    inflector = Inflector()
    for _ in range(2):
        with pytest.raises(GrammarError, match="неизвестный падеж «родной»"):
            inflector.inflect("директор", "родной", kind="position")
