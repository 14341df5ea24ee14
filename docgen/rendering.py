"""Data file + template → DOCX (and PDF): the one path every command and the API take.

``Options`` holds every choice; :func:`render` and :func:`check` are thin facades over it.
The flow is one way: load → validate → build context → render → write, and nothing is written
until the whole document has rendered.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from docgen.errors import (
    DocgenError,
    InvalidDataError,
    InvalidTemplateError,
    Location,
    TemplateError,
)
from docgen.grammar import inflector_for
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.journal import DEFAULT_NAME, DEFAULT_PATTERN, Journal, Registration, is_auto
from docgen.lint import Dictionary, lint, user_words
from docgen.loading import Data, load_located
from docgen.model import Kind, OrderData, PlanData, Typography
from docgen.office import pdf as _pdf
from docgen.office import word as _docx
from docgen.office.files import atomic_write_bytes, fit_name
from docgen.office.sandbox import LimitError, bounded
from docgen.options import Options
from docgen.orders.context import build_context
from docgen.plans.context import Extras, build_plan_context
from docgen.plans.table import period_of

_TEMPLATE_NAMES = {Kind.PRIKAZ: "prikaz.docx", Kind.RASPORYAZHENIE: "rasporyazhenie.docx"}
_UNSAFE = re.compile(r"[^\w.-]+")
_UNDATED = date(2000, 1, 1)  # a plan with no date of its own: fixed, never the clock


@dataclass(frozen=True)
class Result:
    """What a render wrote, and what it warns about (roles nobody fills, numbering gaps)."""

    docx: Path
    pdf: Path | None = None
    warnings: tuple[DocgenError, ...] = ()


@dataclass(frozen=True)
class Rendered:
    """A document rendered in memory; an order also says what its journal row records."""

    content: bytes
    name: str
    warnings: tuple[DocgenError, ...]
    requisites: tuple[str, str, str] = ("", "", "")  # title, signer, executor as printed
    # the context it was made from: a district's summary takes the late tasks from it instead
    # of building the document's context (the plan of an order's appendix too) a second time
    context: dict[str, Any] | None = field(default=None, compare=False, repr=False)


#: The templates docgen ships (package data), found once: resolving a path costs a system
#: call per part of it, and a district run asks for its templates at every document.
_SHIPPED = Path(__file__).resolve().parent / "templates"


def templates_dir(options: Options) -> Path:
    """Where the templates are: option, $DOCGEN_TEMPLATES, ./templates, the package's own.

    The shipped templates are package data (``docgen/templates``), so an installed wheel finds
    them from any folder."""
    candidates = [
        options.templates_dir,
        Path(os.environ["DOCGEN_TEMPLATES"]) if os.environ.get("DOCGEN_TEMPLATES") else None,
        Path("templates"),
        _SHIPPED,
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "orders").is_dir():
            return candidate
    raise TemplateError(
        "не найдена папка шаблонов templates/ (укажите --template или DOCGEN_TEMPLATES)"
    )


def template_for(data: Data, options: Options) -> Path:
    """The template the options name, else the shipped one for the document's kind."""
    if options.template is not None:
        if not options.template.is_file():
            raise TemplateError("файл шаблона не найден", Location(template=str(options.template)))
        return options.template
    if isinstance(data, PlanData):
        return templates_dir(options) / "plans" / "plan.docx"
    return templates_dir(options) / "orders" / _TEMPLATE_NAMES[data.document.kind]


def file_name(data: Data) -> str:
    """A safe, readable name: Приказ_953_2022-07-18.docx, План_МОУ-СШ-7_2023-2024.docx."""
    if isinstance(data, PlanData):
        org = data.organization
        who = _UNSAFE.sub("-", (org.short_name or org.name).replace("№", "")).strip("-.")
        period = period_of(data.plan.period)
        when = f"_{period[0].year}-{period[1].year}" if period else ""
        first = " ".join(data.plan.title.split()[:2]).lower()
        kind = "Пояснительная_записка" if first == "пояснительная записка" else "План"
        return fit_name(f"{kind}_{who[:60].strip('-.')}{when}.docx")
    document = data.document
    return order_file_name(document.kind.value, document.number, document.date)


