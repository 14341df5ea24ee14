"""Data file + template → DOCX (and PDF): the one path every command and the API take.

``Options`` holds every choice; :func:`render` and :func:`check` are thin facades over it.
The flow is one way: load → validate → build context → render → write, and nothing is written
until the whole document has rendered.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from docgen import _docx, _pdf
from docgen._io import atomic_write_bytes
from docgen.context import build_context
from docgen.errors import DocgenError, InvalidTemplateError, Location, TemplateError
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.loading import load_order
from docgen.model import Kind, OrderData

_TEMPLATE_NAMES = {Kind.PRIKAZ: "prikaz.docx", Kind.RASPORYAZHENIE: "rasporyazhenie.docx"}
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Options:
    """Everything a render can be told; the CLI only maps its flags onto this."""

    template: Path | None = None
    output_dir: Path = Path("output")
    pdf: bool = False
    qr: bool | None = None
    exceptions: tuple[Path, ...] = ()
    templates_dir: Path | None = None
    _inflector: Inflector | None = field(default=None, repr=False, compare=False)

    def inflector(self) -> Inflector:
        return self._inflector or Inflector.with_exceptions(self.exceptions)


@dataclass(frozen=True)
class Result:
    """What a render wrote."""

    docx: Path
    pdf: Path | None = None


def templates_dir(options: Options) -> Path:
    """Where the shipped templates are: option, $DOCGEN_TEMPLATES, ./templates, the checkout."""
    candidates = [
        options.templates_dir,
        Path(os.environ["DOCGEN_TEMPLATES"]) if os.environ.get("DOCGEN_TEMPLATES") else None,
        Path("templates"),
        Path(__file__).resolve().parent.parent / "templates",
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "orders").is_dir():
            return candidate
    raise TemplateError(
        "не найдена папка шаблонов templates/ (укажите --template или DOCGEN_TEMPLATES)"
    )


def template_for(data: OrderData, options: Options) -> Path:
    """The template the options name, else the shipped one for the document's kind."""
    if options.template is not None:
        if not options.template.is_file():
            raise TemplateError("файл шаблона не найден", Location(template=str(options.template)))
        return options.template
    return templates_dir(options) / "orders" / _TEMPLATE_NAMES[data.document.kind]


def file_name(data: OrderData) -> str:
    """A safe, readable name: Приказ_953_2022-07-18.docx, Распоряжение_408-1-ср_2021-08-31.docx."""
    document = data.document
    number = _UNSAFE.sub("-", document.number).strip("-.") or "б-н"
    return f"{document.kind.value.capitalize()}_{number}_{document.date.isoformat()}.docx"


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


def render_bytes(data: OrderData, options: Options, *, source: str | None = None) -> bytes:
    """The finished DOCX of an order, in memory."""
    inflector = options.inflector()
    context = build_context(data, inflector, file=source)
    template = template_for(data, options)
    wants_qr = data.document.qr if options.qr is None else options.qr
    image = _qr_png(data) if wants_qr else None
    tpl = _docx.render(template, context, _docx.environment(inflector), image=image)
    document = data.document
    when = datetime.combine(document.date, time(9, 0))
    title = f"{document.kind.value.capitalize()} № {document.number} от " + format_date(
        document.date, "numeric"
    )
    _docx.set_properties(
        tpl, when=when, title=title, subject=context["doc"]["title"],
        author=data.organization.short_name or data.organization.name,
    )
    return _docx.to_bytes(tpl, when)


def render(data_file: Path, options: Options | None = None) -> Result:
    """Render one data file into ``options.output_dir``; returns the paths written."""
    options = options or Options()
    data = load_order(data_file)
    content = render_bytes(data, options, source=str(data_file))
    target = options.output_dir / file_name(data)
    atomic_write_bytes(target, content)
    pdf = _pdf.convert(target, target.with_suffix(".pdf")) if options.pdf else None
    return Result(target, pdf)


def check(data_file: Path, options: Options | None = None) -> list[DocgenError]:
    """Validate data and template and render in memory; returns warnings, raises on errors."""
    options = options or Options()
    data = load_order(data_file)
    template = template_for(data, options)
    findings = _docx.inspect(template)
    fatal = [f.error for f in findings if f.fatal]
    if fatal:
        raise InvalidTemplateError(fatal, str(template))
    render_bytes(data, options, source=str(data_file))
    return [f.error for f in findings]
