"""Jinja filters for templates: cases, numbers with nouns, numbers in words, dates, percentages.

Every filter has a short English name and a Russian alias; both are the same function::

    {{ position | accs(kind="position") }} {{ name | вн(kind="person", gender="ж") }}
    в {{ 36 | agree("общеобразовательная организация", "loct") }}
    в {{ 2023 | учебный_год("пр") }}, {{ d | date("long") }}, {{ share | percent }}
    Сведения {{ people.ivanov | о }}   →   Сведения об Иванове (о Петрове)

:data:`FILTERS` maps every name to its filter (persons and phrases are inflected with
:func:`docgen.grammar.default_inflector`); :func:`install` registers them on an environment,
optionally bound to another :class:`~docgen.grammar.inflector.Inflector` so that its user
exceptions apply. :func:`filters` returns the mapping for a given inflector.

Arguments: cases are written any way :func:`~docgen.grammar.cases.parse_case` accepts
(gent, рд, родительный); ``kind`` and ``gender`` take the English or Russian words the
inflector knows (position/должность, person/фио, f/ж). A value to inflect may be a string or
any object whose ``str()`` is the text (None is an error, never the word "None"). An object
with an ``inflect_to(case)`` method (a person or a position from the data, see
:mod:`docgen.context`) inflects itself, so it knows its kind and gender.

Escaping: filters return plain :class:`str`, never :class:`markupsafe.Markup`. So with
``autoescape`` on, their results are escaped exactly like any other value: & < > " ' become
entities in the rendered XML, which is what keeps the DOCX valid, and Word shows them as
typed; « » and other non-ASCII characters are not touched. Nothing a filter returns is ever
trusted as markup.

Errors: a filter raises :class:`~docgen.errors.GrammarError` (bad case, unknown gender, a date
that does not exist, …) and never returns a guess; the filters do not catch it, so the caller
that renders the template can name the place in it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final

import jinja2

from docgen.errors import GrammarError
from docgen.grammar import default_inflector, trends
from docgen.grammar.cases import CASE_LABELS, Case, preposition_o
from docgen.grammar.dates import (
    _parse_month,
    academic_year,
    format_date,
    month_name,
    month_year,
    years_range,
)
from docgen.grammar.inflector import Inflector
from docgen.grammar.numerals import (
    decimal,
    number_words,
    percent,
    percent_of,
    plural_word,
    with_words,
)

Filter = Callable[..., str]


def _text(value: object) -> str:
    """The text of a template value: a string or anything with ``__str__``; None is an error."""
    if value is None:
        raise GrammarError("нет значения (None): в данных пропущен текст")
    return str(value)


def _inflect(
    inflector: Inflector, value: object, case: str, kind: str | None, gender: str | None
) -> str:
    """Values that know how to inflect themselves (a person, a position of a person) do so."""
    inflect_to = None if isinstance(value, str) else getattr(value, "inflect_to", None)
    if inflect_to is not None and kind is None and gender is None:
        return str(inflect_to(case))
    return inflector.inflect(_text(value), case, kind=kind, gender=gender)


def _month(value: int | date | str, case: str = "nomn", *, yo: bool = False) -> str:
    """The month of a date, of "2022-10" / "10.2022", or of its number: июль, июле."""
    if isinstance(value, str):
        value = _parse_month(value)[1]
    return month_name(value, case, yo=yo)


def _cap(value: object) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` lowers all the others)."""
    text = _text(value)
    return text[:1].upper() + text[1:]


def _table(inflector: Callable[[], Inflector]) -> tuple[tuple[tuple[str, ...], Filter], ...]:
    """(names, filter) for every filter; ``inflector`` gives the inflector at call time."""

    def in_case(case: Case) -> Filter:
        def filter_(value: object, kind: str | None = None, *, gender: str | None = None) -> str:
            return _inflect(inflector(), value, case, kind, gender)

        filter_.__name__ = filter_.__qualname__ = case
        filter_.__doc__ = f"Put a person, position, organization or place into {case}."
        return filter_

    def inflect(
        value: object, case: str, kind: str | None = None, *, gender: str | None = None
    ) -> str:
        """Put a person, position, organization or place into the given case."""
        return _inflect(inflector(), value, case, kind, gender)

    def about(value: object, kind: str | None = None, *, gender: str | None = None) -> str:
        """The preposition «о» agreeing with the prepositional form that follows it: «об
        Иванове», «о Петрове» (the template writes no preposition of its own)."""
        form = _inflect(inflector(), value, "loct", kind, gender)
        return f"{preposition_o(form)} {form}"

    def agree(
        count: int | float | Decimal, phrase: object, case: str = "nomn", *, number: bool = True
    ) -> str:
        """The number and the agreeing phrase: 36 общеобразовательных организаций."""
        return inflector().agree(count, _text(phrase), case, number=number)

    return (
        *(((case, label), in_case(case)) for case, label in CASE_LABELS.items()),
        (("inflect", "падеж"), inflect),
        (("about", "о", "об"), about),
        (("agree", "согласовать"), agree),
        (("plural", "по_числу"), plural_word),
        (("words", "прописью"), number_words),
        (("with_words", "с_прописью"), with_words),
        (("num", "число"), decimal),
        (("percent", "процент"), percent),
        (("percent_of", "процент_от"), percent_of),
        (("date", "дата"), format_date),
        (("month", "месяц"), _month),
        (("month_year", "месяц_год"), month_year),
        (("academic_year", "учебный_год"), academic_year),
        (("years", "годы"), years_range),
        (("cap", "с_заглавной"), _cap),
        (("trend", "динамика"), trends.trend_filter),
        (("change_verb", "глагол_изменения"), trends.verb_filter),
    )


def filters(inflector: Inflector | None = None) -> dict[str, Filter]:
    """Every filter under each of its names, inflecting with ``inflector``.

    Without an inflector, :func:`~docgen.grammar.default_inflector` is looked up when a filter
    runs, so importing this module loads no dictionaries.
    """

    def current() -> Inflector:
        return inflector if inflector is not None else default_inflector()

    return {name: function for names, function in _table(current) for name in names}


#: All filters by name, inflecting with the default inflector.
FILTERS: Final[dict[str, Filter]] = filters()


def install(env: jinja2.Environment, inflector: Inflector | None = None) -> None:
    """Register every filter on ``env`` (a sandboxed one too), bound to ``inflector``.

    Filters of the same names already on ``env`` are replaced.
    """
    env.filters.update(filters(inflector))
