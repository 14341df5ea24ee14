"""DOCX mechanics: a sandboxed docxtpl render that names the place of an error, and stable bytes.

docxtpl turns the document XML into one Jinja template with one paragraph per line, so a Jinja
line number is the paragraph's number in the part; errors quote that paragraph's text. Word's
typographic quotes inside ``{{ }}`` are made straight before rendering (Russian AutoFormat
turns 'дт' into «дт»), and the saved zip is rewritten with fixed timestamps so that the same
input always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import traceback
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import DocgenError, Location, TemplateError
from docgen.grammar.filters import install
from docgen.grammar.inflector import Inflector

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SMART_QUOTES = str.maketrans({"«": "'", "»": "'", "“": '"', "”": '"', "„": '"', "‘": "'",
                               "’": "'"})
_XML_TAGS = re.compile(r"<[^>]+>")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _straighten(match: re.Match[str]) -> str:
    return match.group(0).translate(_SMART_QUOTES)


def _plain(xml_line: str) -> str:
    text = _XML_TAGS.sub("", xml_line)
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl that keeps the source of the part being rendered, for error messages."""

    source: str = ""

    def patch_xml(self, src_xml: str) -> str:
        patched: str = super().patch_xml(src_xml)
        return _TAG.sub(_straighten, patched)

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> Any:
        self.source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        return super().render_xml_part(src_xml, part, context, jinja_env)

    def paragraph(self, line: int | None) -> str:
        """The text of the template paragraph at a Jinja line, with its tags, for messages."""
        lines = self.source.splitlines()
        if line is None or not 0 < line <= len(lines):
            return ""
        return _plain(lines[line - 1])


def environment(inflector: Inflector) -> SandboxedEnvironment:
    """Templates are data from outside: sandboxed, autoescaped, undefined names are errors."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    install(env, inflector)
    return env


def _template_line(exc: BaseException) -> int | None:
    """The line in the rendered template where a runtime error happened (Jinja keeps it)."""
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


def _error(exc: BaseException, tpl: _Template, name: str) -> DocgenError:
    line = _template_line(exc)
    quoted = tpl.paragraph(line)
    around = f" (в тексте «{quoted[:160]}»)" if quoted else ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"синтаксическая ошибка Jinja: {exc.message}{around}"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"в данных нет того, что ждёт шаблон: {_undefined(exc)}{around}"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"шаблон пытается сделать недопустимое: {exc}{around}"
    elif isinstance(exc, DocgenError):
        return exc.at(template=name, line=line)
    else:
        message = f"ошибка при заполнении шаблона: {exc}{around}"
    return TemplateError(message, Location(template=name, line=line))


def _undefined(exc: jinja2.UndefinedError) -> str:
    message = str(exc.message or exc)
    if m := re.match(r"'(.+)' is undefined", message):
        return f"переменная «{m.group(1)}» не определена"
    if m := re.match(r"'(.+)' has no attribute '(.+)'", message):
        return f"нет поля «{m.group(2)}»"
    return message


def render(path: Path, context: dict[str, Any], env: SandboxedEnvironment,
           *, image: bytes | None = None) -> _Template:
    """Fill the template; any problem becomes a TemplateError naming the template and line."""
    try:
        tpl = _Template(str(path))
        tpl.init_docx()
    except Exception as exc:  # a broken or non-DOCX file: python-docx raises many kinds
        raise TemplateError(f"не удалось открыть шаблон DOCX: {exc}",
                            Location(template=str(path))) from exc
    if image is not None:
        from docx.shared import Mm
        from docxtpl import InlineImage

        context = {**context, "qr": InlineImage(tpl, io.BytesIO(image), width=Mm(22))}
    try:
        tpl.render(context, env)
    except (jinja2.TemplateError, DocgenError, TypeError, ValueError, KeyError) as exc:
        raise _error(exc, tpl, str(path)) from exc
    return tpl


def set_properties(tpl: _Template, *, when: datetime, title: str, subject: str,
                   author: str) -> None:
    """Properties from the document itself, never from the clock, so bytes are reproducible."""
    props = tpl.docx.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = "docgen"
    props.created = when
    props.modified = when
    props.revision = 1
    props.keywords = ""
    props.comments = ""


def to_bytes(tpl: _Template, when: datetime) -> bytes:
    """Saved document with fixed zip timestamps and member order."""
    buffer = io.BytesIO()
    tpl.save(buffer)
    return stable_zip(buffer.getvalue(), when)


def stable_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a zip with one timestamp for every member, in the order they were written."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


@dataclass(frozen=True)
class Finding:
    """Something `docgen check` reports about a template: an error or a warning."""

    error: DocgenError
    fatal: bool


def _parts(path: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                yield name, archive.read(name)


def inspect(path: Path) -> list[Finding]:
    """Problems Word makes in a template: tags split across runs, typographic quotes in tags."""
    from lxml import etree

    findings: list[Finding] = []
    try:
        parts = list(_parts(path))
    except (OSError, zipfile.BadZipFile) as exc:
        error = TemplateError(
            f"не удалось открыть шаблон DOCX: {exc}", Location(template=str(path))
        )
        return [Finding(error, True)]
    for part, xml in parts:
        root = etree.fromstring(xml)
        for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
            pieces = [t.text or "" for t in paragraph.iter(f"{_W}t")]
            text = "".join(pieces)
            if "{" not in text and "}" not in text:
                continue
            where = Location(template=f"{path} ({part})", line=number)
            joints = _joints(pieces)
            for tag in _TAG.finditer(text):
                if any(tag.start() < joint < tag.end() for joint in joints):
                    findings.append(Finding(TemplateError(
                        f"Word разбил тег «{tag.group(0)}» на части с разным оформлением; docgen "
                        "его склеит, но лучше перепечатать тег целиком", where), False))
                if tag.group(0) != tag.group(0).translate(_SMART_QUOTES):
                    findings.append(Finding(TemplateError(
                        f"в теге «{tag.group(0)}» типографские кавычки (автозамена Word); "
                        "docgen заменит их прямыми", where), False))
            rest = _TAG.sub("", text)
            if "{{" in rest or "{%" in rest or "}}" in rest or "%}" in rest:
                findings.append(Finding(TemplateError(
                    f"незакрытый или лишний тег в абзаце «{text[:160]}»", where), True))
    return findings


def _joints(pieces: list[str]) -> list[int]:
    """Offsets in the paragraph text where one run's text ends and the next begins."""
    joints, offset = [], 0
    for piece in pieces[:-1]:
        offset += len(piece)
        joints.append(offset)
    return joints
