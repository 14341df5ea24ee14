"""The sentences of a monitoring report, written from the figures in correct Russian.

Every count goes through :meth:`Inflector.agree` in the case its sentence needs ("в 3
общеобразовательных организациях", "из 21 общеобразовательной организации", "по 2
общеобразовательным организациям"); every change through :mod:`docgen.grammar.trends`, so
its verb agrees with the subject (значение выросло, доля снизилась). Numbers are written by
:mod:`docgen.grammar.numerals` with the places :func:`docgen.reports.figures.digits_for` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import jinja2

from docgen.errors import DataError, DocgenError
from docgen.grammar import _morph
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.grammar.numerals import MINUS, NBSP, decimal, percent
from docgen.grammar.trends import PERCENT_POINTS, direction_of, rounded, trend
from docgen.reports.figures import (
    HUNDRED,
    Comparison,
    Execution,
    Figure,
    IndicatorFigures,
    Mark,
    Recommendation,
    digits_for,
    exact,
    first_grade,
    responsibles,
)
from docgen.reports.monitoring import Activity, Indicator, Monitoring, Period, School
from docgen.views import Phrase

ORG: Final = "общеобразовательная организация"
NO_DATA: Final = "нет данных"
NOT_APPLICABLE: Final = "не применяется"


# ------------------------------------------------------------------------------- numbers


def number(value: Fraction, indicator: Indicator) -> str:
    """A value without its unit, with the places that keep a missed target visible: 79,96."""
    return decimal(exact(value), digits_for(value, indicator.target))


def places(value: Fraction, indicator: Indicator) -> int:
    """The places a value is written with: 1, or more when it falls short of its target."""
    return digits_for(value, indicator.target)


def fixed(value: Fraction | Decimal, digits: int, *, sign: bool = False) -> str:
    """A number with exactly ``digits`` places, trailing zeros kept: one precision per column
    («83,0» beside «74,6»; «−2,0»)."""
    text = decimal(rounded(value, digits), digits, sign=sign)
    if digits:
        whole, _, part = text.partition(",")
        text = f"{whole},{part.ljust(digits, '0')}"
    return text


def column_places(values: Sequence[Fraction | None], indicator: Indicator) -> int:
    """One precision for a column: the most any of its values needs."""
    return max((places(v, indicator) for v in values if v is not None), default=1)


def difference(start: Fraction, end: Fraction, digits: int) -> Decimal:
    """A change as the difference of the two values as written: «выросло на 4,3 — с 9,4 до
    13,7», never the exact change rounded on its own (4,2)."""
    return rounded(end, digits) - rounded(start, digits)


def quoted(name: str) -> str:
    """An indicator's name in «…», inner quotes as „…“: «… в проекте „Билет в будущее“»."""
    inner = name.replace("«", "„").replace("»", "“")
    return f"«{inner}»"


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


