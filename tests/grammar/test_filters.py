"""Jinja filters rendered in a sandboxed, autoescaping environment, as docgen renders templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import GrammarError
from docgen.grammar import default_inflector
from docgen.grammar.cases import CASE_LABELS, preposition_o
from docgen.grammar.filters import FILTERS, filters, install
from docgen.grammar.inflector import Exceptions, Inflector

NBSP = "\u00a0"
G = NBSP + "г."
PCT = NBSP + "%"

POSITION = "заместитель начальника управления образования"


def make_env(inflector: Inflector | None = None) -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    install(env, inflector)
    return env


@pytest.fixture(scope="module")
def env() -> SandboxedEnvironment:
    return make_env()


def render(env: jinja2.Environment, source: str, **context: Any) -> str:
    return env.from_string(source).render(**context)


def test_order_sentence(env: SandboxedEnvironment) -> None:
    source = (
        "Контроль за исполнением приказа возложить на {{ position | accs(kind='position') }} "
        "{{ name | accs(kind='person', gender='f') }}"
    )
    assert render(env, source, position=POSITION, name="Ушакова И.Г.") == (
        "Контроль за исполнением приказа возложить на заместителя начальника управления "
        f"образования Ушакову{NBSP}И.Г."
    )


def test_order_sentence_in_russian(env: SandboxedEnvironment) -> None:
    source = "на {{ position | вн(kind='должность') }} {{ name | вн(kind='фио', gender='ж') }}"
    assert render(env, source, position=POSITION, name="Ушакова И.Г.") == (
        f"на заместителя начальника управления образования Ушакову{NBSP}И.Г."
    )


ALIASES = [
    *CASE_LABELS.items(),
    ("inflect", "падеж"),
    ("agree", "согласовать"),
    ("plural", "по_числу"),
    ("words", "прописью"),
    ("with_words", "с_прописью"),
    ("num", "число"),
    ("percent", "процент"),
    ("percent_of", "процент_от"),
    ("date", "дата"),
    ("month", "месяц"),
    ("month_year", "месяц_год"),
    ("academic_year", "учебный_год"),
    ("years", "годы"),
    ("cap", "с_заглавной"),
    ("trend", "динамика"),
    ("change_verb", "глагол_изменения"),
    ("about", "о"),
    ("about", "об"),  # «о» that agrees: either spelling a user thinks of is the one filter
]


def test_every_filter_has_a_russian_alias() -> None:
    assert sorted(FILTERS) == sorted({name for pair in ALIASES for name in pair})


@pytest.mark.parametrize(("english", "russian"), ALIASES)
def test_alias_is_the_same_filter(english: str, russian: str) -> None:
    assert FILTERS[english] is FILTERS[russian]


def test_no_builtin_filter_is_replaced() -> None:
    assert not set(FILTERS) & set(jinja2.Environment().filters)


@pytest.mark.parametrize(("case", "label"), list(CASE_LABELS.items()))
def test_case_filters(env: SandboxedEnvironment, case: str, label: str) -> None:
    expected = default_inflector().inflect(POSITION, case, kind="position")
    sources = [
        f"{{{{ p | {case}(kind='position') }}}}",
        f"{{{{ p | {label}(kind='position') }}}}",
        f"{{{{ p | {case}('position') }}}}",
        f"{{{{ p | inflect('{label}', kind='position') }}}}",
        f"{{{{ p | падеж('{case}', 'должность') }}}}",
    ]
    assert {render(env, s, p=POSITION) for s in sources} == {expected}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ p | gent }}", "заместителя начальника управления образования"),
        ("{{ p | datv }}", "заместителю начальника управления образования"),
        ("{{ p | ablt }}", "заместителем начальника управления образования"),
        ("{{ p | loct }}", "заместителе начальника управления образования"),
        ("{{ p | nomn }}", POSITION),
        ("{{ p | дт | cap }}", "Заместителю начальника управления образования"),
        ("{{ p | с_заглавной }}", "Заместитель начальника управления образования"),
    ],
)
def test_position(env: SandboxedEnvironment, source: str, expected: str) -> None:
    assert render(env, source, p=POSITION) == expected


class Person:
    """A data object whose text is its ``str()``."""

    def __str__(self) -> str:
        return "Иванов Иван Иванович"


def test_any_object_with_str(env: SandboxedEnvironment) -> None:
    assert render(env, "{{ p | datv }}", p=Person()) == "Иванову Ивану Ивановичу"
    assert render(env, "{{ p | рд(kind='person') }}", p=Person()) == "Иванова Ивана Ивановича"


def test_filters_return_plain_str() -> None:
    assert type(FILTERS["gent"](Person())) is str
    assert type(FILTERS["date"](date(2022, 7, 18))) is str


def test_none_is_an_error_not_the_word_none(env: SandboxedEnvironment) -> None:
    with pytest.raises(GrammarError):
        render(env, "{{ p | datv }}", p=None)


def test_undefined_is_not_swallowed(env: SandboxedEnvironment) -> None:
    with pytest.raises(jinja2.UndefinedError):
        render(env, "{{ missing | datv }}")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "{{ 36 | agree('общеобразовательная организация') }}",
            f"36{NBSP}общеобразовательных организаций",
        ),
        (
            "{{ 36 | agree('общеобразовательная организация', 'nomn') }}",
            f"36{NBSP}общеобразовательных организаций",
        ),
        (
            "{{ 42 | agree('общеобразовательная организация', 'им') }}",
            f"42{NBSP}общеобразовательные организации",
        ),
        (
            "{{ 36 | agree('общеобразовательная организация', 'loct') }}",
            f"36{NBSP}общеобразовательных организациях",
        ),
        (
            "в {{ 36 | согласовать('общеобразовательная организация', 'пр') }}",
            f"в 36{NBSP}общеобразовательных организациях",
        ),
        (
            "{{ 1 | agree('общеобразовательная организация', 'loct') }}",
            f"1{NBSP}общеобразовательной организации",
        ),
        ("{{ 2.5 | agree('час') }}", f"2,5{NBSP}часа"),
        (
            "{{ 36 | agree('общеобразовательная организация', 'gent', number=false) }}",
            "общеобразовательных организаций",
        ),
    ],
)
def test_agree(env: SandboxedEnvironment, source: str, expected: str) -> None:
    assert render(env, source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 60 | words('gent') }}", "шестидесяти"),
        ("{{ 60 | прописью('рд') }}", "шестидесяти"),
        ("{{ 60 | words }}", "шестьдесят"),
        ("{{ 2 | words(gender='f') }}", "две"),
        ("{{ 2 | прописью('им', 'ж') }}", "две"),
        ("{{ 60 | with_words('gent') }}", "60 (шестидесяти)"),
        ("{{ 1000 | с_прописью }}", "1000 (одна тысяча)"),
        ("{{ 1 | plural('час', 'часа', 'часов') }}", "час"),
        ("{{ 3 | plural('час', 'часа', 'часов') }}", "часа"),
        ("{{ 11 | по_числу('час', 'часа', 'часов') }}", "часов"),
        ("{{ 2.5 | plural('час', 'часа', 'часов') }}", "часа"),
    ],
)
def test_numbers_in_words(env: SandboxedEnvironment, source: str, expected: str) -> None:
    assert render(env, source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 33.333 | percent }}", "33,3" + PCT),
        ("{{ 33.333 | процент(2) }}", "33,33" + PCT),
        ("{{ 7.5 | percent(sign=true) }}", "+7,5" + PCT),
        ("{{ 1 | percent_of(3) }}", "33,3" + PCT),
        ("{{ 36 | процент_от(42, 0) }}", "86" + PCT),
        ("{{ 2.456 | num(1) }}", "2,5"),
        ("{{ 12345.5 | num }}", f"12{NBSP}345,5"),
        ("{{ '2,50' | число }}", "2,5"),
    ],
)
def test_numbers_in_digits(env: SandboxedEnvironment, source: str, expected: str) -> None:
    assert render(env, source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d | date }}", "18.07.2022"),
        ("{{ d | дата }}", "18.07.2022"),
        ("{{ d | date('quoted') }}", f"«18» июля 2022{G}"),
        ("{{ d | дата('long') }}", f"18 июля 2022{G}"),
        ("{{ '2022-07-18' | date('long') }}", f"18 июля 2022{G}"),
        ("{{ d | month }}", "июль"),
        ("{{ d | month('loct') }}", "июле"),
        ("{{ '2022-10' | месяц('рд') }}", "октября"),
        ("{{ 9 | month('пр') }}", "сентябре"),
        ("{{ d | month_year }}", f"июле 2022{G}"),
        ("{{ d | month_year('loct') }}", f"июле 2022{G}"),
        ("{{ '10.2022' | месяц_год('им', capitalize=true) }}", f"Октябрь 2022{G}"),
        ("{{ 2023 | academic_year }}", "2023-2024 учебный год"),
        ("{{ 2023 | academic_year('loct') }}", "2023-2024 учебном году"),
        ("{{ '2023/24' | учебный_год('пр') }}", "2023-2024 учебном году"),
        ("{{ 2022 | years(2023) }}", "2022-2023 годы"),
        ("на {{ 2022 | years(2023, 'accs') }}", "на 2022-2023 годы"),
        ("в {{ 2022 | годы(2025, 'пр') }}", "в 2022-2025 годах"),
    ],
)
def test_dates(env: SandboxedEnvironment, source: str, expected: str) -> None:
    assert render(env, source, d=date(2022, 7, 18)) == expected


@pytest.mark.parametrize(
    "source",
    [
        "{{ p | inflect('xx') }}",
        "{{ p | падеж('десятый') }}",
        "{{ 36 | agree('организация', 'xx') }}",
        "{{ 60 | words('xx') }}",
        "{{ d | month('xx') }}",
        "{{ 2023 | academic_year('xx') }}",
    ],
)
def test_bad_case_raises_grammar_error(env: SandboxedEnvironment, source: str) -> None:
    with pytest.raises(GrammarError) as err:
        render(env, source, p=POSITION, d=date(2022, 7, 18))
    assert "неизвестный падеж" in err.value.message


@pytest.mark.parametrize(
    "source",
    [
        "{{ p | datv(kind='xx') }}",
        "{{ p | datv(kind='person', gender='xx') }}",
        "{{ d | date('short') }}",
        "{{ '31.02.2022' | date }}",
        "{{ 2022 | years(2021) }}",
        "{{ 5 | percent_of(0) }}",
        "{{ 'abc' | num }}",
        "{{ '60' | words }}",
    ],
)
def test_other_errors_are_grammar_errors(env: SandboxedEnvironment, source: str) -> None:
    with pytest.raises(GrammarError):
        render(env, source, p="Ушакова И.Г.", d=date(2022, 7, 18))


ORG = "ООО «Рога & копыта»"


def test_autoescape_escapes_filter_results_like_any_value(env: SandboxedEnvironment) -> None:
    # Filters return plain str, so autoescape escapes them as it escapes {{ org }} itself:
    # & < > " ' become XML entities (docxtpl needs them: the output is document.xml), « » and
    # Cyrillic are not touched. The entities are decoded when Word reads the XML, so the
    # document shows the text as typed (see the docxtpl test below).
    assert render(env, "{{ org | gent(kind='org') }}", org=ORG) == "ООО «Рога &amp; копыта»"
    assert render(env, "{{ org | gent(kind='org') }}", org=ORG) == render(env, "{{ org }}", org=ORG)
    assert render(env, "{{ s | cap }}", s="<b> \"a\" 'b'") == ("&lt;b&gt; &#34;a&#34; &#39;b&#39;")


def test_without_autoescape_values_come_out_as_typed() -> None:
    plain = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    install(plain)
    assert render(plain, "{{ org | gent(kind='org') }}", org=ORG) == ORG


def test_docx_shows_escaped_values_as_typed(tmp_path: Path) -> None:
    from docx import Document
    from docxtpl import DocxTemplate

    source = tmp_path / "template.docx"
    blank = Document()
    blank.add_paragraph("Договор с {{ org | тв(kind='org') }} на {{ 2022 | годы(2023, 'вн') }}")
    blank.save(str(source))
    template = DocxTemplate(str(source))
    template.render({"org": ORG + " <1>"}, jinja_env=make_env(), autoescape=True)
    result = tmp_path / "result.docx"
    template.save(str(result))
    texts = [p.text for p in Document(str(result)).paragraphs]
    assert "Договор с ООО «Рога & копыта» <1> на 2022-2023 годы" in texts


def test_install_binds_the_inflector_with_its_exceptions() -> None:
    source = "{{ s | тв(kind='surname', gender='f') }}, {{ s | ablt('surname', gender='f') }}"
    assert render(make_env(), source, s="Дереча") == "Деречей, Деречей"
    custom = Inflector(Exceptions({"дереча": {"ablt": "Деречой"}}))
    env = make_env(custom)
    assert render(env, source, s="Дереча") == "Деречой, Деречой"
    assert render(env, "{{ s | тв(gender='f') }}", s="Дереча И.Г.") == f"Деречой{NBSP}И.Г."


def test_filters_for_an_inflector() -> None:
    custom = Inflector(Exceptions({"дереча": {"ablt": "Деречой"}}))
    bound = filters(custom)
    assert bound["тв"]("Дереча", "surname", gender="f") == "Деречой"
    assert FILTERS["тв"]("Дереча", "surname", gender="f") == "Деречей"


# «о» before a prepositional form: «об» before а, о, у, э, и, ы; «о» before е, ё, ю, я and
# consonants (Розенталь, «Справочник по правописанию и стилистике», § 154); real names
@pytest.mark.parametrize(
    ("name", "gender", "expected"),
    [
        ("Иванов Иван Иванович", "м", "об Иванове Иване Ивановиче"),
        ("Петров Сергей Петрович", "м", "о Петрове Сергее Петровиче"),
        ("Эйдельман Натан Яковлевич", "м", "об Эйдельмане Натане Яковлевиче"),
        ("Ульянова Ольга Ильинична", "ж", "об Ульяновой Ольге Ильиничне"),
        ("Абрамов Фёдор Александрович", "м", "об Абрамове Фёдоре Александровиче"),
        ("Орлова Любовь Петровна", "ж", "об Орловой Любови Петровне"),
        ("Ыргалиев Арман Серикович", "м", "об Ыргалиеве Армане Сериковиче"),
        ("Егорова Анна Павловна", "ж", "о Егоровой Анне Павловне"),
        ("Ёлкин Олег Иванович", "м", "о Ёлкине Олеге Ивановиче"),
        ("Юдина Мария Вениаминовна", "ж", "о Юдиной Марии Вениаминовне"),
        ("Яковлев Александр Николаевич", "м", "о Яковлеве Александре Николаевиче"),
        ("Кузнецова Ольга Игоревна", "ж", "о Кузнецовой Ольге Игоревне"),
        ("Иванова Е.С.", "ж", f"об Ивановой{NBSP}Е.С."),
    ],
)
@pytest.mark.parametrize("alias", ["о", "об", "about"])
def test_about_agrees_the_preposition(
    env: SandboxedEnvironment, alias: str, name: str, gender: str, expected: str
) -> None:
    source = f"Сведения {{{{ name | {alias}(kind='person', gender=g) }}}}"
    assert render(env, source, name=name, g=gender) == f"Сведения {expected}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 'учитель информатики' | о('position') }}", "об учителе информатики"),
        ("{{ 'заместитель директора' | о('position') }}", "о заместителе директора"),
        ("{{ 'Эксперт' | о('position') }}", "об Эксперте"),
        ("{{ 'Абинский район' | о('place') }}", "об Абинском районе"),
    ],
)
def test_about_with_other_words(env: SandboxedEnvironment, source: str, expected: str) -> None:
    assert render(env, source) == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("мне", "обо"),
        ("всём", "обо"),
        ("всех", "обо"),
        ("Эрмитаже", "об"),
        ("ыргалиеве", "об"),
        ("«Образовании»", "об"),  # the quote is not a letter
        ("«Точке роста»", "о"),
        ("Юдиной", "о"),
        ("ёлке", "о"),
        ("5 классах", "о"),
    ],
)
def test_preposition_o(form: str, expected: str) -> None:
    assert preposition_o(form) == expected
