"""The sentences of a monitoring report, written from the figures in correct Russian.

Every count goes through :meth:`Inflector.agree` in the case its sentence needs ("в 3
общеобразовательных организациях", "из 21 общеобразовательной организации", "по 2
общеобразовательным организациям"); every change through :mod:`docgen.grammar.trends`, so
its verb agrees with the subject (значение выросло, доля снизилась). Numbers are written by
:mod:`docgen.grammar.numerals` with the places :func:`docgen.reports.figures.digits_for` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

import jinja2

from docgen.errors import DataError, DocgenError
from docgen.grammar import _morph
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.grammar.numerals import MINUS, NBSP, decimal, percent
from docgen.grammar.trends import PERCENT_POINTS, direction_of, trend
from docgen.reports.figures import (
    HUNDRED,
    Execution,
    Figure,
    IndicatorFigures,
    Mark,
    Recommendation,
    digits_for,
    exact,
)
from docgen.reports.monitoring import Indicator, Monitoring, Period, School
from docgen.views import Phrase

ORG: Final = "общеобразовательная организация"
NO_DATA: Final = "нет данных"


# ------------------------------------------------------------------------------- numbers


def number(value: Fraction, indicator: Indicator) -> str:
    """A value without its unit, with the places that keep a missed target visible: 79,96."""
    return decimal(exact(value), digits_for(value, indicator.target))


def value_text(value: Fraction | None, indicator: Indicator) -> str:
    """ "72,5 %", "13,7 ед.", "нет данных"."""
    if value is None:
        return NO_DATA
    unit = f"{NBSP}{indicator.unit}" if indicator.unit else ""
    return number(value, indicator) + unit


def target_text(indicator: Indicator) -> str:
    return value_text(indicator.target, indicator)


def achievement_text(share: Fraction | None, *, unit: bool = True) -> str:
    """ "94,3 %"; never "100 %" for a target not reached (99,96 %); "—" when undefined."""
    if share is None:
        return "—"
    digits = digits_for(share, HUNDRED) if share < HUNDRED else 1
    text = decimal(exact(share), digits)
    return f"{text}{NBSP}%" if unit else text


def change_text(change: Fraction | None, indicator: Indicator, *, unit: bool = True) -> str:
    """ "+7 п.п.", "−2,5 п.п.", "0 п.п." for a table cell; "—" without a previous value."""
    if change is None:
        return "—"
    text = decimal(exact(change), 1, sign=True)
    if text in ("+0", f"{MINUS}0"):
        text = "0"
    if not unit:
        return text
    name = PERCENT_POINTS if indicator.percent else indicator.unit
    return f"{text}{NBSP}{name}" if name else text


def shares_text(count: int, whole: int) -> str:
    """ "12 из 15 (80 %)": a count of schools out of those with data."""
    if not whole:
        return "—"
    return f"{count} из {whole} ({percent(exact(Fraction(count * 100, whole)))})"


def school_list(items: Sequence[tuple[School, Figure]], indicator: Indicator) -> str:
    """ "МБОУ «СОШ № 5» (54 %), МБОУ «ООШ № 4» (61,5 %)": the schools with their values."""
    return ", ".join(
        f"{school.short} ({value_text(fig.value, indicator)})" for school, fig in items
    )


# ----------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Writer:
    """Sentences of one report: the grammar to use and the periods it compares."""

    inflector: Inflector
    monitoring: Monitoring

    def count(self, n: int, phrase: str = ORG, case: str = "nomn") -> str:
        return self.inflector.agree(n, phrase, case)

    @property
    def previous(self) -> Period | None:
        return self.monitoring.header.previous

    def intro(self, reported: int) -> str:
        header = self.monitoring.header
        text = (
            f"Мониторинг проведен по данным, представленным "
            f"{self.count(reported, ORG, 'ablt')} за {header.period.text('accs')}, "
            f"по состоянию на {format_date(header.date, 'long')}"
        )
        if self.previous is not None:
            text += f"; значения сравниваются с {self.previous.text('ablt')}"
        return text + "."

    def method(self) -> str:
        previous = (
            f"значением за {self.previous.text('accs')}"
            if self.previous
            else "значением предыдущего периода"
        )
        return (
            "Примечание. Среднее значение — среднее арифметическое значений "
            "общеобразовательных организаций, представивших данные (организации без данных не "
            "учитываются и не считаются нулем). Достижение — отношение значения к целевому, "
            "для показателей, у которых лучше меньшее значение, — целевого к значению. "
            f"Изменение — разность с {previous}; для показателей в процентах — в процентных "
            "пунктах (п.п.). Числа округлены до десятых по правилам арифметики (0,05 — вверх) "
            "один раз, при записи; достижение цели определено по точным значениям, и значение, "
            "не достигшее цели, записано с тем числом знаков, которое это показывает."
        )

    def summary(self, figures: Sequence[IndicatorFigures]) -> str:
        reached = sum(f.district.mark is Mark.ACHIEVED for f in figures)
        total = len(figures)
        if reached == total:
            return (
                f"Целевые значения в среднем по общеобразовательным организациям достигнуты "
                f"по всем {self.count(total, 'показатель', 'datv')} плана."
            )
        if reached == 0:
            return (
                f"Целевые значения в среднем по общеобразовательным организациям не "
                f"достигнуты ни по одному из {self.count(total, 'показатель', 'gent')} плана."
            )
        return (
            f"Целевые значения в среднем по общеобразовательным организациям достигнуты по "
            f"{reached} из {self.count(total, 'показатель', 'gent')} плана."
        )

    def school_summary(self, figures: Sequence[IndicatorFigures], school: School) -> str:
        reached = sum(f.of(school).mark is Mark.ACHIEVED for f in figures)
        total = self.count(len(figures), "показатель", "gent")
        if reached == 0:
            return f"В {school.short} целевые значения не достигнуты ни по одному из {total} плана."
        return f"В {school.short} целевые значения достигнуты по {reached} из {total} плана."

    def school_intro(self, school: School) -> str:
        name = _lower_first(self.inflector.inflect(school.name, "gent", kind="org"))
        return (
            f"Справка составлена по данным {name} ({school.short}); для сравнения "
            "приведены средние значения по всем общеобразовательным организациям."
        )

    def schools(self, figures: IndicatorFigures) -> list[str]:
        """ "Показатель «…» достигнут в 12 из 15 … (80 %), не достигнут в 3 …: …"."""
        indicator = figures.indicator
        name = f"Показатель «{indicator.name}» (целевое значение — {target_text(indicator)})"
        reached, missed, absent = figures.achieved, figures.missed, figures.no_data
        whole = figures.with_data
        sentences: list[str] = []
        if whole == 0:
            sentences.append(f"{name}: данные не представлены.")
        elif not missed:
            every = ("во всех " if whole > 1 else "в ") + self.count(whole, ORG, "loct")
            sentences.append(f"{name} достигнут {every}.")
        else:
            worst = sorted(missed, key=lambda item: item[1].achievement or 0)
            if reached:
                share = percent(exact(Fraction(len(reached) * 100, whole)))
                head = (
                    f"{name} достигнут в {len(reached)} из {self.count(whole, ORG, 'gent')}"
                    f" ({share}), не достигнут в {self.count(len(missed), ORG, 'loct')}"
                )
            else:
                head = f"{name} не достигнут ни в одной из {self.count(whole, ORG, 'gent')}"
                if whole == 1:
                    head = f"{name} не достигнут в {self.count(1, ORG, 'loct')}"
            sentences.append(f"{head}: {school_list(worst, indicator)}.")
        if absent:
            names = ", ".join(school.short for school in absent)
            sentences.append(f"Нет данных по {self.count(len(absent), ORG, 'datv')}: {names}.")
        return sentences

    def district(self, figures: IndicatorFigures) -> str:
        """ "Среднее значение — 80,4 % (достижение 100,5 %): целевое значение достигнуто; …"."""
        indicator, district = figures.indicator, figures.district
        if district.value is None:
            return "Среднее значение не рассчитано: данные не представлены."
        state = (
            "целевое значение достигнуто"
            if district.mark is Mark.ACHIEVED
            else "целевое значение не достигнуто"
        )
        text = (
            f"Среднее значение по общеобразовательным организациям — "
            f"{value_text(district.value, indicator)} (достижение "
            f"{achievement_text(district.achievement)}): {state}"
        )
        return _sentence(text + self.compared(district, indicator))

    def compared(self, fig: Figure, indicator: Indicator, subject: str = "значение") -> str:
        """ "; по сравнению с 2022-2023 учебным годом значение выросло на 5,8 п.п."."""
        if fig.change is None or self.previous is None:
            return ""
        return (
            f"; по сравнению с {self.previous.text('ablt')} "
            f"{trend(exact(fig.change), subject, _unit(indicator))}"
        )

    def school(self, figures: IndicatorFigures, school: School) -> str:
        """The sentence of a school's report about one indicator."""
        indicator = figures.indicator
        fig = figures.of(school)
        if fig.value is None:
            return (
                f"Показатель «{indicator.name}»: данные {school.short} не представлены "
                f"(целевое значение — {target_text(indicator)})."
            )
        state = (
            "целевое значение достигнуто"
            if fig.mark is Mark.ACHIEVED
            else "целевое значение не достигнуто"
        )
        text = (
            f"Показатель «{indicator.name}»: в {school.short} значение — "
            f"{value_text(fig.value, indicator)} при целевом {target_text(indicator)} "
            f"(достижение {achievement_text(fig.achievement)}): {state}"
        )
        text += self.compared(fig, indicator)
        text = _sentence(text)
        if figures.district.value is not None:
            text += (
                f" Среднее значение по общеобразовательным организациям — "
                f"{value_text(figures.district.value, indicator)}."
            )
        return text

    def dynamics(self, figures: IndicatorFigures) -> str:
        """ "Доля …, выросла на 13,4 п.п.: с 67 % (2021-2022 учебный год) до 80,4 % (…)."."""
        indicator = figures.indicator
        known = [(period, value) for period, value in figures.trend if value is not None]
        if len(known) < 2:
            return f"Показатель «{indicator.name}»: данных для сравнения периодов недостаточно."
        (first, start), (last, end) = known[0], known[-1]
        subject = indicator.name + ("," if "," in indicator.name else "")
        sentence = trend(exact(end - start), subject, _unit(indicator))
        if direction_of(exact(end - start)) == "same":
            return (
                f"{sentence}: {value_text(end, indicator)} в {last.text('loct')}, как и в "
                f"{first.text('loct')}."
            )
        text = (
            f"{sentence} — с {value_text(start, indicator)} в {first.text('loct')} до "
            f"{value_text(end, indicator)} в {last.text('loct')}"
        )
        middle = "; ".join(
            f"в {period.text('loct')} — {value_text(value, indicator)}"
            for period, value in known[1:-1]
        )
        return text + (f" ({middle})." if middle else ".")  # ends with a value, never "п.п."

    def execution(self, plan: Execution) -> list[str]:
        header = self.monitoring.header
        total = plan.total
        if not total.total:
            return ["Сведения о выполнении мероприятий плана не представлены."]
        share = achievement_text(total.share_done) if total.share_done is not None else "—"
        text = (
            f"По состоянию на {format_date(header.date, 'long')} из "
            f"{self.count(total.total, 'мероприятие', 'gent')} плана выполнено "
            f"{total.done} ({share}), выполняется {total.in_progress}, не выполнено "
            f"{total.not_done}."
        )
        if plan.overdue:
            overdue = (
                f"Срок выполнения истек, а мероприятие не выполнено: "
                f"{self.count(len(plan.overdue), 'мероприятие')} (таблица ниже)."
            )
        else:
            overdue = "Просроченных мероприятий нет."
        return [text, overdue]


