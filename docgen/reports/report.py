"""Monitoring workbook → analytical report (аналитическая справка): DOCX with charts, XLSX, PDF.

:func:`make_report` is the one entry point (the ``docgen report`` command calls it). The flow
is the one of every docgen document: load and check everything → compute the figures →
write the sentences → render the DOCX and the XLSX in memory → write both (temporary file
and rename) → PDF. Nothing is written until both documents are complete, and the same
workbook gives the same bytes (dates from the report, never the clock).

The report of a district has the same structure as the report of one school
(``school=``): its tables list the school and the mean of all schools, its charts show the
school's bar in black among the others, its recommendations and activities are its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from docgen.errors import DataError, DocgenError, InvalidDataError, Location, TemplateError
from docgen.grammar import inflector_for, trends
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.model import Organization
from docgen.office import pdf as _pdf
from docgen.office import word as _docx
from docgen.office.charts import Chart, add_chart
from docgen.office.files import atomic_write_bytes
from docgen.office.layout import Align, Cell, Inserts, Row, Table
from docgen.options import ReportOptions
from docgen.reports.charts import indicator_chart, trend_chart
from docgen.reports.conclusions import (
    NO_DATA,
    NOT_APPLICABLE,
    ORG,
    Proposal,
    Writer,
    achievement_text,
    change_text,
    column_places,
    difference,
    fixed,
    grouped,
    number,
    render_recommendations,
    shares_text,
)
from docgen.reports.figures import (
    EXECUTION_HEADINGS,
    HUNDRED,
    Execution,
    IndicatorFigures,
    Mark,
    all_figures,
    digits_for,
    execution,
    period_targets,
    recommendations,
)
from docgen.reports.monitoring import Indicator, Monitoring, School, load_monitoring
from docgen.reports.summary import summary_workbook
from docgen.views import org_view

KIND_TITLE: Final = "АНАЛИТИЧЕСКАЯ СПРАВКА"
CHART_MARKER: Final = re.compile(r"⟦docgen:chart:(\d+)⟧")
_UNSAFE: Final = re.compile(r"[^\w.-]+")
_TABLE_FONT: Final = 10.0
COUNT_UNITS: Final = frozenset({"ед.", "чел.", "шт."})


@dataclass(frozen=True)
class ReportResult:
    """What :func:`make_report` wrote, and what it warns about."""

    docx: Path
    xlsx: Path
    pdf: Path | None = None
    warnings: tuple[DocgenError, ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.docx, self.xlsx, self.pdf) if p is not None)


@dataclass(frozen=True)
class Built:
    """A report rendered in memory: the two files' names and bytes."""

    docx_name: str
    docx: bytes
    xlsx_name: str
    xlsx: bytes | None  # None: not asked for (a district run makes only the DOCX)
    warnings: tuple[DocgenError, ...]


def make_report(
    workbook: Path,
    *,
    output_dir: Path,
    school: str | None = None,
    pdf: bool = False,
    template: Path | None = None,
    inflector: Inflector | None = None,
) -> ReportResult:
    """Write the analytical report of ``workbook`` (of one school with ``school``) and its
    Excel summary into ``output_dir``; ``pdf`` adds a PDF of the report (LibreOffice).

    Raises :class:`~docgen.errors.InvalidDataError` listing every problem of the data with its
    sheet and cell, :class:`~docgen.errors.DataError` for an unknown school.
    """
    built = build_report(workbook, school=school, template=template, inflector=inflector)
    docx = output_dir / built.docx_name
    xlsx = output_dir / built.xlsx_name
    assert built.xlsx is not None
    atomic_write_bytes(docx, built.docx)
    atomic_write_bytes(xlsx, built.xlsx)
    made = _pdf.convert(docx, docx.with_suffix(".pdf")) if pdf else None
    return ReportResult(docx, xlsx, made, built.warnings)


def report(workbook: Path, options: ReportOptions | None = None) -> ReportResult:
    """Write the analytical report of a monitoring ``workbook`` and its Excel summary, as
    ``options`` say (the folder, one school or the district, PDF, template, exceptions)."""
    options = options or ReportOptions()
    return make_report(
        workbook,
        output_dir=options.output_dir,
        school=options.school,
        pdf=options.pdf,
        template=options.template,
        inflector=inflector_for(options.exceptions),
    )