def order_file_name(kind: str, number: str, day: date) -> str:
    """Приказ_953_2022-07-18.docx: the kind, the number made safe for a file name, the date."""
    safe = _UNSAFE.sub("-", number).strip("-.") or "б-н"
    return fit_name(f"{kind.capitalize()}_{safe}_{day.isoformat()}.docx")


def _qr_png(data: OrderData) -> bytes:
    """The QR-code requisite: kind, number, date and author of the document."""
    import io

    import segno

    document = data.document
    payload = (
        f"{document.kind.value.upper()} № {document.number} от "
        f"{format_date(document.date, 'numeric')}\n{data.organization.name}"
        + (f" {data.organization.parent}" if data.organization.parent else "")
    )
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def render_bytes(
    data: Data,
    options: Options,
    *,
    source: str | None = None,
    locate: Any = None,
    inflector: Inflector | None = None,
) -> Rendered:
    """The finished DOCX of an order or a plan, in memory, with its warnings; ``inflector``
    defaults to the one for ``options.exceptions``. Bounded in time and memory as a whole
    (:func:`docgen.office.sandbox.bounded`): no input makes one document run away."""
    with bounded():
        try:
            return _render_bytes(data, options, source, locate, inflector)
        except LimitError as exc:
            raise exc.at(file=source) from None


def _render_bytes(
    data: Data,
    options: Options,
    source: str | None,
    locate: Any,
    inflector: Inflector | None,
) -> Rendered:
    inflector = inflector or inflector_for(options.exceptions)
    extras = Extras(locate=locate)
    image = None
    if isinstance(data, PlanData):
        context = build_plan_context(data, inflector, file=source, extras=extras)
        when = data.approval.date if data.approval and data.approval.date else None
        period = period_of(data.plan.period)
        day = when or (period[0] if period else _UNDATED)
        title = context["plan"]["title"].split("\n")[0]
        subject = context["plan"]["title"].replace("\n", " ")
    else:
        context = build_context(data, inflector, file=source, extras=extras)
        wants_qr = data.document.qr if options.qr is None else options.qr
        image = _qr_png(data) if wants_qr else None
        day = data.document.date
        title = f"{data.document.kind.value.capitalize()} № {data.document.number} от " + (
            format_date(day, "numeric")
        )
        subject = context["doc"]["title"]
    template = template_for(data, options)
    filled = _docx.fill(
        template,
        context,
        _docx.environment(inflector),
        image=image,
        footnotes=bool(extras.inserts.footnotes),
    )
    if context.get("sheets"):
        _sheets_placed(filled.body, context["sheets"], template)
    orientation = context["plan"]["orientation"] if isinstance(data, PlanData) else None
    filled.finish(extras.inserts, orientation, typography=data.typography is not Typography.LITERAL)
    when = datetime.combine(day, time(9, 0))
    filled.properties(
        when=when,
        title=title,
        subject=subject,
        author=data.organization.short_name or data.organization.name,
    )
    warnings = list(extras.warnings)
    if options.lint:
        warnings += lint(data, locate=locate, file=source, dictionary=dictionary_for(options))
    requisites = ("", "", "")
    if isinstance(data, OrderData):
        signer = context["signer"]
        # the journal keeps plain text (ordinary spaces, one line) for search and Excel
        requisites = tuple(  # type: ignore[assignment]
            " ".join(str(value).split())
            for value in (
                context["doc"]["title"],
                f"{signer['position']} {signer['name']}",
                context["executor"],
            )
        )
    return Rendered(filled.to_bytes(when), file_name(data), tuple(warnings), requisites, context)


_SHEET_NAMES = {"visas": "лист согласования", "acquaintance": "лист ознакомления"}


def _sheets_placed(body_element: Any, sheets: list[dict[str, Any]], template: Path) -> None:
    """A template of one's own made before the листы existed would drop them silently: the
    data asks for a sheet, so a template without a place for it is an error."""
    body = "".join(body_element.itertext())
    missing = [_SHEET_NAMES[s["kind"]] for s in sheets if s["table"] not in body]
    if missing:
        raise TemplateError(
            f"данные просят {' и '.join(missing)}, а в шаблоне для них нет места: добавьте в "
            "конец шаблона абзацы {%p for s in sheets %}, {{ s.heading }}, {{ s.table }}, "
            "{%p endfor %} (как в шаблоне docgen templates/orders/prikaz.docx)",
            Location(template=str(template)),
        )