def change_text(
    change: Fraction | Decimal | None, indicator: Indicator, *, unit: bool = True, digits: int = 1
) -> str:
    """ "+7,0 п.п.", "−2,5 п.п.", "0,0 п.п." for a table cell; "—" without a previous value."""
    if change is None:
        return "—"
    text = fixed(change, digits, sign=True)
    if text.lstrip("+" + MINUS).replace(",", "").strip("0") == "":
        text = text.lstrip("+" + MINUS)
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
            f"со значением за {self.previous.text('accs')}"
            if self.previous
            else "со значением предыдущего периода"
        )
        return (
            "Примечание. Среднее значение — среднее арифметическое значений "
            "общеобразовательных организаций, представивших данные; организации без данных "
            "в расчет не входят и нулем не считаются, как и организации, к которым показатель "
            "не применяется (показатели выпускников 11 классов — к основным общеобразовательным "
            "школам). Достижение — отношение значения к целевому, а для показателей, у которых "
            "лучшим является меньшее значение, — целевого значения к фактическому. Изменение — "
            f"разность {previous}, для показателей в процентах — в процентных пунктах (п.п.); "
            "изменение среднего значения рассчитано по одним и тем же организациям, "
            "представившим данные за оба периода. Значения округлены до десятых; достижение "
            "цели определено по точным значениям, поэтому значение, не достигшее цели, "
            "приведено с числом знаков, достаточным, чтобы это было видно."
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
        name = f"Показатель {quoted(indicator.name)} (целевое значение — {target_text(indicator)})"
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
        if figures.not_applicable:
            names = ", ".join(school.short for school in figures.not_applicable)
            count = self.count(len(figures.not_applicable), ORG, "datv")
            sentences.append(
                f"Показатель не применяется к {count} ({names}: "
                f"{_no_grade(figures, figures.not_applicable)}); они не учитываются ни в "
                "среднем значении, ни в числе организаций."
            )
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
        return _sentence(text + self.district_change(figures))

    def district_change(self, figures: IndicatorFigures) -> str:
        """ "; по сравнению с … среднее значение выросло на 7,2 п.п. — с 27,7 % до 34,9 %", over
        the schools that reported in both periods, and saying so when they are not all."""
        found = figures.comparison
        if found is None or self.previous is None:
            return ""
        indicator = figures.indicator
        change = self.changed(found.start, found.end, indicator, "среднее значение")
        if found.same_set:
            return f"; по сравнению с {self.previous.text('ablt')} {change}"
        return (
            f"; по {self.count(found.count, ORG, 'datv')}, представившим данные за оба "
            f"периода, по сравнению с {self.previous.text('ablt')} {change}"
        )

    def changed(
        self, start: Fraction, end: Fraction, indicator: Indicator, subject: str = "значение"
    ) -> str:
        """ "значение выросло на 4,3 п.п. — с 9,4 % до 13,7 %": the change is the difference of
        the two values as written."""
        digits = max(places(start, indicator), places(end, indicator))
        delta = difference(start, end, digits)
        sentence = trend(delta, subject, _unit(indicator), digits)
        if direction_of(delta, digits) == "same":
            return f"{sentence} ({value_text(end, indicator)})"
        return f"{sentence} — с {value_text(start, indicator)} до {value_text(end, indicator)}"

    def compared(self, fig: Figure, indicator: Indicator, subject: str = "значение") -> str:
        """ "; по сравнению с 2022-2023 учебным годом значение выросло на 5,8 п.п. — с … до …"."""
        if fig.value is None or fig.previous is None or self.previous is None:
            return ""
        return (
            f"; по сравнению с {self.previous.text('ablt')} "
            f"{self.changed(fig.previous, fig.value, indicator, subject)}"
        )

    def school(self, figures: IndicatorFigures, school: School) -> str:
        """The sentence of a school's report about one indicator."""
        indicator = figures.indicator
        fig = figures.of(school)
        if fig.mark is Mark.NOT_APPLICABLE:
            return (
                f"Показатель {quoted(indicator.name)} к {school.short} не применяется "
                f"({_no_grade(figures, [school])})."
            )
        if fig.value is None:
            return (
                f"Показатель {quoted(indicator.name)}: данные {school.short} не представлены "
                f"(целевое значение — {target_text(indicator)})."
            )
        state = (
            "целевое значение достигнуто"
            if fig.mark is Mark.ACHIEVED
            else "целевое значение не достигнуто"
        )
        text = (
            f"Показатель {quoted(indicator.name)}: в {school.short} значение — "
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
        """ "Доля …, выросла на 13,4 п.п. — с 67 % в 2021-2022 … до 80,4 % в …", over the schools
        that reported in both periods (and saying so when they are not all)."""
        indicator = figures.indicator
        span = figures.span
        if span is None:
            return (
                f"Показатель {quoted(indicator.name)}: данных для сравнения периодов недостаточно."
            )
        subject = indicator.name + ("," if "," in indicator.name else "")
        head = ""
        if not span.same_set:
            head = f"По {self.count(span.count, ORG, 'datv')}, {_reported_in(span, figures)}, "
            subject = _lower_first(subject)
        digits = max(places(span.start, indicator), places(span.end, indicator))
        delta = difference(span.start, span.end, digits)
        sentence = head + trend(delta, subject, _unit(indicator), digits)
        if direction_of(delta, digits) == "same":
            return (
                f"{sentence}: {value_text(span.end, indicator)} в {span.last.text('loct')}, "
                f"как и в {span.first.text('loct')}."
            )
        return (
            f"{sentence} — с {value_text(span.start, indicator)} в "
            f"{span.first.text('loct')} до {value_text(span.end, indicator)} в "
            f"{span.last.text('loct')}."
        )

    def school_dynamics(
        self, figures: IndicatorFigures, school: School, values: Sequence[Fraction | None]
    ) -> str:
        """ "В МБОУ «СОШ № 2» значение выросло на 11,4 п.п. — с 20,6 % в … до 32 % в …"."""
        indicator = figures.indicator
        known = [
            (period, value)
            for (period, _), value in zip(figures.trend, values, strict=True)
            if value is not None
        ]
        if figures.of(school).mark is Mark.NOT_APPLICABLE:
            return ""
        if len(known) < 2:
            return f"Данных {school.short} для сравнения периодов недостаточно."
        (first, start), (last, end) = known[0], known[-1]
        digits = max(places(start, indicator), places(end, indicator))
        delta = difference(start, end, digits)
        sentence = f"В {school.short} " + trend(delta, "значение", _unit(indicator), digits)
        if direction_of(delta, digits) == "same":
            return f"{sentence}: {value_text(end, indicator)} в {last.text('loct')}."
        return (
            f"{sentence} — с {value_text(start, indicator)} в {first.text('loct')} до "
            f"{value_text(end, indicator)} в {last.text('loct')}."
        )

    def execution(self, plan: Execution, table: int | None = None) -> list[str]:
        """The plan's execution; ``table`` is the number of the table of overdue activities."""
        header = self.monitoring.header
        total = plan.total
        share = achievement_text(total.share_done) if total.share_done is not None else "—"
        text = (
            f"По состоянию на {format_date(header.date, 'long')} из "
            f"{self.count(total.total, 'мероприятие', 'gent')}, включенных в мониторинг, "
            f"выполнено {total.done} ({share}), выполняется {total.in_progress}, не "
            f"выполнено {total.not_done}."
        )
        if plan.overdue:
            where = f" (таблица {table})" if table else ""
            overdue = (
                f"Срок выполнения истек, а мероприятие не выполнено: "
                f"{self.count(len(plan.overdue), 'мероприятие')}{where}."
            )
        else:
            overdue = "Просроченных мероприятий нет."
        return [text, overdue]

    # ------------------------------------------------------------ conclusions, proposals

    def _numbers(self, numbers: Sequence[int], case: str = "datv") -> str:
        """ "показателю 2", "показателям 1, 3 и 5" (their numbers in table 1)."""
        word = self.inflector.agree(len(numbers), "показатель", case, number=False)
        return f"{word} {_join([str(n) for n in numbers])}"

    def _by_number(
        self, all_figures: Sequence[IndicatorFigures], wanted: Callable[[IndicatorFigures], bool]
    ) -> list[int]:
        return [n for n, f in enumerate(all_figures, start=1) if wanted(f)]

    def conclusions(
        self,
        all_figures: Sequence[IndicatorFigures],
        plan: Execution,
        school: School | None,
        overdue_table: int | None,
    ) -> list[str]:
        """«Выводы»: what is reached, what improved and what did not, who needs help with
        which indicator, how the plan goes; indicators by their number in table 1."""
        out: list[str] = []

        def fig(f: IndicatorFigures) -> Figure:
            return f.of(school) if school else f.district

        applying = [f for f in all_figures if fig(f).mark is not Mark.NOT_APPLICABLE]
        reached = self._by_number(all_figures, lambda f: fig(f).mark is Mark.ACHIEVED)
        missed = self._by_number(all_figures, lambda f: fig(f).mark is Mark.MISSED)
        where = f"В {school.short} ц" if school else "Ц"
        mean = "" if school else " в среднем по общеобразовательным организациям"
        if reached and not missed and len(reached) == len(applying):
            every = "всем " + self.count(len(reached), "показатель", "datv")
            out.append(f"{where}елевые значения{mean} достигнуты по {every} (таблица 1).")
        elif not reached and missed:
            none = self.count(len(applying), "показатель", "gent")
            out.append(
                f"{where}елевые значения{mean} не достигнуты ни по одному из {none} (таблица 1)."
            )
        elif reached or missed:
            parts = []
            if reached:
                parts.append(f"достигнуты по {self._numbers(reached)}")
            if missed:
                parts.append(f"не достигнуты по {self._numbers(missed)}")
            out.append(f"{where}елевые значения{mean} {', '.join(parts)} (таблица 1).")
        away = self._by_number(all_figures, lambda f: fig(f).mark is Mark.NOT_APPLICABLE)
        if school is not None and away:
            out.append(f"К {school.short} не применяется {self._numbers(away, 'nomn')}.")
        if self.previous is not None:
            better, worse, same = [], [], []
            for number_, f in enumerate(all_figures, start=1):
                start, end = _pair(f, school)
                if start is None or end is None:
                    continue
                digits = max(places(start, f.indicator), places(end, f.indicator))
                delta = difference(start, end, digits)
                if delta == 0:
                    same.append(number_)
                elif (delta > 0) == (f.indicator.better.value == "больше"):
                    better.append(number_)
                else:
                    worse.append(number_)
            parts = []
            if better:
                parts.append(f"улучшились по {self._numbers(better)}")
            if worse:
                parts.append(f"ухудшились по {self._numbers(worse)}")
            if same:
                parts.append(f"не изменились по {self._numbers(same)}")
            if parts:
                subject = "значения" if school else "средние значения"
                basis = "" if school else " (по организациям, представившим данные за оба периода)"
                out.append(
                    f"По сравнению с {self.previous.text('ablt')} {subject}{basis} "
                    f"{', '.join(parts)}."
                )
        if school is None:
            help_ = self._help(all_figures)
            if help_:
                out.append(help_)
        else:
            above: list[int] = []
            below: list[int] = []
            for number_, f in enumerate(all_figures, start=1):
                own, district = f.of(school).value, f.district.value
                if own is None or district is None or own == district:
                    continue
                ahead = own > district if f.indicator.better.value == "больше" else own < district
                (above if ahead else below).append(number_)
            parts = []
            if above:
                parts.append(f"лучше среднего по {self._numbers(above)}")
            if below:
                parts.append(f"хуже среднего по {self._numbers(below)}")
            if parts:
                out.append(
                    f"По сравнению со средними значениями по общеобразовательным организациям "
                    f"значения {school.short} {', '.join(parts)}."
                )
        if plan.total.total:
            share = achievement_text(plan.total.share_done)
            text = (
                f"Мероприятия, включенные в мониторинг, выполнены на {share}: выполнено "
                f"{plan.total.done} из {self.count(plan.total.total, 'мероприятие', 'gent')}"
            )
            if plan.overdue:
                where_ = f" (таблица {overdue_table})" if overdue_table else ""
                text += f"; просрочено {self.count(len(plan.overdue), 'мероприятие')}{where_}"
            else:
                text += "; просроченных мероприятий нет"
            out.append(text + ".")
        return out

    def _help(self, all_figures: Sequence[IndicatorFigures]) -> str:
        """Schools that missed targets, grouped by the indicators they missed, most first."""
        by_school: dict[School, list[int]] = {}
        for number_, f in enumerate(all_figures, start=1):
            for item, _ in f.missed:
                by_school.setdefault(item, []).append(number_)
        if not by_school:
            return ""
        groups: dict[tuple[int, ...], list[School]] = {}
        for item, numbers in by_school.items():
            groups.setdefault(tuple(numbers), []).append(item)
        ordered = sorted(groups.items(), key=lambda entry: (-len(entry[0]), entry[0]))
        parts = [
            f"по {self._numbers(list(numbers))} — в {', '.join(s.short for s in schools)}"
            for numbers, schools in ordered
        ]
        return (
            "Методическая помощь требуется организациям, не достигшим целевых значений: "
            + "; ".join(parts)
            + "."
        )

    def proposals(
        self, items: Sequence[Proposal], plan: Execution, school: School | None
    ) -> list[str]:
        """«Предложения (рекомендации)»: each recommendation once with the schools it is for,
        each overdue activity to its responsible; items of one list, «–», «;», «.»."""
        lines: list[str] = []
        for proposal in items:
            text = _lower(proposal.text.rstrip(". "))
            if school is not None:
                lines.append(text)
                continue
            who = _join(
                [
                    f"{item.short} ({value_text(value, proposal.indicator)})"
                    for item, value in proposal.schools
                ]
            )
            head = "руководителю" if len(proposal.schools) == 1 else "руководителям"
            lines.append(f"{head} {who}: {text}")
        for names, activities in _overdue_by_responsible(plan, self.monitoring):
            whom = _join(
                [_lower(self.inflector.inflect(name, "datv", kind="org")) for name in names]
            )
            listed = _join(
                [
                    f"№ {a.number} {quoted(a.title)} (срок истек {format_date(due)})"
                    for a, due in activities
                ]
            )
            one = len(activities) == 1
            kind = "просроченного мероприятия" if one else "просроченных мероприятий"
            tail = "новый срок его выполнения" if one else "новые сроки их выполнения"
            text = f"обеспечить выполнение {kind} {listed} и установить {tail}"
            lines.append(text if school is not None else f"{whom}: {text}")
        if not lines:
            return []
        return [f"– {line}{';' if i < len(lines) - 1 else '.'}" for i, line in enumerate(lines)]


def _pair(
    figures: IndicatorFigures, school: School | None
) -> tuple[Fraction | None, Fraction | None]:
    """The previous and the current value compared: the school's, or the same set's means."""
    if school is not None:
        fig = figures.of(school)
        return fig.previous, fig.value
    found = figures.comparison
    return (found.start, found.end) if found else (None, None)


def _overdue_by_responsible(
    plan: Execution, monitoring: Monitoring
) -> list[tuple[list[str], list[tuple[Activity, date]]]]:
    """Overdue activities by each responsible named in their cell; «Руководители ОО» of an
    activity of one school is that school's head; responsibles of the same activities are
    named together, so that no proposal is said twice."""
    found: dict[str, list[tuple[Activity, date]]] = {}
    for activity in plan.overdue:
        due = activity.span.due(monitoring.header.date) if activity.span else None
        if due is None:
            continue
        for name in responsibles(activity.responsible):
            if activity.school and name.lower().startswith("руководител"):
                item = monitoring.school(activity.school)
                name = f"Руководитель {item.short}" if item else name
            found.setdefault(name, []).append((activity, due))
    together: dict[tuple[str, ...], tuple[list[str], list[tuple[Activity, date]]]] = {}
    for name, items in found.items():
        key = tuple(activity.number for activity, _ in items)
        together.setdefault(key, ([], items))[0].append(name)
    return list(together.values())


def _reported_in(span: Comparison, figures: IndicatorFigures) -> str:
    """ "представившим данные и за 2021-2022, и за 2023-2024 учебный год" (two periods) or
    "представившим данные за каждый учебный год с 2021-2022 по 2023-2024" (more)."""
    between = [p for p, _ in figures.trend if span.first <= p <= span.last]
    year = "учебный год" if span.first.academic else "год"
    if len(between) <= 2:
        return f"представившим данные и за {span.first.key}, и за {span.last.key} {year}"
    every = "каждый учебный год" if span.first.academic else "каждый год"
    return f"представившим данные за {every} с {span.first.key} по {span.last.key}"


def _no_grade(figures: IndicatorFigures, schools: Sequence[School]) -> str:
    """Why an indicator does not apply: «нет 11 класса» (the grade it is about)."""
    grade = first_grade(figures.indicator)
    return f"в {'них' if len(schools) > 1 else 'ней'} нет {grade} класса"


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
) -> tuple[list[tuple[Recommendation, str]], list[DocgenError]]:
    """The rules' texts for their schools, in order; errors with the rule's cell."""
    rendered: list[tuple[Recommendation, str]] = []
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
            rendered.append((item, text))
    unique: list[DocgenError] = []
    for problem in problems:  # one broken rule fails for every school: say it once
        if not any(str(problem) == str(seen) for seen in unique):
            unique.append(problem)
    return rendered, unique


# ------------------------------------------------------------- conclusions and proposals


@dataclass(frozen=True)
class Proposal:
    """One recommendation and everyone it is addressed to: the same text is said once."""

    text: str
    schools: tuple[tuple[School, Fraction], ...]
    indicator: Indicator


def grouped(items: Sequence[tuple[Recommendation, str]]) -> list[Proposal]:
    """Identical recommendations of a rule as one, its schools listed once, in the rules' order
    (the order the items come in), the schools in the order of the sheet."""
    found: dict[tuple[int, str], list[tuple[Recommendation, str]]] = {}
    rules: list[object] = []
    for item, text in items:
        if item.rule not in rules:
            rules.append(item.rule)
        found.setdefault((rules.index(item.rule), text), []).append((item, text))
    ordered = sorted(found.items(), key=lambda entry: entry[0][0])
    return [
        Proposal(
            text,
            tuple((item.school, item.value) for item, _ in members),
            members[0][0].indicator,
        )
        for (_, text), members in ordered
    ]


def _join(items: Sequence[str]) -> str:
    """ "А, Б и В"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " и " + items[-1]


def _lower(text: str) -> str:
    """A sentence's text after a colon: its first letter small unless it is an abbreviation."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
