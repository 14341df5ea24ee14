"""Reading documents into tasks: orders (their points with a deadline or a responsible, and a
plan they approve), plans and roadmaps (their activities), district workbooks (every school's
roadmap and order, the school named with each task)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, Location
from docgen.grammar import inflector_for
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.grammar.recurrence import recurrences
from docgen.model import OrderData, PlanData
from docgen.options import AgendaOptions
from docgen.orders.context import build_context
from docgen.plans.context import build_plan_context
from docgen.plans.control import Item, activity_items
from docgen.plans.table import period_of


def collect(paths: Sequence[Path], options: AgendaOptions) -> list[Item]:
    """Every task of the files, in the order the files give them."""
    inflector = inflector_for(options.exceptions)
    items: list[Item] = []
    for path in paths:
        if _is_district(path):
            items += _district(path, inflector)
        else:
            from docgen.loading import load_located

            data, locator = load_located(path)
            items += _document(data, inflector, str(path), locate=locator.locate)
    return items


def _is_district(path: Path) -> bool:
    """A workbook with the district's «Школы» sheet."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return False
    from docgen.district.workbook import SHEETS

    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        names = {name.strip().lower() for name in book.sheetnames}
        book.close()
    except Exception:  # not a readable workbook: load_located names the problem
        return False
    return bool(names & {name.lower() for name in SHEETS["schools"]})


def _document(
    data: OrderData | PlanData,
    inflector: Inflector,
    source: str,
    *,
    school: str = "",
    locate: Any = None,
    appendices: bool = True,
) -> list[Item]:
    from docgen.plans.context import Extras

    extras = Extras(locate=locate)
    name = Path(source.split(":")[0]).name if source else ""
    if isinstance(data, PlanData):
        context = build_plan_context(data, inflector, file=source, extras=extras)
        title = " ".join(context["plan"]["title"].split())
        return activity_items(
            context["plan"]["activities"],
            title,
            name,
            school=school,
            since=data.date,
            period=period_of(data.plan.period),
        )
    context = build_context(data, inflector, file=source, extras=extras)
    document = data.document
    title = (
        f"{document.kind.value.capitalize()} № {document.number} от "
        f"{format_date(document.date, 'numeric')} «{' '.join(context['doc']['title'].split())}»"
    )
    items = []
    for assignment in context["doc"]["assignments"]:
        rules = recurrences(assignment.deadline, assignment.span)
        for who in assignment.who or ("Ответственный не указан",):
            items.append(
                Item(
                    who=" ".join(who.split()),
                    document=title,
                    source=name,
                    number=f"п. {assignment.number.rstrip('.')}",
                    text=" ".join(assignment.text.split()),
                    deadline=" ".join(assignment.deadline.split()),
                    span=assignment.span,
                    rules=rules,
                    school=school,
                    since=document.date,
                )
            )
    if appendices:
        for appendix, given in zip(context["appendices"], document.appendices, strict=True):
            if appendix["plan"] and given.plan is not None:
                items += activity_items(
                    appendix["plan"]["activities"],
                    f"{title}, приложение «{' '.join(appendix['title'].split())}»",
                    name,
                    school=school,
                    since=document.date,
                    period=period_of(given.plan.period),
                )
    return items


def _district(path: Path, inflector: Inflector) -> list[Item]:
    """Every school's roadmap and order; a school whose data are wrong stops the run with its
    problems named, as ``docgen bulk`` names them."""
    from docgen.district.workbook import jobs, read

    district = read(path)
    items: list[Item] = []
    for job in jobs(district):
        if job.problems:
            raise DocgenError(
                f"школа «{job.name}»: {'; '.join(str(p) for p in job.problems)}",
                Location(file=str(path)),
            )
        for document in job.documents:
            if isinstance(document.data, OrderData | PlanData):
                items += _document(
                    document.data,
                    inflector,
                    f"{path}: школа {job.key}",
                    school=job.name,
                    # the order approves the roadmap: its activities are the roadmap's
                    appendices=False,
                )
    return items
