"""Reading documents into tasks: orders (their points with a deadline or a responsible, and a
plan they approve), plans and roadmaps (their activities), district workbooks (every school's
roadmap and order, the school named with each task)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docgen.errors import InvalidDataError
from docgen.grammar import inflector_for
from docgen.grammar.inflector import Inflector
from docgen.model import OrderData, PlanData
from docgen.options import AgendaOptions
from docgen.orders.tasks import document_items
from docgen.plans.control import Item


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
            items += document_items(data, inflector, str(path), locate=locator.locate)
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


def _district(path: Path, inflector: Inflector) -> list[Item]:
    """Every school's roadmap and order; a school whose data are wrong stops the run with its
    problems named, as ``docgen bulk`` names them."""
    from docgen.district.workbook import jobs, read

    district = read(path)
    items: list[Item] = []
    for job in jobs(district):
        if job.problems:  # each with its sheet and cell, as bulk names them
            raise InvalidDataError(list(job.problems), str(path))
        for document in job.documents:
            if isinstance(document.data, OrderData | PlanData):
                items += document_items(
                    document.data,
                    inflector,
                    f"{path}: школа {job.key}",
                    school=job.name,
                    # the order approves the roadmap: its activities are the roadmap's
                    appendices=False,
                )
    return items