def build_report(
    workbook: Path,
    *,
    school: str | None = None,
    template: Path | None = None,
    inflector: Inflector | None = None,
    summary: bool = True,
) -> Built:
    """Both files of the report, in memory; without ``summary`` the DOCX alone (a district
    run puts each school's report in its folder, the Excel summary is the district's)."""
    from docgen.grammar import default_inflector

    inflector = inflector or default_inflector()
    monitoring = load_monitoring(workbook)
    chosen = find_school(monitoring, school) if school is not None else None
    figures = all_figures(monitoring)
    plan = execution(monitoring, chosen)
    rendered, problems = render_recommendations(
        list(recommendations(monitoring, chosen)), inflector
    )
    proposals = grouped(rendered)
    if problems:
        raise InvalidDataError(problems, monitoring.file)
    warnings = _warnings(monitoring, chosen)
    period = monitoring.header.period.key
    who = f"_{safe_name(chosen.short)}" if chosen else ""
    when = datetime.combine(monitoring.header.date, time(9, 0))
    docx = _docx_bytes(monitoring, figures, plan, proposals, chosen, inflector, template, when)
    xlsx = summary_workbook(monitoring, figures, plan, chosen, when) if summary else None
    return Built(
        f"Аналитическая_справка{who}_{period}.docx",
        docx,
        f"Сводка{who}_{period}.xlsx",
        xlsx,
        tuple(warnings),
    )


def full_title(monitoring: Monitoring) -> str:
    """The title names the district and the period: «Об итогах мониторинга … общеобразовательных
    организаций Заречного муниципального округа за 2023-2024 учебный год»."""
    header = monitoring.header
    title = header.title.rstrip(". ")
    parent = header.parent or ""
    district = re.sub(r"^\s*администрации\s+", "", parent, flags=re.IGNORECASE).strip()
    if district and district != parent.strip() and district.lower() not in title.lower():
        title += f" {district}"
    if header.period.key not in title:
        title += f" за {header.period.text('accs')}"
    return title


def find_school(monitoring: Monitoring, name: str) -> School:
    """A school by key or short name; an unknown one is an error listing the known ones."""
    found = monitoring.school(name)
    if found is None:
        known = "; ".join(f"{s.key} ({s.short})" for s in monitoring.schools)
        raise DataError(
            f"нет школы «{name}»; школы книги (ключ и краткое название): {known}",
            Location(file=monitoring.file, sheet="Школы"),
        )
    return found


def safe_name(text: str) -> str:
    """ "МБОУ «СОШ № 5»" → "МБОУ-СОШ-5": letters, digits and dashes for a file name."""
    return _UNSAFE.sub("-", text.replace("№", "")).strip("-.")[:60].strip("-.") or "school"


def _warnings(monitoring: Monitoring, school: School | None) -> list[DocgenError]:
    header = monitoring.header
    found: list[DocgenError] = []
    silent = [
        s.short
        for s in monitoring.schools
        if (school is None or s == school)
        and all(
            monitoring.value(s.key, header.period, i.key) is None for i in monitoring.indicators
        )
    ]
    if silent:
        found.append(
            DocgenError(
                f"нет ни одного значения за {header.period.text('accs')}: {', '.join(silent)}",
                Location(file=monitoring.file, sheet="Значения"),
            )
        )
    for activity in monitoring.activities:
        if school is not None and activity.school != school.key:
            continue
        if activity.deadline and activity.span is None:
            found.append(
                DocgenError(
                    f"срок «{activity.deadline}» не содержит даты: просрочка мероприятия "
                    f"№ {activity.number} не проверяется",
                    activity.deadline_where or activity.where,
                )
            )
    return found


# ---------------------------------------------------------------------------------- DOCX