def _lower_first(text: str) -> str:
    """ "муниципального бюджетного … учреждения «…»" inside a sentence; names keep capitals."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first.isalpha() or not first[1:].islower():
        return text
    parses = _morph.parse(first.lower())
    if (
        parses
        and {"NOUN", "ADJF", "PRTF"} & parses[0].tag.grammemes
        and not ({"Name", "Surn", "Geox", "Orgn"} & parses[0].tag.grammemes)
    ):
        return text[:1].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    """A full stop at the end, unless the text ends with an abbreviation's (п.п., ед.)."""
    return text if text.endswith(".") else text + "."


def _unit(indicator: Indicator) -> str:
    return "%" if indicator.percent else indicator.unit


# ------------------------------------------------------------------------ recommendations


@dataclass(frozen=True)
class SchoolView:
    """A school in a recommendation's text: ``school.name | рд`` declines the full name."""

    key: str
    name: Phrase
    short: str
    kind: str

    def __str__(self) -> str:
        return self.short


def render_recommendations(
    items: Sequence[Recommendation], inflector: Inflector
) -> tuple[list[tuple[School, list[str]]], list[DocgenError]]:
    """The rules' texts for their schools, grouped by school; errors with the rule's cell."""
    grouped: dict[str, tuple[School, list[str]]] = {}
    problems: list[DocgenError] = []
    for item in items:
        school = item.school
        context: dict[str, Any] = {
            "school": SchoolView(
                school.key, Phrase(school.name, "org", inflector), school.short, school.kind
            ),
            "value": exact(item.value),
            "target": exact(item.indicator.target),
            "threshold": exact(item.rule.threshold),
            "indicator": item.indicator,
        }
        try:
            text = item.rule.template.render(context)
        except jinja2.UndefinedError as exc:
            problems.append(
                DataError(
                    f"неизвестное имя в тексте рекомендации: {exc.message}; "
                    "доступны school, value, target, threshold, indicator",
                    item.rule.where,
                )
            )
            continue
        except DocgenError as exc:
            problems.append(
                exc.at(
                    file=item.rule.where.file,
                    sheet=item.rule.where.sheet,
                    cell=item.rule.where.cell,
                )
            )
            continue
        except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError) as exc:
            problems.append(DataError(f"ошибка в тексте рекомендации: {exc}", item.rule.where))
            continue
        text = " ".join(text.split())
        if text:
            grouped.setdefault(school.key, (school, []))[1].append(text)
    unique: list[DocgenError] = []
    for problem in problems:  # one broken rule fails for every school: say it once
        if not any(str(problem) == str(seen) for seen in unique):
            unique.append(problem)
    return list(grouped.values()), unique