_DICTIONARIES: dict[tuple[Path, ...], Dictionary] = {}


def dictionary_for(options: Options) -> Dictionary:
    """The lint's dictionary with the user's words; made once per set of files (a bulk run
    renders every school with the same one)."""
    found = _DICTIONARIES.get(options.dictionaries)
    if found is None:
        found = _DICTIONARIES[options.dictionaries] = Dictionary(user_words(options.dictionaries))
    return found


def journal_of(data_file: Path, options: Options) -> Journal:
    """The journal the options name, else журнал.sqlite beside the data file."""
    return Journal(options.journal or data_file.parent / DEFAULT_NAME)


def journal_source(data_file: Path, journal: Journal) -> str:
    """How the journal knows a data file: its path from the journal's folder (so the folder
    can move), or its full path when it lies elsewhere."""
    resolved = data_file.resolve()
    try:
        return resolved.relative_to(journal.path.resolve().parent).as_posix()
    except ValueError:
        return resolved.as_posix()


def registration_of(data: OrderData, source: str) -> Registration:
    """What the journal keys and records for an order whose number it gives."""
    document = data.document
    return Registration(
        organization=data.organization.name,
        kind=document.kind.value,
        date=document.date,
        source=source,
        pattern=data.organization.numbering.get(document.kind, DEFAULT_PATTERN),
    )


def numbered(data: OrderData, number: str) -> OrderData:
    """The order with the number the journal gave it."""
    return data.model_copy(update={"document": data.document.model_copy(update={"number": number})})


def render(data_file: Path, options: Options | None = None) -> Result:
    """Render one data file into ``options.output_dir``; returns the paths written.

    An order numbered «auto» takes its number from the registration journal, which holds the
    number until the document is written: a failed render takes no number.
    """
    options = options or Options()
    data, locator = load_located(data_file, options.overrides)
    if isinstance(data, OrderData) and is_auto(data.document.number):
        journal = journal_of(data_file, options)
        with journal.registering(
            registration_of(data, journal_source(data_file, journal))
        ) as ticket:
            rendered, target = _render_and_write(
                numbered(data, ticket.number), data_file, options, locator
            )
            title, signer, executor = rendered.requisites
            ticket.done(
                hashlib.sha256(rendered.content).hexdigest(),
                title=title,
                signer=signer,
                executor=executor,
            )
    else:
        rendered, target = _render_and_write(data, data_file, options, locator)
    pdf = _pdf.convert(target, target.with_suffix(".pdf")) if options.pdf else None
    return Result(target, pdf, rendered.warnings)


def _render_and_write(
    data: Data, data_file: Path, options: Options, locator: Any
) -> tuple[Rendered, Path]:
    rendered = render_bytes(data, options, source=str(data_file), locate=locator.locate)
    if options.strict and rendered.warnings:
        raise InvalidDataError(list(rendered.warnings), str(data_file))
    target = options.output_dir / rendered.name
    atomic_write_bytes(target, rendered.content)
    return rendered, target


def check(data_file: Path, options: Options | None = None) -> list[DocgenError]:
    """Validate data and template and render in memory; returns warnings, raises on errors."""
    options = options or Options()
    data, locator = load_located(data_file, options.overrides)
    if isinstance(data, OrderData) and is_auto(data.document.number):
        journal = journal_of(data_file, options)
        data = numbered(
            data, journal.peek(registration_of(data, journal_source(data_file, journal)))
        )
    template = template_for(data, options)
    findings = _docx.inspect(template)
    fatal = [f.error for f in findings if f.fatal]
    if fatal:
        raise InvalidTemplateError(fatal, str(template))
    rendered = render_bytes(data, options, source=str(data_file), locate=locator.locate)
    return [f.error for f in findings] + list(rendered.warnings)
