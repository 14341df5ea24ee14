"""docgen: official documents of Russian education administrations from templates and data.

The public API is what ``__all__`` lists; everything else is internal and may change::

    from docgen import Options, render, check, bulk, report, inflect, agree

    render(Path("order.yaml"), Options(output_dir=Path("output")))   # -> Result
    check(Path("order.yaml"))                                        # -> warnings
    bulk(Path("district.xlsx"), BulkOptions(output_dir=Path("out")))  # -> BulkResult
    report(Path("monitoring.xlsx"), ReportOptions(school="sosh2"))   # -> ReportResult
    agenda([Path("order.yaml")], AgendaOptions(today=date(2025, 3, 1)))  # -> AgendaResult
    Journal(Path("журнал.sqlite")).entries()                         # -> [Entry]
    inflect("Ушакова И.Г.", "вн")                                    # 'Ушакову И.Г.'
    agree(36, "общеобразовательная организация")                     # '36 общеобразовательных …'

Every error is a :class:`DocgenError` that carries its :class:`Location` (file, sheet and cell,
key path, template line). The functions that render are loaded on first use, so that
``import docgen`` stays cheap for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from docgen.errors import (
    DataError,
    DocgenError,
    GrammarError,
    InvalidDataError,
    InvalidTemplateError,
    Location,
    OutputError,
    TemplateError,
    UnknownGenderError,
)
from docgen.grammar import agree, inflect
from docgen.options import AgendaOptions, BulkOptions, Options, ReportOptions

if TYPE_CHECKING:
    from docgen.control import AgendaResult, agenda
    from docgen.district.bulk import bulk
    from docgen.district.jobs import BulkResult
    from docgen.journal import Journal
    from docgen.rendering import Result, check, render
    from docgen.reports.report import ReportResult, report

    __version__: str

_LAZY = {
    "agenda": "docgen.control",
    "AgendaResult": "docgen.control",
    "Journal": "docgen.journal",
    "render": "docgen.rendering",
    "check": "docgen.rendering",
    "Result": "docgen.rendering",
    "bulk": "docgen.district.bulk",
    "BulkResult": "docgen.district.jobs",
    "report": "docgen.reports.report",
    "ReportResult": "docgen.reports.report",
}


def __getattr__(name: str) -> Any:
    """Load the rendering functions on first use (PEP 562), and the version from the package's
    metadata, whose one source is pyproject.toml."""
    if name == "__version__":
        from docgen.fingerprint import version

        globals()[name] = version()
        return globals()[name]
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AgendaOptions",
    "AgendaResult",
    "BulkOptions",
    "BulkResult",
    "DataError",
    "DocgenError",
    "GrammarError",
    "InvalidDataError",
    "InvalidTemplateError",
    "Journal",
    "Location",
    "Options",
    "OutputError",
    "ReportOptions",
    "ReportResult",
    "Result",
    "TemplateError",
    "UnknownGenderError",
    "__version__",
    "agenda",
    "agree",
    "bulk",
    "check",
    "inflect",
    "render",
    "report",
]
