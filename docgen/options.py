"""What a run can be told: one options object per command, which the CLI and the web only fill.

Kept free of the rendering machinery, so that a bulk rerun with nothing to do (answered from the
manifest) does not load it. The collaborators a run needs (the inflector with the user's
exception files) are made from these options by :func:`docgen.grammar.inflector_for` and passed
explicitly, not carried here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Options:
    """Everything a render of an order or a plan can be told (``docgen render``/``check``)."""

    template: Path | None = None
    output_dir: Path = Path("output")
    pdf: bool = False
    qr: bool | None = None
    exceptions: tuple[Path, ...] = ()
    templates_dir: Path | None = None
    overrides: tuple[str, ...] = ()
    dictionaries: tuple[Path, ...] = ()  # the user's words for the lint: one a line
    lint: bool = True  # a methodologist's warnings (docgen.lint) with every render
    strict: bool = False  # warnings are errors: nothing is written when there are any
    journal: Path | None = None  # the registration journal; None: журнал.sqlite beside the data


@dataclass(frozen=True)
class BulkOptions:
    """Everything a bulk run can be told (``docgen bulk``)."""

    output_dir: Path = Path("output")
    jobs: int = 0
    force: bool = False
    pdf: bool = False
    render: Options = field(default_factory=Options)
    only: tuple[str, ...] = ()  # schools by key or short name; empty: every school
    prune: bool = False  # remove outputs that belong to no school any more
    zip: bool = False  # also pack every output into WORKBOOK-NAME.zip
    today: date | None = None  # the day of the summary's «Просрочено» sheet; None: the clock's
    journal: Path | None = None  # numbers «авто»: None is журнал.sqlite beside the workbook


@dataclass(frozen=True)
class ReportOptions:
    """Everything an analytical report can be told (``docgen report``)."""

    output_dir: Path = Path("output")
    school: str | None = None
    pdf: bool = False
    template: Path | None = None
    exceptions: tuple[Path, ...] = ()


@dataclass(frozen=True)
class AgendaOptions:
    """Everything the control of execution can be told (``docgen agenda``)."""

    output_dir: Path = Path("output")
    today: date | None = None  # the day the lists are made for; None: the computer's date
    exceptions: tuple[Path, ...] = ()