@dataclass
class _Blocks:
    """The report's text as blocks the template places, with its tables and charts."""

    inserts: Inserts = field(default_factory=Inserts)
    items: list[dict[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: int = 0

    def add(self, kind: str, text: str = "") -> None:
        self.items.append({"kind": kind, "text": text})

    def table(self, title: str, table: Table) -> None:
        self.tables += 1
        self.add("table_title", f"Таблица {self.tables} – {title}")
        self.add("table", self.inserts.table(table))

    def chart(self, chart: Chart, caption: str) -> None:
        self.charts.append(chart)
        self.add("chart", f"⟦docgen:chart:{len(self.charts)}⟧")
        self.add("caption", f"Рисунок {len(self.charts)} – {caption}")


def _head(*names: str) -> Row:
    return Row(tuple(Cell(n, bold=True, align=Align.CENTER) for n in names), header=True)


def _achievement_places(values: Sequence[Fraction | None]) -> int:
    return max(
        (digits_for(v, HUNDRED) if v < HUNDRED else 1 for v in values if v is not None),
        default=1,
    )


def _row_places(value: Fraction | None, indicator: Indicator) -> int:
    """A row of the summary: a count that is whole is written whole («13 ед.»), the rest with
    the places their column has."""
    if indicator.unit in COUNT_UNITS and value is not None and value.denominator == 1:
        return 0
    return column_places([value], indicator)


def _cell_value(value: Fraction | None, digits: int, mark: Mark) -> str:
    if mark is Mark.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return fixed(value, digits) if value is not None else NO_DATA


def _indicator_table(
    figures: IndicatorFigures, school: School | None, previous: str | None
) -> Table:
    """Every school's row, then the mean; one precision per column («83,0» beside «74,6»)."""
    indicator = figures.indicator
    unit = f", {indicator.unit}" if indicator.unit else ""
    change_unit = ", п.п." if indicator.percent else unit
    header = _head(
        "№",
        "Общеобразовательная организация",
        f"Значение{unit}",
        f"Цель{unit}",
        "Достижение, %",
        "Статус",
        f"Изменение{change_unit}" + (f" к {previous}" if previous else ""),
    )
    rows = [header]
    items = list(figures.schools) if school is None else [(school, figures.of(school))]
    district = figures.district
    counts = indicator.unit in COUNT_UNITS and all(
        f.value.denominator == 1 for _, f in items if f.value is not None
    )
    digits = (
        0 if counts else column_places([f.value for _, f in items] + [district.value], indicator)
    )
    mean_digits = max(digits, 1) if district.value is not None else digits
    if counts and district.value is not None and district.value.denominator == 1:
        mean_digits = 0
    shares = _achievement_places([f.achievement for _, f in items] + [district.achievement])
    target = number(indicator.target, indicator)
    for index, (item, fig) in enumerate(items, start=1):
        if fig.mark is Mark.NOT_APPLICABLE:  # one cell across the figures, not five
            rows.append(
                Row(
                    (
                        Cell(str(index), align=Align.CENTER),
                        Cell(item.short),
                        Cell(f"показатель {NOT_APPLICABLE}", span=5, align=Align.CENTER),
                    )
                )
            )
            continue
        change = None
        if fig.value is not None and fig.previous is not None:
            change = difference(fig.previous, fig.value, digits)
        rows.append(
            Row(
                (
                    Cell(str(index), align=Align.CENTER),
                    Cell(item.short),
                    Cell(_cell_value(fig.value, digits, fig.mark), align=Align.CENTER),
                    Cell(target, align=Align.CENTER),
                    Cell(
                        fixed(fig.achievement, shares) if fig.achievement is not None else "—",
                        align=Align.CENTER,
                    ),
                    Cell(fig.mark.value, align=Align.CENTER),
                    Cell(
                        change_text(change, indicator, unit=False, digits=digits),
                        align=Align.CENTER,
                    ),
                )
            )
        )
    found = figures.comparison
    change = difference(found.start, found.end, mean_digits) if found else None
    mark = "" if found is None or found.same_set else "*"
    rows.append(
        Row(
            (
                Cell("Среднее значение", span=2, bold=True),
                Cell(
                    _cell_value(district.value, mean_digits, district.mark),
                    bold=True,
                    align=Align.CENTER,
                ),
                Cell(target, bold=True, align=Align.CENTER),
                Cell(
                    fixed(district.achievement, shares)
                    if district.achievement is not None
                    else "—",
                    bold=True,
                    align=Align.CENTER,
                ),
                Cell(district.mark.value, bold=True, align=Align.CENTER),
                Cell(
                    change_text(change, indicator, unit=False, digits=max(mean_digits, 1)) + mark,
                    bold=True,
                    align=Align.CENTER,
                ),
            )
        )
    )
    return Table((0.6, 4.0, 1.4, 1.0, 1.8, 1.7, 1.9), _keep_head(rows), font_size=_TABLE_FONT)


def _summary_table(all_figures: Sequence[IndicatorFigures], school: School | None) -> Table:
    subject = "Значение" if school else "Среднее значение"
    header = _head(
        "№",
        "Показатель",
        "Цель",
        subject,
        "Достижение, %",
        "Статус",
        "Цель достигнута в ОО",
        "Изменение",
    )
    rows = [header]
    chosen = [figures.of(school) if school else figures.district for figures in all_figures]
    shares = _achievement_places([fig.achievement for fig in chosen])
    for index, (figures, fig) in enumerate(zip(all_figures, chosen, strict=True), start=1):
        indicator = figures.indicator
        unit = f"\u00a0{indicator.unit}" if indicator.unit else ""
        if school is not None:
            change = (
                difference(fig.previous, fig.value, 1)
                if fig.value is not None and fig.previous is not None
                else None
            )
        else:
            found = figures.comparison
            change = difference(found.start, found.end, 1) if found else None
        rows.append(
            Row(
                (
                    Cell(str(index), align=Align.CENTER),
                    Cell(indicator.name),
                    Cell(number(indicator.target, indicator) + unit, align=Align.CENTER),
                    Cell(
                        _cell_value(fig.value, _row_places(fig.value, indicator), fig.mark)
                        + (unit if fig.value is not None else ""),
                        align=Align.CENTER,
                    ),
                    Cell(
                        fixed(fig.achievement, shares) if fig.achievement is not None else "—",
                        align=Align.CENTER,
                    ),
                    Cell(fig.mark.value, align=Align.CENTER),
                    Cell(shares_text(len(figures.achieved), figures.with_data), align=Align.CENTER),
                    Cell(change_text(change, indicator), align=Align.CENTER),
                )
            )
        )
    # «Статус» as wide as «не достигнут» needs in 9 pt: a word broken in two is not signed
    return Table((0.6, 3.4, 1.2, 1.5, 2.0, 2.0, 1.8, 1.8), _keep_head(rows), font_size=_TABLE_FONT)


def _execution_table(plan: Execution) -> Table:
    rows = [_head(*EXECUTION_HEADINGS)]
    for tally in (*plan.groups, plan.total):
        bold = tally is plan.total
        rows.append(
            Row(
                (
                    Cell(tally.responsible, bold=bold),
                    *(
                        Cell(str(n), bold=bold, align=Align.CENTER)
                        for n in (
                            tally.total,
                            tally.done,
                            tally.in_progress,
                            tally.not_done,
                            tally.overdue,
                        )
                    ),
                    Cell(
                        achievement_text(tally.share_done, unit=False),
                        bold=bold,
                        align=Align.CENTER,
                    ),
                )
            )
        )
    return Table((3.0, 1.0, 1.8, 2.1, 1.7, 1.9, 1.8), _keep_head(rows), font_size=_TABLE_FONT)


def _overdue_table(plan: Execution, monitoring: Monitoring) -> Table:
    rows = [_head("№", "Мероприятие", "Ответственный", "Срок", "Статус")]
    for activity in plan.overdue:
        due = activity.span.due(monitoring.header.date) if activity.span else None
        deadline = activity.deadline
        if due is not None and format_date(due) not in deadline:
            deadline += f"\n(срок истек {format_date(due)})"
        rows.append(
            Row(
                (
                    Cell(activity.number, align=Align.CENTER),
                    Cell(activity.title),
                    Cell(activity.responsible),
                    Cell(deadline, align=Align.CENTER),
                    Cell(activity.status.value, align=Align.CENTER),
                )
            )
        )
    return Table((0.6, 4.8, 2.6, 1.9, 1.9), _keep_head(rows), font_size=_TABLE_FONT)


def _keep_head(rows: Sequence[Row], count: int = 2) -> tuple[Row, ...]:
    """The first data rows stay with the header: a table never starts with its header alone."""
    return tuple(
        Row(row.cells, row.header, True) if not row.header and index <= count else row
        for index, row in enumerate(rows)
    )


_REPORTED: dict[int, tuple[Monitoring, int]] = {}


def _reported(monitoring: Monitoring) -> int:
    """How many schools reported any value for the period: the district's, counted once per
    workbook read (a region's 2,000 reports each say it)."""
    found = _REPORTED.get(id(monitoring))
    if found is not None and found[0] is monitoring:
        return found[1]
    header = monitoring.header
    count = sum(
        any(
            monitoring.value(s.key, header.period, i.key) is not None for i in monitoring.indicators
        )
        for s in monitoring.schools
    )
    if len(_REPORTED) >= 4:
        _REPORTED.clear()
    _REPORTED[id(monitoring)] = (monitoring, count)
    return count


def _blocks(
    monitoring: Monitoring,
    all_figures: Sequence[IndicatorFigures],
    plan: Execution,
    proposals: Sequence[Proposal],
    school: School | None,
    writer: Writer,
) -> _Blocks:
    """The report's sections, numbered as they come: a section without content is left out."""
    header = monitoring.header
    out = _Blocks()
    previous = header.previous.key if header.previous else None
    reported = _reported(monitoring)
    section = 0

    def heading(title: str) -> int:
        nonlocal section
        section += 1
        out.add("heading", f"{section}. {title}")
        return section

    heading("Общие сведения")
    out.add("paragraph", header.intro or writer.intro(reported))
    if school is not None:
        out.add("paragraph", writer.school_intro(school))
    out.add("note", writer.method())

    number = heading("Достижение целевых показателей")
    out.add(
        "paragraph",
        (
            writer.summary(all_figures)
            if school is None
            else writer.school_summary(all_figures, school)
        )
        + f" Сводные значения приведены в таблице {out.tables + 1}.",
    )
    out.table(
        "Достижение целевых показателей"
        + (f" в {school.short}" if school else " (среднее по организациям)"),
        _summary_table(all_figures, school),
    )
    for index, figures in enumerate(all_figures, start=1):
        indicator = figures.indicator
        out.add("subheading", f"{number}.{index}. {indicator.name}")
        if school is None:
            for sentence in writer.schools(figures):
                out.add("paragraph", sentence)
            out.add("paragraph", writer.district(figures))
        else:
            out.add("paragraph", writer.school(figures, school))
        out.add(
            "paragraph",
            ("Значения приведены" if school else "Значения по организациям приведены")
            + f" в таблице {out.tables + 1} и на рисунке {len(out.charts) + 1}.",
        )
        where = f"в {school.short}" if school else "по общеобразовательным организациям"
        out.table(f"{indicator.name} {where}", _indicator_table(figures, school, previous))
        found = figures.comparison
        if school is None and found is not None and not found.same_set:
            out.add(
                "note",
                f"* Изменение среднего значения рассчитано по "
                f"{writer.count(found.count, ORG, 'datv')}, представившим данные за оба периода.",
            )
        concerned = [s for s, f in figures.schools if f.mark is not Mark.NOT_APPLICABLE]
        chart = indicator_chart(figures, school, concerned)
        ranked = chart.meta.get("ranked")
        shown = (  # a large district: the first and last places and the school's neighbours
            f" (первые и последние места и ближайшие к месту организации; всего "
            f"{writer.count(int(ranked), 'место')} в рейтинге)"
            if ranked
            else ""
        )
        out.chart(chart, f"{indicator.name}: значения по общеобразовательным организациям{shown}")

    if any(figures.span is not None for figures in all_figures):  # else left out
        heading("Динамика показателей")
        for figures in all_figures:
            indicator = figures.indicator
            sentence = writer.dynamics(figures).removesuffix(".")
            school_values = None
            if school is not None:
                school_values = [
                    monitoring.value(school.key, p, indicator.key) for p in header.periods
                ]
                own = writer.school_dynamics(figures, school, school_values).removesuffix(".")
                sentence = f"{own}. {sentence[:1].upper()}{sentence[1:]}" if own else sentence
            out.add("paragraph", f"{sentence} (рисунок {len(out.charts) + 1}).")
            out.chart(
                trend_chart(
                    figures,
                    header.periods,
                    period_targets(monitoring, indicator),
                    school_values,
                    school,
                ),
                f"{indicator.name}: среднее значение по периодам"
                + (
                    f" (по {writer.count(figures.span.count, ORG, 'datv')}, представившим "
                    "данные за каждый период)"
                    if figures.span is not None and not figures.span.same_set
                    else ""
                )
                + " и целевое значение каждого периода",
            )

    overdue_table = None
    if plan.activities:
        heading("Выполнение плана мероприятий")
        overdue_table = out.tables + 2 if plan.overdue else None
        sentences = writer.execution(plan, overdue_table)
        out.add(
            "paragraph", sentences[0] + f" Сведения по ответственным — в таблице {out.tables + 1}."
        )
        for sentence in sentences[1:]:
            out.add("paragraph", sentence)
        out.table("Выполнение мероприятий по ответственным", _execution_table(plan))
        if plan.overdue:
            out.table("Просроченные мероприятия", _overdue_table(plan, monitoring))

    heading("Выводы")
    for index, sentence in enumerate(
        writer.conclusions(all_figures, plan, school, overdue_table), start=1
    ):
        out.add("paragraph", f"{index}. {sentence}")

    heading("Предложения (рекомендации)")
    lines = writer.proposals(proposals, plan, school)
    if not lines:
        out.add(
            "paragraph",
            "Значения показателей не выходят за пороговые, просроченных мероприятий нет: "
            "дополнительные меры не требуются.",
        )
    else:
        out.add("paragraph", "По результатам мониторинга предлагается:")
        for line in lines:
            out.add("paragraph", line)
    out.items[-1]["kind"] = "last"
    return out


def _docx_bytes(
    monitoring: Monitoring,
    all_figures: Sequence[IndicatorFigures],
    plan: Execution,
    proposals: Sequence[Proposal],
    school: School | None,
    inflector: Inflector,
    template: Path | None,
    when: datetime,
) -> bytes:
    header = monitoring.header
    writer = Writer(inflector, monitoring)
    blocks = _blocks(monitoring, all_figures, plan, proposals, school, writer)
    org = org_view(
        Organization(name=header.organization, parent=header.parent, superior=header.superior),
        inflector,
    )
    executor = ""
    if header.executor:
        executor = header.executor + (f", {header.executor_phone}" if header.executor_phone else "")
    title_lines = [full_title(monitoring)] + ([f"({school.short})"] if school else [])
    context: dict[str, Any] = {
        "org": org,
        "doc": {
            "kind_title": KIND_TITLE,
            "date_text": format_date(header.date, "numeric"),
            "number_text": f"№ {header.number}" if header.number else "",
            "place": header.place or "",
            "title_lines": title_lines,
            "period": header.period.text(),
        },
        "blocks": blocks.items,
        "signer": {"position": header.signer_position, "name": header.signer},
        "executor": executor,
        "qr": "",
    }
    path = template or _template()
    env = _docx.environment(inflector)
    trends.install(env)
    tpl = _docx.render(path, context, env)
    _put_charts(tpl.docx, blocks.charts)
    _docx.finish(tpl.docx, blocks.inserts)
    _docx.set_properties(
        tpl,
        when=when,
        title=f"{KIND_TITLE.capitalize()} {format_date(header.date, 'numeric')}",
        subject=" ".join(title_lines),
        author=header.organization,
    )
    return _docx.to_bytes(tpl, when)


def _template() -> Path:
    from docgen.options import Options
    from docgen.rendering import templates_dir

    path = templates_dir(Options()) / "reports" / "report.docx"
    if not path.is_file():
        raise TemplateError(
            "не найден шаблон справки templates/reports/report.docx", Location(template=str(path))
        )
    return path


def _put_charts(document: Any, charts: Sequence[Chart]) -> None:
    """Each chart marker paragraph becomes a native chart (DrawingML part with its workbook)."""
    placed = 0
    for paragraph in document.paragraphs:
        match = CHART_MARKER.fullmatch(paragraph.text.strip())
        if match is None:
            continue
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        number = int(match.group(1))
        add_chart(paragraph.add_run(), charts[number - 1], number)
        placed += 1
    if placed != len(charts):
        raise TemplateError(
            f"в шаблоне справки место нашлось для {placed} рисунков из "
            f"{len(charts)}: абзац {{{{ b.text }}}} блока chart должен быть "
            "отдельным"
        )
