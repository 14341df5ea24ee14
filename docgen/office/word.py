"""DOCX mechanics: a sandboxed docxtpl render that names the place of an error, and stable bytes.

docxtpl turns the document XML into one Jinja template with one paragraph per line, so a Jinja
line number is the paragraph's number in the part; errors quote that paragraph's text. Word's
typographic quotes inside ``{{ }}`` are made straight before rendering (Russian AutoFormat
turns 'дт' into «дт»), and the saved zip is rewritten with fixed timestamps so that the same
input always gives the same bytes.
"""

from __future__ import annotations

import base64
import bisect
import copy
import hashlib
import io
import json
import re
import struct
import threading
import traceback
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import DocgenError, Location, TemplateError
from docgen.grammar.filters import install
from docgen.grammar.inflector import Inflector
from docgen.grammar.typography import keep_last_words, typeset, typeset_pieces
from docgen.office.containers import check_zip
from docgen.office.layout import MARKER, Cell, Inserts, Orientation, Row, Table
from docgen.office.markup import escape
from docgen.office.sandbox import (
    RENDER_FAULTS,
    BoundedSandbox,
    bounded,
    fault_text,
    refusal_text,
)

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SMART_QUOTES = str.maketrans(
    {"«": "'", "»": "'", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"}
)
_XML_TAGS = re.compile(r"<[^>]+>")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _straighten(match: re.Match[str]) -> str:
    return match.group(0).translate(_SMART_QUOTES)


def _plain(xml_line: str) -> str:
    text = _XML_TAGS.sub("", xml_line)
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


_PATCHED: dict[str, str] = {}
_TEMPLATES: dict[tuple[str, int, int], bytes] = {}


@lru_cache(maxsize=1)
def _template_class() -> Any:
    """docxtpl's template class as docgen uses it, made when first asked for: a run whose
    documents all take the text path from templates prepared before (a rerun) never imports
    docxtpl and python-docx, a twelfth of its time."""
    from docxtpl import DocxTemplate

    class _Template(DocxTemplate):  # type: ignore[misc]
        """docxtpl that compiles each template part once per process and keeps its source.

        A district renders the same template hundreds of times: the patched XML and the compiled
        Jinja template of each part are cached (by the part's text, so an edited template is a
        new entry). The source is kept for error messages that quote the paragraph.
        """

        source: str = ""
        pristine: Any = None

        def init_docx(self, reload: bool = True) -> None:
            """A copy of the template opened once (copying is twice as fast as opening again)."""
            if self.pristine is None:
                super().init_docx(reload)
            elif not getattr(self, "docx", None) or (
                getattr(self, "is_rendered", False) and reload
            ):
                self.docx = copy.deepcopy(self.pristine)
                self.is_rendered = False

        def patch_xml(self, src_xml: str) -> str:
            patched = _PATCHED.get(src_xml)
            if patched is None:
                if len(_PATCHED) > 64:
                    _PATCHED.clear()
                patched = _PATCHED[src_xml] = _TAG.sub(_straighten, super().patch_xml(src_xml))
            return patched

        def render_xml_part(
            self, src_xml: str, part: Any, context: Any, jinja_env: Any = None
        ) -> Any:
            self.current_rendering_part = part
            self.source, template = _compiled(jinja_env, src_xml)
            return _finished_text(template.render(context))

        def build_headers_footers_xml(
            self, context: Any, uri: Any, jinja_env: Any = None
        ) -> Iterator[tuple[str, bytes]]:
            """Headers and footers with tags in them; the rest (a page number) stay as they are."""
            for rel_key, part in self.get_headers_footers(uri):
                xml = self.get_part_xml(part)
                if "{" not in xml:
                    continue
                encoding = self.get_headers_footers_encoding(xml)
                rendered = self.render_xml_part(self.patch_xml(xml), part, context, jinja_env)
                yield rel_key, rendered.encode(encoding)

        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            """docxtpl renders Jinja in the core properties; docgen sets them from the document
            itself afterwards (:func:`set_properties`), so compiling them each time is waste."""

        def paragraph(self, line: int | None) -> str:
            """The text of the template paragraph at a Jinja line, with its tags, for messages."""
            return _paragraph(self.source, line)

    return _Template


def _paragraph(source: str, line: int | None) -> str:
    lines = source.splitlines()
    if line is None or not 0 < line <= len(lines):
        return ""
    return _plain(lines[line - 1])


def _finished_text(dst_xml: str) -> str:
    """docxtpl's steps after Jinja: paragraphs joined again, escaped tags, tabs and breaks.

    The same text as docxtpl's regular expressions give, by plainer means: ``str.replace``
    for its ``re.sub(r"\n<w:p([ >])", r"<w:p\1")``, and its listing only over the
    paragraphs that hold a tab or a break.
    """
    dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in dst_xml or "_}" in dst_xml:
        dst_xml = (
            dst_xml.replace("{_{", "{{")
            .replace("}_}", "}}")
            .replace("{_%", "{%")
            .replace("%_}", "%}")
        )
    if not _listing_in(dst_xml):  # nothing for docxtpl's listing to turn into runs
        return dst_xml
    return _listed(dst_xml)


def _listing_in(text: str) -> bool:
    """A character docxtpl's listing works on is in the text (``str``'s own search is many
    times quicker over a long text than a regular expression's character class)."""
    return "\n" in text or "\t" in text or "\a" in text or "\f" in text


#: The paragraphs :meth:`DocxTemplate.resolve_listing` works on, found as it finds them,
#: and their start.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")
#: A paragraph's start tag running over a paragraph's end: not XML, but docxtpl's pattern
#: still reads it so.
_START_OVER_END = re.compile(r"<w:p [^>]*</w:p>")


def _listed(dst_xml: str) -> str:
    """docxtpl's listing, only over the paragraphs with something to do. Its pattern matches
    from the first paragraph start after the last match to the next ``</w:p>``: in the text
    cut at each ``</w:p>``, from a piece's first paragraph start to its end, as long as no
    start tag runs over an end (then its own way). A paragraph alone is the one match of the
    pattern, so listing it alone gives what listing the whole text gives there."""
    if _START_OVER_END.search(dst_xml):
        return _PARAGRAPH.sub(_listed_paragraph, dst_xml)
    pieces = dst_xml.split("</w:p>")
    out: list[str] = []
    for piece in pieces[:-1]:
        start = _PARAGRAPH_START.search(piece) if _listing_in(piece) else None
        if start is not None and _listing_in(piece[start.start() :]):
            out += [piece[: start.start()], _listed_paragraph(piece[start.start() :] + "</w:p>")]
        else:
            out += [piece, "</w:p>"]
    out.append(pieces[-1])
    return "".join(out)


def _listed_paragraph(paragraph: str | re.Match[str]) -> str:
    """docxtpl's listing of one paragraph (its pattern's one match there)."""
    if isinstance(paragraph, re.Match):
        paragraph = paragraph.group(0)
    if not _listing_in(paragraph):
        return paragraph
    return _PARAGRAPH.sub(_listed_runs, paragraph)


#: docxtpl's patterns in ``resolve_listing`` (its runs and texts span lines; the properties
#: are looked for on one line, as it looks for them).
_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_P_PR = re.compile(r"<w:pPr>.*?</w:pPr>")
_R_PR = re.compile(r"<w:rPr>.*?</w:rPr>")


def _listed_runs(paragraph: re.Match[str]) -> str:
    """docxtpl's ``resolve_listing`` of a paragraph, the same text without importing docxtpl
    (with python-docx, a tenth of a second of a fresh process): in each run's texts a tab
    becomes a tab run, a line break a break, ``\a`` a new paragraph and ``\f`` a page break,
    each new run and paragraph with the properties of the ones it comes from
    (``tests/office/test_finish_caches.py`` compares it with docxtpl's)."""
    found = _P_PR.search(paragraph.group(0))
    p_pr = found.group(0) if found else ""

    def run(match: re.Match[str]) -> str:
        found = _R_PR.search(match.group(0))
        r_pr = found.group(0) if found else ""
        opened = f'<w:r>{r_pr}<w:t xml:space="preserve">'

        def text(piece: re.Match[str]) -> str:
            xml = piece.group(0).replace("\t", f"</w:t></w:r><w:r>{r_pr}<w:tab/></w:r>{opened}")
            xml = xml.replace("\a", f"</w:t></w:r></w:p><w:p>{p_pr}{opened}")
            xml = xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
            page = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            return xml.replace("\f", f"</w:t></w:r></w:p>{page}<w:p>{p_pr}{opened}")

        return _RUN_TEXT.sub(text, match.group(0))

    return _RUN.sub(run, paragraph.group(0))


def _compiled(env: SandboxedEnvironment, src_xml: str) -> tuple[str, jinja2.Template]:
    """The part's source with one paragraph a line (docxtpl's way) and its compiled template."""
    cache: dict[str, tuple[str, jinja2.Template]] = env.__dict__.setdefault("_docgen_parts", {})
    found = cache.get(src_xml)
    if found is None:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        found = cache[src_xml] = (source, env.from_string(source))
    return found


_ENVIRONMENTS: dict[int, tuple[Inflector, SandboxedEnvironment]] = {}


def environment(inflector: Inflector) -> SandboxedEnvironment:
    """Templates are data from outside: sandboxed, autoescaped, undefined names are errors.

    One environment per inflector, so the templates compiled in it are reused.
    """
    found = _ENVIRONMENTS.get(id(inflector))
    if found is None or found[0] is not inflector:
        env = BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=True)
        install(env, inflector)
        found = _ENVIRONMENTS[id(inflector)] = (inflector, env)
    return found[1]


_OPENED: dict[tuple[str, int, int], Any] = {}


def opened(path: Path) -> Any:
    """The template opened by python-docx, once while the file is unchanged (never rendered:
    every render works on a copy)."""
    from docx import Document

    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    document = _OPENED.get(key)
    if document is None:
        document = _OPENED[key] = Document(io.BytesIO(_template_bytes(path)))
    return document


def _template_bytes(path: Path) -> bytes:
    """The template file's bytes, read once while it is unchanged."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    data = _TEMPLATES.get(key)
    if data is None:
        data = path.read_bytes()
        check_zip(data, str(path), TemplateError)
        data = _TEMPLATES[key] = data
    return data


def _template_line(exc: BaseException) -> int | None:
    """The line in the rendered template where a runtime error happened (Jinja keeps it)."""
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


def _error(exc: BaseException, tpl: Any, name: str) -> DocgenError:
    return _located(exc, tpl.source, name)


def _located(exc: BaseException, source: str, name: str) -> DocgenError:
    """The error of a render at its template line, quoting that paragraph of ``source``."""
    line = _template_line(exc)
    quoted = _paragraph(source, line)
    around = f" (в тексте «{quoted[:160]}»)" if quoted else ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = f"синтаксическая ошибка Jinja: {exc.message}{around}"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"в данных нет того, что ждёт шаблон: {_undefined(exc)}{around}"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"шаблон пытается сделать недопустимое: {refusal_text(exc)}{around}"
    elif isinstance(exc, DocgenError):
        return exc.at(template=name, line=line)
    else:
        message = f"ошибка при заполнении шаблона: {fault_text(exc)}{around}"
    return TemplateError(message, Location(template=name, line=line))


def _undefined(exc: jinja2.UndefinedError) -> str:
    message = str(exc.message or exc)
    if m := re.match(r"'(.+)' is undefined", message):
        return f"переменная «{m.group(1)}» не определена"
    if m := re.match(r"'(.+)' has no attribute '(.+)'", message):
        return f"нет поля «{m.group(2)}»"
    return message


def render(
    path: Path, context: dict[str, Any], env: SandboxedEnvironment, *, image: bytes | None = None
) -> Any:
    """Fill the template; any problem becomes a TemplateError naming the template and line."""
    try:
        tpl = _template_class()(io.BytesIO(b""))
        tpl.pristine = opened(path)
        tpl.init_docx()
    except Exception as exc:  # a broken or non-DOCX file: python-docx raises many kinds
        raise TemplateError(
            f"не удалось открыть шаблон DOCX: {exc}", Location(template=str(path))
        ) from exc
    if image is not None:
        from docx.shared import Mm
        from docxtpl import InlineImage

        context = {**context, "qr": InlineImage(tpl, io.BytesIO(image), width=Mm(22))}
    try:
        with bounded():
            tpl.render(context, env)
    except (jinja2.TemplateError, DocgenError) as exc:
        raise _error(exc, tpl, str(path)) from exc
    except RENDER_FAULTS as exc:
        raise _error(exc, tpl, str(path)) from exc
    return tpl


#: What XML 1.0 cannot hold (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def property_text(text: str, limit: int = 255) -> str:
    """A document property as DOCX allows it: at most 255 characters (long titles are normal
    in orders; the document's own text keeps them whole), no characters XML cannot hold."""
    clean = " ".join(_NOT_XML.sub(" ", text).split())
    return clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…"


def set_properties(tpl: Any, *, when: datetime, title: str, subject: str, author: str) -> None:
    """Properties from the document itself, never from the clock, so bytes are reproducible."""
    _set_core(tpl.docx.core_properties, when, title, subject, author)


def _set_core(props: Any, when: datetime, title: str, subject: str, author: str) -> None:
    props.title = property_text(title)
    props.subject = property_text(subject)
    props.author = property_text(author)
    props.last_modified_by = "docgen"
    props.created = when
    props.modified = when
    props.revision = 1
    props.keywords = ""
    props.comments = ""


#: Stand-ins for a document's title, subject and author in its properties (a character of
#: Unicode's private use area, which a real text does not hold: one that does takes the slow
#: way), and for its time, a moment no document of docgen's is dated.
_SLOT = "\ue000"
_SLOT_TEXTS = (f"{_SLOT}title{_SLOT}", f"{_SLOT}subject{_SLOT}", f"{_SLOT}author{_SLOT}")
_SLOTS = tuple(text.encode() for text in _SLOT_TEXTS)
_STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # python-docx's, for created and modified
_STAMP_STAND_IN = datetime(1901, 2, 3, 4, 5, 6)
_STAMP_SLOT = _STAMP_STAND_IN.strftime(_STAMP_FORMAT).encode()

_Stamp = tuple[int, int, int, int, int, int]  # a zip member's date and time
#: Members made anew for every document: never worth keeping.
_CHANGING = frozenset({"word/document.xml", "docProps/core.xml"})
#: The zip records of members seen before (local header and deflated bytes, and the entry of
#: the central directory without its place), by name, stamp and content: a template's styles,
#: theme, fonts, numbering and settings are the same in every document made from it, so they
#: are deflated once per process.
_RECORDS: dict[tuple[str, _Stamp, bytes], tuple[bytes, bytes]] = {}
_XML: dict[tuple[Any, ...], Any] = {}  # content types and relationships, by what they list

#: Where a zip's records hold what differs between two members of one name and stamp (the
#: ZIP format's APPNOTE 4.3.7, 4.3.12, 4.3.16): CRC-32, compressed and real size at 14 in a
#: local header and at 16 in a central directory entry, which has the local header's offset
#: at 42; the end record has the count of entries at 8 and 10, the central directory's size
#: and offset at 12.
_SIZES = struct.Struct("<LLL")
_OFFSET = struct.Struct("<L")
_END = struct.Struct("<HHLL")
#: Beyond this a member, an offset or a count needs ZIP64 records: zipfile writes those.
_SMALL = zipfile.ZIP64_LIMIT // 2
_MANY = zipfile.ZIP_FILECOUNT_LIMIT


def _member(name: str, stamp: _Stamp) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name, date_time=stamp)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o600 << 16
    return member


def _writestr(archive: zipfile.ZipFile, name: str, stamp: _Stamp, blob: bytes) -> None:
    """A member as docgen writes every one: deflated at level 1 (fast; text compresses well)."""
    archive.writestr(_member(name, stamp), blob, compresslevel=1)


@lru_cache(maxsize=64)
def _frame(name: str, stamp: _Stamp) -> tuple[bytes, bytes, bytes]:
    """zipfile's local header, central directory entry and end record for a member of this
    name and stamp (of no content): a member's own are these with its CRC, sizes and place."""
    scratch = io.BytesIO()
    with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as alone:
        _writestr(alone, name, stamp, b"")
    data = scratch.getvalue()
    name_length, extra_length = struct.unpack_from("<HH", data, 26)
    header = 30 + name_length + extra_length
    start = header + _SIZES.unpack_from(data, 14)[1]
    name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, start + 28)
    end = start + 46 + name_length + extra_length + comment_length
    return data[:header], data[start:end], data[end:]


#: A zip member's content: whole, or in pieces (a document with its tables spliced in, which
#: are deflated one after the other instead of being copied into one text first: deflate gives
#: the same bytes however its input is cut, when nothing is flushed between the pieces).
_Blob = bytes | tuple[bytes, ...]


def _record(name: str, stamp: _Stamp, blob: _Blob) -> tuple[bytes, bytes]:
    """A member's local header and deflated bytes, and its central directory entry without its
    place, as :meth:`zipfile.ZipFile.writestr` writes them."""
    header, entry, _ = _frame(name, stamp)
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)  # zipfile's, at level 1
    pieces = (blob,) if isinstance(blob, bytes) else blob
    crc, deflated = 0, []
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        deflated.append(compressor.compress(piece))
    deflated.append(compressor.flush())
    data = b"".join(deflated)
    sizes = _SIZES.pack(crc, len(data), _size(blob))
    return (
        b"".join([header[:14], sizes, header[26:], data]),
        b"".join([entry[:16], sizes, entry[28:]]),
    )


def _size(blob: _Blob) -> int:
    return len(blob) if isinstance(blob, bytes) else sum(map(len, blob))


def _spliced(blob: bytes, pending: dict[bytes, bytes]) -> _Blob:
    """A part's bytes with each stub ``pending`` names replaced by its bytes, in pieces: the
    stubs are told apart by their numbers and a table's bytes hold none (its texts are
    escaped), so each is where it was in the part."""
    if not pending:
        return blob
    places = []
    for stub, xml in pending.items():
        at = blob.find(stub)
        if at < 0:
            raise TemplateError("внутренняя ошибка docgen: место таблицы потерялось")
        places.append((at, at + len(stub), xml))
    pieces, done = [], 0
    for start, end, xml in sorted(places, key=lambda place: place[0]):
        pieces += [blob[done:start], xml]
        done = end
    pieces.append(blob[done:])
    return tuple(pieces)


class _StableZip:
    """python-docx's package writer with one fixed timestamp for every member: the bytes
    :class:`zipfile.ZipFile` writes, put together from each member's records (a member seen
    before is not deflated again)."""

    def __init__(self, stream: io.BytesIO, when: datetime) -> None:
        self.stream = stream
        self.stamp: _Stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
        self.members: list[tuple[str, _Blob]] = []

    def write(self, pack_uri: Any, blob: _Blob | str) -> None:
        self.put(pack_uri.membername, blob)

    def put(self, name: str, blob: _Blob | str) -> None:
        """A member by its name in the zip."""
        self.members.append((name, blob.encode() if isinstance(blob, str) else blob))

    def close(self) -> None:
        members = self.members
        total = sum(_size(blob) for _, blob in members) + 65536 * len(members)
        if not members or len(members) >= _MANY or total >= _SMALL:
            # ZIP64 records (never for a document docgen makes): zipfile's own way
            with zipfile.ZipFile(self.stream, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, blob in members:
                    whole = blob if isinstance(blob, bytes) else b"".join(blob)
                    _writestr(archive, name, self.stamp, whole)
            return
        records: list[bytes] = []
        entries: list[bytes] = []
        offset = 0
        for name, blob in members:
            if name in _CHANGING or not isinstance(blob, bytes):
                record, entry = _record(name, self.stamp, blob)
            else:
                key = (name, self.stamp, blob)
                found = _RECORDS.get(key)
                if found is None:
                    if len(_RECORDS) >= 128:
                        _RECORDS.clear()
                    found = _RECORDS[key] = _record(name, self.stamp, blob)
                record, entry = found
            records.append(record)
            entries += [entry[:42], _OFFSET.pack(offset), entry[46:]]
            offset += len(record)
        directory = b"".join(entries)
        end = _frame(members[0][0], self.stamp)[2]
        place = _END.pack(len(members), len(members), len(directory), offset)
        self.stream.write(b"".join([*records, directory, end[:8], place, end[20:]]))


def _content_types(parts: list[Any]) -> Any:
    """[Content_Types].xml, made once for each set of parts (python-docx builds it as XML)."""
    from docx.opc import pkgwriter

    key = ("types", *((str(part.partname), part.content_type) for part in parts))
    found = _XML.get(key)
    if found is None:
        item: Any = pkgwriter._ContentTypesItem  # untyped in python-docx
        found = _XML[key] = item.from_parts(parts).blob
    return found


def _rels_xml(rels: Any) -> Any:
    """A part's relationships as XML, made once for each list of them."""
    key = (
        "rels",
        rels._baseURI,
        *((r.rId, r.reltype, r.target_ref, r.is_external) for r in rels.values()),
    )
    found = _XML.get(key)
    if found is None:
        if len(_XML) >= 256:
            _XML.clear()
        found = _XML[key] = rels.xml
    return found


def to_bytes(tpl: Any, when: datetime) -> bytes:
    """The saved document, its zip members in python-docx's order with one fixed timestamp."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI

    package = tpl.docx.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _StableZip(buffer, when)
    writer.write(CONTENT_TYPES_URI, _content_types(parts))
    writer.write(PACKAGE_URI.rels_uri, _rels_xml(package.rels))
    for part in parts:
        writer.write(part.partname, _spliced(part.blob, getattr(part, _LATE, {})))
        if len(part.rels):
            writer.write(part.partname.rels_uri, _rels_xml(part.rels))
    writer.close()
    return buffer.getvalue()


# ------------------------------------------------------------------ the text path

#: Off: every document takes the python-docx path (the tests compare both paths' bytes).
TEXT_PATH = True
#: The relationship types of headers and footers (docxtpl's ``HEADER_URI`` and ``FOOTER_URI``)
_HEADER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
#: The parts besides the body that :func:`_typeset_parts` sets in Russian typography.
_TYPESET_PARTS = ("/word/header", "/word/footer", "/word/footnotes")


class Filled:
    """A document filled by its template, to be finished and saved: the python-docx path
    (:func:`render`, :func:`finish`, :func:`to_bytes`) behind the same three steps as the text
    path (:class:`_TextFilled`), so that a caller never sees which one made it."""

    def __init__(self, tpl: Any) -> None:
        self.tpl = tpl

    @property
    def body(self) -> Any:
        return self.tpl.docx.element.body

    def finish(
        self, inserts: Inserts, orientation: Orientation | None, *, typography: bool
    ) -> None:
        finish(self.tpl.docx, inserts, orientation, late_tables=True, typography=typography)

    def properties(self, *, when: datetime, title: str, subject: str, author: str) -> None:
        set_properties(self.tpl, when=when, title=title, subject=subject, author=author)

    def to_bytes(self, when: datetime) -> bytes:
        return to_bytes(self.tpl, when)


def prepare(path: Path, env: SandboxedEnvironment) -> None:
    """The template read for the text path and its Jinja compiled in ``env``, ahead of its
    first document: a district run does it before forking its workers, which then share it
    instead of each compiling the template again."""
    prepared = _prepared(path)
    if prepared is not None:
        _compiled(env, prepared.body_source)
        for _, patched in prepared.headers:
            _compiled(env, patched)


def fill(
    path: Path,
    context: dict[str, Any],
    env: SandboxedEnvironment,
    *,
    image: bytes | None = None,
    footnotes: bool = False,
) -> Filled:
    """The template filled, by the text path when it can make this document, else by
    python-docx; both give the same bytes (a QR image and footnotes change parts besides
    ``document.xml``: those documents take python-docx's path)."""
    if TEXT_PATH and image is None and not footnotes:
        prepared = _prepared(path)
        if prepared is not None:
            return prepared.fill(context, env)
    return Filled(render(path, context, env, image=image))


_PREPARED: dict[tuple[str, int, int, int, int], _Prepared | None] = {}


def _prepared(path: Path) -> _Prepared | None:
    """The template read once for the text path, or None when it has what the path does not
    cover (a footnotes part, no core properties, a part python-docx cannot open): such a
    template always takes python-docx's path, which also says what is wrong with it. Within
    :func:`kept_templates` it is taken from the output folder's cache when an earlier run
    prepared it, and kept there when this one does."""
    try:
        stat = path.stat()
    except OSError:
        return None
    # the file by its inode, not its resolved path (resolving costs more than the rest)
    key = (str(path), stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    kept = _KEPT
    if key not in _PREPARED:
        found: _Prepared | None = kept.get(path) if kept is not None else None
        if found is None:
            try:
                found = _Prepared(opened(path), str(path))
            except Exception:  # whatever it is, python-docx's path meets it and names it
                found = None
            else:
                if kept is not None:
                    kept.put(path, found)
        if len(_PREPARED) >= 16:
            _PREPARED.clear()
        _PREPARED[key] = found
    elif kept is not None and key not in kept.seen:
        # prepared before this block began (an earlier run of the process: the web app's,
        # a test's): kept in this folder's cache all the same
        prepared = _PREPARED[key]
        if prepared is not None:
            kept.keep(path, prepared)
    if kept is not None:
        kept.seen.add(key)
    return _PREPARED[key]


# ------------------------------------------------------- prepared templates kept between runs

#: The form of a kept template (:meth:`_Prepared.dumped`): part of each entry's key.
_KEPT_FORM = "docgen templates 1"
#: What an entry not of the form written raises when it is loaded: it is read past.
_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


class TemplateCache:
    """Templates prepared for the text path, kept between runs in one JSON file of the output
    folder (``path``), each under the digest of the template's bytes, of docgen itself
    (``build``, :func:`docgen.fingerprint.build`) and of the form. A rerun that makes a few
    documents takes its templates from here and does not import docxtpl and python-docx (a
    tenth of a second of a fresh process). Only a cache, in a folder docgen does not own
    alone: an entry not of the form written is read past (the template is prepared again),
    and a failure to write the file is ignored. Entries of templates this run did not use
    are dropped when it is written again."""

    def __init__(self, path: Path, build: str) -> None:
        self.path, self.build = path, build
        self.entries: dict[str, Any] | None = None
        self.used: dict[str, Any] = {}
        self.changed = False
        self.hits = 0  # templates taken from the file (for tests and benchmarks)
        self.seen: set[tuple[str, int, int, int, int]] = set()  # the templates used, by file

    def _entries(self) -> dict[str, Any]:
        if self.entries is None:
            self.entries = {}
            with suppress(OSError, *_UNREADABLE):
                data = json.loads(self.path.read_bytes())
                if data["form"] == _KEPT_FORM and data["templates"].__class__ is dict:
                    self.entries = data["templates"]
        return self.entries

    def key(self, path: Path) -> str | None:
        """The template's key: None when it cannot be read (python-docx's path says why)."""
        try:
            data = _template_bytes(path)
        except (OSError, DocgenError):
            return None
        text = f"{_KEPT_FORM}\n{self.build}\n{hashlib.sha256(data).hexdigest()}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def get(self, path: Path) -> _Prepared | None:
        key = self.key(path)
        entry = self._entries().get(key) if key is not None else None
        if key is None or entry is None:
            return None
        try:
            prepared = _Prepared.loaded(entry, str(path))
        except _UNREADABLE:
            return None
        self.used[key] = entry
        self.hits += 1
        return prepared

    def keep(self, path: Path, prepared: _Prepared) -> None:
        """A template this process prepared before: its entry kept, or made from it."""
        key = self.key(path)
        entry = self._entries().get(key) if key is not None else None
        if key is not None and entry is not None:
            self.used[key] = entry
        else:
            self.put(path, prepared)

    def put(self, path: Path, prepared: _Prepared) -> None:
        key = self.key(path)
        if key is None:
            return
        with suppress(*_UNREADABLE):  # what cannot be kept is prepared again next time
            self.used[key] = prepared.dumped()
            self.changed = True

    def save(self) -> None:
        """The file written again when this run prepared a template or left one unused."""
        if not self.changed and self.used.keys() == self._entries().keys():
            return
        from docgen.office.files import atomic_write_bytes

        data = {"form": _KEPT_FORM, "templates": self.used}
        with suppress(OSError, DocgenError):  # only a cache: the next run prepares again
            text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            atomic_write_bytes(self.path, text.encode("utf-8"), durable=False)
        self.entries, self.changed = dict(self.used), False


_KEPT: TemplateCache | None = None


@contextmanager
def kept_templates(path: Path, build: str) -> Iterator[TemplateCache]:
    """Templates prepared while the block runs are taken from and kept in the cache ``path``
    (written when the block ends, however it ends). A process forked inside the block sees
    the cache but never writes it."""
    global _KEPT
    cache = TemplateCache(path, build)
    previous, _KEPT = _KEPT, cache
    try:
        yield cache
    finally:
        _KEPT = previous
        cache.save()


def part_xml(element: Any) -> bytes:
    """An XML part's bytes as python-docx writes them (its ``serialize_part_xml``)."""
    from lxml import etree

    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if text.__class__ is not str:
        raise TypeError("base64")
    return base64.b64decode(text, validate=True)


def _text(value: Any) -> str:
    if value.__class__ is not str:
        raise TypeError("text")
    return str(value)


class _Unsupported(Exception):
    """A template the text path leaves to python-docx."""


class _Prepared:
    """What the text path needs of a template, worked out once per process.

    python-docx opens the template once (:func:`opened`); from it come the body's Jinja source
    as docxtpl makes it, the document's root without its body, every zip member that is the
    same in each document (serialized as python-docx would), and the headers and footers with
    tags, which are rendered per document. A document is then Jinja's text parsed once by lxml,
    finished on that tree (:func:`_lay_out`, :func:`_typeset_tree`) and written with the stored
    members: no deep copy of the template and no python-docx objects per document.
    """

    def __init__(self, document: Any, name: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
        from docx.opc.part import XmlPart

        self.name = name
        main = document.part
        package = main.package
        parts = list(package.parts)
        if any(part.content_type == _FOOTNOTES_CT for part in parts):
            raise _Unsupported("docxtpl renders the footnotes part")
        patcher = _template_class()(io.BytesIO(b""))
        self.body_source = patcher.patch_xml(
            etree_string(main.element.body)  # docxtpl's get_xml
        )
        shell = copy.deepcopy(main.element)
        shell.body.clear()
        self.shell = shell
        rendered: dict[str, str] = {}  # partname → the patched source of a part with tags
        self.headers: list[tuple[str, str]] = []
        for reltype in (_HEADER_RT, _FOOTER_RT):
            for rel in main.rels.values():
                if rel.reltype != reltype or rel.is_external or not rel.target_part.blob:
                    continue
                xml = etree_string(_parsed(rel.target_part.blob))
                if "{" in xml:
                    partname = str(rel.target_part.partname)
                    if partname in rendered:  # docxtpl would make two parts of one name
                        raise _Unsupported("a header with tags related twice")
                    rendered[partname] = patcher.patch_xml(xml)
                    self.headers.append((partname, rendered[partname]))
        core = [part for part in parts if part.content_type == _CORE_CT]
        if len(core) != 1 or package.rels.part_with_reltype(RT.CORE_PROPERTIES) is not core[0]:
            raise _Unsupported("no core properties: python-docx would make them")
        self.core: Any = core[0].element  # None when taken from a TemplateCache
        self.core_xml = b""  # the core element serialized, when it is None
        #: (member name, bytes) in python-docx's order; None where the document's own goes,
        #: a part name for a part rendered or typeset per document
        self.members: list[tuple[str, bytes | str | None]] = [
            (CONTENT_TYPES_URI.membername, _content_types(parts)),
            (PACKAGE_URI.rels_uri.membername, _rels_xml(package.rels)),
        ]
        self.typeset: dict[str, Any] = {}  # partname → element typeset per run (no tags)
        for part in parts:
            partname = str(part.partname)
            if part is main or part is core[0]:
                self.members.append((part.partname.membername, None))
            elif partname in rendered:
                self.members.append((part.partname.membername, partname))
            elif isinstance(part, XmlPart) and partname.startswith(_TYPESET_PARTS):
                self.typeset[partname] = part.element
                self.members.append((part.partname.membername, partname))
            else:
                self.members.append((part.partname.membername, part.blob))
            if len(part.rels):
                self.members.append((part.partname.rels_uri.membername, _rels_xml(part.rels)))
        self.main_member = main.partname.membername
        self.core_member = core[0].partname.membername
        self._serialize = part_xml
        self._constant: dict[tuple[str, bool], bytes] = {}
        self._core_skeleton: bytes | None = None
        self._headers_done: dict[tuple[str, str, bool], bytes] = {}

    def core_skeleton(self) -> bytes:
        """The template's document properties as :func:`_set_core` sets them, serialized, with
        stand-ins for the title, subject, author and the time (see
        :meth:`_TextFilled.properties`)."""
        if self._core_skeleton is None:
            from docx.opc.coreprops import CoreProperties

            element = self.core_element()
            _set_core(CoreProperties(element), _STAMP_STAND_IN, *_SLOT_TEXTS)
            self._core_skeleton = self._serialize(element)
        return self._core_skeleton

    def core_element(self) -> Any:
        """A copy of the template's core properties as python-docx's element, to be set."""
        if self.core is not None:
            return copy.deepcopy(self.core)
        from docx.oxml.parser import parse_xml

        return parse_xml(self.core_xml)

    def dumped(self) -> dict[str, Any]:
        """What :meth:`loaded` makes the same template of, as JSON (bytes in base64)."""
        return {
            "body": self.body_source,
            "shell": _b64(self._serialize(self.shell)),
            "headers": [[partname, patched] for partname, patched in self.headers],
            "core": _b64(self.core_xml or self._serialize(self.core)),
            "skeleton": _b64(self.core_skeleton()),
            "members": [
                [
                    name,
                    None if member is None else member if isinstance(member, str) else _b64(member),
                    isinstance(member, bytes),
                ]
                for name, member in self.members
            ],
            "typeset": {name: _b64(self._serialize(e)) for name, e in self.typeset.items()},
            "main": self.main_member,
            "core_member": self.core_member,
        }

    @classmethod
    def loaded(cls, entry: Any, name: str) -> _Prepared:
        """A template prepared by an earlier run, from :meth:`dumped`'s JSON; anything not of
        that form raises (see ``_UNREADABLE``): it comes from the output folder."""
        prepared = cls.__new__(cls)
        prepared.name = name
        prepared.body_source = _text(entry["body"])
        prepared.shell = _parsed(_unb64(entry["shell"]))
        if _child(prepared.shell, f"{_W}body") is None:
            raise ValueError("shell")
        prepared.headers = [(_text(p), _text(patched)) for p, patched in entry["headers"]]
        prepared.core, prepared.core_xml = None, _unb64(entry["core"])
        members: list[tuple[str, bytes | str | None]] = []
        for member_name, member, binary in entry["members"]:
            if binary is True:
                members.append((_text(member_name), _unb64(member)))
            elif binary is False:
                members.append((_text(member_name), None if member is None else _text(member)))
            else:
                raise TypeError("member")
        prepared.members = members
        typeset = entry["typeset"]
        if typeset.__class__ is not dict:
            raise TypeError("typeset")
        prepared.typeset = {_text(p): _parsed(_unb64(xml)) for p, xml in typeset.items()}
        prepared.main_member = _text(entry["main"])
        prepared.core_member = _text(entry["core_member"])
        for member_name, member in members:  # each part it names is one it has
            if member is None and member_name not in (prepared.main_member, prepared.core_member):
                raise ValueError("own part")
            if (
                isinstance(member, str)
                and member not in prepared.typeset
                and not any(member == partname for partname, _ in prepared.headers)
            ):
                raise ValueError("part")
        prepared._serialize = part_xml
        prepared._constant = {}
        prepared._core_skeleton = _unb64(entry["skeleton"])
        prepared._headers_done = {}
        return prepared

    def fill(self, context: dict[str, Any], env: SandboxedEnvironment) -> _TextFilled:
        """docxtpl's render as text: the body's Jinja, its tables fixed, the headers' Jinja."""
        source = ""
        try:
            with bounded():
                source, template = _compiled(env, self.body_source)
                text = _finished_text(template.render(context))
                body = _fixed_tables(text)
                ids = 1000  # docxtpl's fix_docpr_ids: pictures numbered afresh
                for element in body.xpath("//wp:docPr", namespaces=_WP) if "docPr" in text else ():
                    ids += 1
                    element.attrib["id"] = str(ids)
                headers = {}
                for partname, patched in self.headers:
                    source, template = _compiled(env, patched)
                    headers[partname] = _finished_text(template.render(context))
        except (jinja2.TemplateError, DocgenError) as exc:
            raise _located(exc, source, self.name) from exc
        except RENDER_FAULTS as exc:
            raise _located(exc, source, self.name) from exc
        root = copy.deepcopy(self.shell)
        root.replace(_child(root, f"{_W}body"), body)
        return _TextFilled(self, root, headers)

    def header(self, partname: str, rendered: str | None, typography: bool) -> bytes:
        """A header's or footer's bytes: rendered per document (cached by its text), or the
        template's own, typeset once per run."""
        if rendered is None:
            key = (partname, typography)
            found = self._constant.get(key)
            if found is None:
                element = copy.deepcopy(self.typeset[partname])
                if typography:
                    _typeset_tree(element)
                found = self._constant[key] = self._serialize(element)
            return found
        done_key = (partname, rendered, typography)
        done = self._headers_done.get(done_key)
        if done is None:
            element = _parsed(rendered.encode("utf-8"))
            if typography and partname.startswith(_TYPESET_PARTS):
                _typeset_tree(element)
            if len(self._headers_done) >= 64:
                self._headers_done.clear()
            done = self._headers_done[done_key] = self._serialize(element)
        return done


class _TextFilled(Filled):
    """A document of the text path: its root, its rendered headers, its tables to splice."""

    def __init__(self, prepared: _Prepared, root: Any, headers: dict[str, str]) -> None:
        self.prepared = prepared
        self.root = root
        self.headers = headers
        self.pending: dict[bytes, bytes] = {}
        self.typography = True
        self.core: bytes = b""

    @property
    def body(self) -> Any:
        return _child(self.root, f"{_W}body")  # python-docx's property asks ElementPath

    def finish(
        self, inserts: Inserts, orientation: Orientation | None, *, typography: bool
    ) -> None:
        if inserts.footnotes:  # fill() leaves these documents to python-docx
            raise TemplateError("внутренняя ошибка docgen: сноски на текстовом пути")
        body = _child(self.root, f"{_W}body")
        _lay_out(body, inserts, orientation, True, typography, self.pending)
        if typography:
            _typeset_tree(body)
        _no_marker_left(body)
        self.typography = typography

    def properties(self, *, when: datetime, title: str, subject: str, author: str) -> None:
        texts = (property_text(title), property_text(subject), property_text(author))
        skeleton = self.prepared.core_skeleton()
        if all(texts) and not any(_SLOT in text for text in texts) and when.year >= 1900:
            # the template's properties set once with stand-ins, which are replaced here: the
            # bytes python-docx's setters and lxml's serializer would give (an empty text,
            # which lxml writes as an empty element, takes their way)
            core = skeleton
            for slot, text in zip(_SLOTS, texts, strict=True):
                core = core.replace(slot, escape(text).encode())
            stamp = when.strftime(_STAMP_FORMAT).encode()
            self.core = core.replace(_STAMP_SLOT, stamp)
            return
        from docx.opc.coreprops import CoreProperties

        element = self.prepared.core_element()
        _set_core(CoreProperties(element), when, title, subject, author)
        self.core = self.prepared._serialize(element)

    def to_bytes(self, when: datetime) -> bytes:
        prepared = self.prepared
        blob = _spliced(prepared._serialize(self.root), self.pending)
        buffer = io.BytesIO()
        writer = _StableZip(buffer, when)
        for name, member in prepared.members:
            if member is None:
                writer.put(name, blob if name == prepared.main_member else self.core)
            elif isinstance(member, str):
                writer.put(name, prepared.header(member, self.headers.get(member), self.typography))
            else:
                writer.put(name, member)
        writer.close()
        return buffer.getvalue()


_PARSERS = threading.local()  # an lxml parser serves one thread at a time


def _fixed_tables(text: str) -> Any:
    """docxtpl's ``fix_tables``: the rendered body parsed (with its forgiving parser, made
    once per thread here: making one costs as much as parsing a body), and its tables' grids
    fitted to their rows when a loop over cells changed their number (then by docxtpl)."""
    from lxml import etree

    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.XMLParser(recover=True)
    tree = etree.fromstring(text, parser=parser)
    if tree.nsmap.get("w") != _NSMAP["w"] or (
        "<w:tbl" in text and any(_grid_to_fix(table) for table in tree.iter(f"{_W}tbl"))
    ):
        from docxtpl import DocxTemplate

        tree = DocxTemplate.fix_tables(None, text)
    return tree


def _grid_to_fix(table: Any) -> bool:
    """Whether docxtpl's ``fix_tables`` would change this table (or fail on it): a row with
    more cells than the grid has columns, or fewer columns in the widest row than in the
    grid."""
    grid = _child(table, f"{_W}tblGrid")
    if grid is None:
        return True
    columns = len(list(grid.iterchildren(f"{_W}gridCol")))
    widest = 0
    for row in table.iter(f"{_W}tr"):
        cells = list(row.iterchildren(f"{_W}tc"))
        if len(cells) > columns:
            return True
        spanned = 0
        for cell in cells:
            properties = _child(cell, f"{_W}tcPr")
            span = None if properties is None else _child(properties, f"{_W}gridSpan")
            try:
                spanned += 1 if span is None else int(span.get(f"{_W}val"))
            except (TypeError, ValueError):
                return True
        widest = max(widest, spanned)
    return widest < columns


def etree_string(element: Any) -> str:
    """An element as docxtpl reads it (``xml_to_string``): text, not pretty-printed."""
    from lxml import etree

    return str(etree.tostring(element, encoding="unicode", pretty_print=False))


def _parsed(blob: bytes | str) -> Any:
    """A part's XML parsed as python-docx parses it (blank text between elements dropped,
    entities not resolved), without python-docx's element classes, which nothing here asks
    for: the bytes serialized are the same."""
    from lxml import etree

    parser = getattr(_PARSERS, "part", None)
    if parser is None:
        parser = _PARSERS.part = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.fromstring(blob, parser)


@dataclass(frozen=True)
class Finding:
    """Something `docgen check` reports about a template: an error or a warning."""

    error: DocgenError
    fatal: bool


def _parts(path: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(_template_bytes(path))) as archive:
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
                    findings.append(
                        Finding(
                            TemplateError(
                                f"Word разбил тег «{tag.group(0)}» на части с разным оформлением; docgen "
                                "его склеит, но лучше перепечатать тег целиком",
                                where,
                            ),
                            False,
                        )
                    )
                if tag.group(0) != tag.group(0).translate(_SMART_QUOTES):
                    findings.append(
                        Finding(
                            TemplateError(
                                f"в теге «{tag.group(0)}» типографские кавычки (автозамена Word); "
                                "docgen заменит их прямыми",
                                where,
                            ),
                            False,
                        )
                    )
            rest = _TAG.sub("", text)
            if "{{" in rest or "{%" in rest or "}}" in rest or "%}" in rest:
                findings.append(
                    Finding(
                        TemplateError(f"незакрытый или лишний тег в абзаце «{text[:160]}»", where),
                        True,
                    )
                )
    return findings


def _joints(pieces: list[str]) -> list[int]:
    """Offsets in the paragraph text where one run's text ends and the next begins."""
    joints, offset = [], 0
    for piece in pieces[:-1]:
        offset += len(piece)
        joints.append(offset)
    return joints


# ------------------------------------------------------------------ tables, footnotes, sections

_NSMAP = {"w": _W[1:-1]}
_WP = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_BORDER = {"val": "single", "sz": "4", "space": "0", "color": "000000"}
_CELL_MARGIN = 57  # twips: 1 mm either side of the text in a cell
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


MARK_STYLE = "docgenMark"
_MARK_WIDTH = 4252  # twips (75 mm): the block of the appendix mark, at the right of the page


def finish(
    document: Any,
    inserts: Inserts,
    orientation: Orientation | None = None,
    *,
    late_tables: bool = False,
    typography: bool = True,
) -> None:
    """Put in the tables, footnotes and section breaks whose markers the template placed, and
    set every text of the document in Russian typography (:mod:`docgen.grammar.typography`)
    unless ``typography`` is off (a document that asks for its texts literally).

    ``orientation`` turns the whole document (a plan printed in landscape). ``late_tables``
    leaves each table's XML to be put in as text when the document is saved by
    :func:`to_bytes`: a plan's table is most of the document, and parsing it only to write it
    out again is the slowest part of a render.
    """
    body = document.element.body
    pending: dict[bytes, bytes] = getattr(document.part, _LATE, {})
    _lay_out(body, inserts, orientation, late_tables, typography, pending)
    setattr(document.part, _LATE, pending)
    if inserts.footnotes:
        _footnotes(document, inserts)
    if typography:
        _typeset_parts(document)
    _no_marker_left(body)


def _lay_out(
    body: Any,
    inserts: Inserts,
    orientation: Orientation | None,
    late_tables: bool,
    typography: bool,
    pending: dict[bytes, bytes],
) -> None:
    """The body's part of :func:`finish`: orientation, section breaks, marks, tables."""
    if orientation is not None:
        _orient(body.find(f"{_W}sectPr"), orientation)
    if inserts.sections:
        _sections(body, inserts)
    _marks_to_the_right(body)
    if inserts.tables:
        _tables(body, inserts, late_tables, typography, pending)


def _no_marker_left(body: Any) -> None:
    """A marker still in the text was not a paragraph of its own: refused, never printed."""
    leftover = next(
        (
            t
            for t in _xpath(".//w:t[contains(., '⟦docgen:')]")(body)
            if t.text and MARKER.search(t.text)
        ),
        None,
    )
    if leftover is not None:
        raise TemplateError(
            f"место для таблицы или раздела «{leftover.text}» должно быть отдельным абзацем "
            "шаблона, без другого текста"
        )


def _w(tag: str, **attrs: str) -> Any:
    """A new element in the w: namespace (python-docx's ``OxmlElement`` makes the same one)."""
    from lxml import etree

    prefix, name = tag.split(":")
    if prefix != "w":
        raise ValueError(tag)
    element = etree.Element(f"{_W}{name}", nsmap=_NSMAP)
    for attribute, value in attrs.items():
        element.set(f"{_W}{attribute}", value)
    return element


@lru_cache(maxsize=8)
def _xpath(path: str) -> Any:
    """A compiled XPath in the w: namespace (lxml's own loop instead of one in Python over
    every paragraph of the document)."""
    from lxml import etree

    return etree.XPath(path, namespaces=_NSMAP)


def _marker_paragraphs(body: Any, kind: str) -> Iterator[tuple[Any, int]]:
    """Body paragraphs whose whole text is one marker of ``kind``, with its number."""
    for paragraph in _xpath("w:p[.//w:t[contains(., '⟦')]]")(body):  # a marker's first sign
        text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t")).strip()
        match = MARKER.fullmatch(text)
        if match and match.group(1) == kind:
            yield paragraph, int(match.group(2))


def _is_marker(paragraph: Any) -> bool:
    """A paragraph that only holds a marker: it is replaced by a table or a section break."""
    text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t")).strip()
    return MARKER.fullmatch(text) is not None


def _orient(sect_pr: Any, orientation: Orientation) -> None:
    size = _child(sect_pr, f"{_W}pgSz")
    width, height = int(size.get(f"{_W}w")), int(size.get(f"{_W}h"))
    landscape = orientation is Orientation.LANDSCAPE
    if (width > height) != landscape:
        width, height = height, width
    size.set(f"{_W}w", str(width))
    size.set(f"{_W}h", str(height))
    if landscape:
        size.set(f"{_W}orient", "landscape")
    else:
        size.attrib.pop(f"{_W}orient", None)


def _sections(body: Any, inserts: Inserts) -> None:
    """Each section marker ends the section before it: portrait order, landscape appendix."""
    import copy

    final = _child(body, f"{_W}sectPr")
    size = _child(final, f"{_W}pgSz")
    current = (
        Orientation.LANDSCAPE
        if int(size.get(f"{_W}w")) > int(size.get(f"{_W}h"))
        else Orientation.PORTRAIT
    )
    first = True
    for paragraph, number in _marker_paragraphs(body, "section"):
        ending = copy.deepcopy(final)
        _orient(ending, current)
        if not first:
            for title_page in list(ending.iterchildren(f"{_W}titlePg")):
                ending.remove(title_page)
        previous = paragraph.getprevious()
        # a table's marker (a plan's table just before: the sheets after a landscape plan) is
        # replaced by the table later, and a section break in it would go with it
        if previous is not None and previous.tag == f"{_W}p" and not _is_marker(previous):
            carrier = previous
            body.remove(paragraph)
        else:
            carrier = paragraph
            for child in list(paragraph):
                if child.tag != f"{_W}pPr":
                    paragraph.remove(child)
        p_pr = _child(carrier, f"{_W}pPr")
        if p_pr is None:
            p_pr = _w("w:pPr")
            carrier.insert(0, p_pr)
        for old in list(p_pr.iterchildren(f"{_W}sectPr")):
            p_pr.remove(old)
        change = _child(p_pr, f"{_W}pPrChange")
        if change is not None:
            change.addprevious(ending)
        else:
            p_pr.append(ending)
        following = carrier.getnext()
        if following is not None and following.tag == f"{_W}p":
            for brk in following.iter(f"{_W}pageBreakBefore"):
                brk.getparent().remove(brk)
        current = inserts.sections[number]
        first = False
    _orient(final, current)
    if not first:
        for title_page in list(final.iterchildren(f"{_W}titlePg")):
            final.remove(title_page)


def _marks_to_the_right(body: Any) -> None:
    """The mark block keeps to the right edge in landscape sections too."""
    marks = _xpath(f"w:p[w:pPr/w:pStyle[1]/@w:val = '{MARK_STYLE}']")(body)
    if not marks:
        return
    ends = _section_ends(body)  # marks move no section's end
    for paragraph in marks:
        width = _text_box(paragraph, ends)[0]
        if width < 11000:  # portrait: the style's own indent is right
            continue
        p_pr = _child(paragraph, f"{_W}pPr")
        for old in list(p_pr.iterchildren(f"{_W}ind")):
            p_pr.remove(old)
        indent = p_pr.makeelement(
            f"{_W}ind", {f"{_W}left": str(width - _MARK_WIDTH), f"{_W}firstLine": "0"}
        )
        firsts: dict[str, Any] = {}
        for child in p_pr:
            firsts.setdefault(child.tag, child)
        # the first child of the first tag of those that follow w:ind
        anchor = next((firsts[tag] for tag in _AFTER_IND_TAGS if tag in firsts), None)
        if anchor is not None:
            anchor.addprevious(indent)
        else:
            p_pr.append(indent)


#: What follows w:ind in w:pPr, in the schema's order.
_AFTER_IND = (
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_AFTER_IND_TAGS = tuple(f"{_W}{tag}" for tag in _AFTER_IND)


def _child(element: Any, tag: str) -> Any:
    """The first child of this tag, or None: ``element.find(tag)`` without ElementPath's
    machinery, which costs more than the rest of a lookup in a small body."""
    return next(element.iterchildren(tag), None)


def _section_ends(body: Any) -> tuple[list[int], list[Any], Any]:
    """Where the body's sections end: the places of the paragraphs that end one (a
    w:p/w:pPr/w:sectPr among the body's children), their first w:sectPr, and the body's own
    last one. Found by lxml's own walk over the body: a paragraph at a time costs more."""
    places: list[int] = []
    sections: list[Any] = []
    for found in body.iter(f"{_W}sectPr"):
        p_pr = found.getparent()
        holder = p_pr.getparent()
        if (
            p_pr.tag == f"{_W}pPr"
            and holder is not None
            and holder.tag == f"{_W}p"
            and holder.getparent() is body
        ):
            place = body.index(holder)
            if not places or places[-1] != place:  # a paragraph's first w:sectPr
                places.append(place)
                sections.append(found)
    return places, sections, _child(body, f"{_W}sectPr")


def _text_box(
    paragraph: Any, ends: tuple[list[int], list[Any], Any] | None = None
) -> tuple[int, int]:
    """Width and height in twips inside the margins of the section the paragraph is in: the
    section of the first paragraph from this one on that ends one, else the body's last.
    ``ends``: the body's :func:`_section_ends`, when they are known."""
    body = paragraph.getparent()
    places, sections, last = ends or _section_ends(body)
    at = bisect.bisect_left(places, body.index(paragraph))
    sect_pr = sections[at] if at < len(places) else last
    size, margins = _child(sect_pr, f"{_W}pgSz"), _child(sect_pr, f"{_W}pgMar")
    width = int(size.get(f"{_W}w")) - int(margins.get(f"{_W}left")) - int(margins.get(f"{_W}right"))
    height = (
        int(size.get(f"{_W}h"))
        - abs(int(margins.get(f"{_W}top")))
        - abs(int(margins.get(f"{_W}bottom")))
    )
    return width, height


_LATE = "_docgen_late_xml"


def _typeset_parts(document: Any) -> None:
    """Typography over the body, the headers and footers, and the footnotes."""
    from docx.opc.part import XmlPart

    _typeset_tree(document.element.body)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if (
            isinstance(part, XmlPart)
            and name != "/word/document.xml"
            and name.startswith(_TYPESET_PARTS)
        ):
            _typeset_tree(part.element)
    try:
        notes = document.part.part_related_by(_FOOTNOTES_RT)
    except KeyError:
        return
    if not isinstance(notes, XmlPart):
        root, save = _footnotes_root(document)
        _typeset_tree(root)
        save()


def _typeset_tree(root: Any) -> None:
    """Each paragraph typeset as one text, each character kept in its run; a centred paragraph
    outside a table never ends with one word alone on its last line.

    The texts are gathered in one walk over the tree (starting a walk costs lxml more than
    walking a small paragraph): a run's texts, breaks and tabs are the last paragraph's begun
    before them, since a paragraph holds another only in a text box, which takes
    :func:`_typeset_paragraphs`, a walk for each paragraph.
    """
    t_tag, r_tag, p_tag, jc_tag = f"{_W}t", f"{_W}r", f"{_W}p", f"{_W}jc"
    found: list[_Paragraph] = []
    current: _Paragraph | None = None
    for node in root.iter(p_tag, t_tag, f"{_W}br", f"{_W}cr", f"{_W}tab", jc_tag, _TEXT_BOX):
        tag = node.tag  # lxml makes the tag's text anew at each access
        if tag == t_tag:
            text = node.text
            if text and current is not None:
                current.add(node, text)
        elif tag == p_tag:
            current = _Paragraph(node)
            found.append(current)
        elif tag == jc_tag:
            if current is not None and current.centred is None:
                parent = node.getparent()
                if parent.tag == f"{_W}pPr" and parent.getparent() is current.element:
                    current.centred = node.get(f"{_W}val") == "center"
        elif tag == _TEXT_BOX:
            _typeset_paragraphs(root)
            return
        elif current is not None and node.getparent().tag == r_tag:  # not a tab stop
            current.pieces.append(_SEPARATOR[tag])
    for paragraph in found:
        paragraph.typeset()


_TEXT_BOX = f"{_W}txbxContent"


class _Paragraph:
    """A paragraph's texts as :func:`_typeset_tree` gathers them, and its alignment."""

    __slots__ = ("centred", "element", "pieces", "places", "texts")

    def __init__(self, element: Any) -> None:
        self.element = element
        self.texts: list[Any] = []  # the w:t nodes with a text
        self.pieces: list[str] = []  # their texts and the separators between them
        self.places: list[int] = []  # where in the pieces the texts are
        #: its first w:pPr/w:jc (as ``find`` finds it) is centred; None: none seen yet
        self.centred: bool | None = None

    def add(self, node: Any, text: str) -> None:
        self.texts.append(node)
        self.places.append(len(self.pieces))
        self.pieces.append(text)

    def typeset(self) -> None:
        # a line break or a tab between two texts separates them: without it «…обучающихся»
        # and «"Школа"» on the next line would be typeset as «обучающихся"Школа"»
        if not self.texts:
            return
        pieces = self.pieces
        done = _typeset_pieces(tuple(pieces))
        after = list(done) if len(self.places) == len(pieces) else [done[at] for at in self.places]
        if self.centred and _outside_table(self.element):
            after = _balanced(after)
        for t, at, text in zip(self.texts, self.places, after, strict=True):
            if pieces[at] != text:
                t.text = text
                if text[:1].isspace() or text[-1:].isspace():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _typeset_paragraphs(root: Any) -> None:
    """:func:`_typeset_tree` a paragraph at a time: a text box's paragraphs are typeset with
    the paragraph that holds them and on their own, in the order they begin."""
    for element in root.iter(f"{_W}p"):
        paragraph = _Paragraph(element)
        for node in element.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab"):
            if node.tag == f"{_W}t":
                if node.text:
                    paragraph.add(node, node.text)
            elif node.getparent().tag == f"{_W}r":  # a tab in a run, not a tab stop
                paragraph.pieces.append(_SEPARATOR[node.tag])
        jc = element.find(f"{_W}pPr/{_W}jc")
        paragraph.centred = jc is not None and jc.get(f"{_W}val") == "center"
        paragraph.typeset()


_SEPARATOR = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t"}


@lru_cache(maxsize=2048)
def _typeset_pieces(pieces: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`typeset_pieces`, once per paragraph text: a district's documents repeat most of
    their template's paragraphs school after school."""
    return tuple(typeset_pieces(pieces))


def _outside_table(paragraph: Any) -> bool:
    parent = paragraph.getparent()
    while parent is not None:
        if parent.tag == f"{_W}tc":
            return False
        parent = parent.getparent()
    return True


@lru_cache(maxsize=4096)
def _kept_last_words(text: str) -> str:
    """:func:`keep_last_words`, once per text: headings come back document after document."""
    return keep_last_words(text)


def _balanced(pieces: list[str]) -> list[str]:
    """:func:`keep_last_words` on a paragraph split into runs."""
    text = "".join(pieces)
    kept = _kept_last_words(text)
    if kept == text:
        return pieces
    out, at = [], 0
    for piece in pieces:
        out.append(kept[at : at + len(piece)])
        at += len(piece)
    return out


def _tables(
    body: Any, inserts: Inserts, late: bool, typography: bool, pending: dict[bytes, bytes]
) -> None:
    """Each table marker's paragraph replaced by its table; with ``late`` by a stub whose XML
    ``pending`` keeps, to be put in as text when the document is written."""
    from lxml import etree

    for paragraph, number in _marker_paragraphs(body, "table"):
        table, (width, height) = inserts.tables[number], _text_box(paragraph)
        spliced = _late_table(table, width, height, typography) if late else None
        if spliced is not None:  # None: a footnote's marker, footnotes are put in on the tree
            stub = f'<w:tbl><w:tblPr><w:tblStyle w:val="docgenTable{number}"/></w:tblPr></w:tbl>'
            paragraph.addprevious(
                etree.fromstring(stub.replace("<w:tbl>", f'<w:tbl xmlns:w="{_NSMAP["w"]}">', 1))
            )
            pending[stub.encode()] = spliced
        else:
            xml = _table_string(table, width, height, typography=typography)
            paragraph.addprevious(etree.fromstring(xml))
        body.remove(paragraph)


def _table_string(table: Table, width: int, height: int = 0, *, typography: bool = True) -> str:
    """A bordered table of fixed layout: header rows repeat, rows not split across pages.

    A row taller than ``table.split_rows_over`` of a page (half by default) may split: kept
    whole, it would leave a half-empty page or, taller than a page, be cut off. The XML is
    written as text: a plan's table has thousands of elements, and making them one by one is
    the slowest part of a render.
    """
    head, rows, _ = _table_parts(table, width, height, typography)
    inner = b"".join(rows).decode()
    return f'<w:tbl xmlns:w="{_NSMAP["w"]}">{head.decode()}{inner}</w:tbl>'


_FOOTNOTE_MARK = "⟦docgen:footnote:"


def _late_table(table: Table, width: int, height: int, typography: bool) -> bytes | None:
    """:func:`_table_string` as the bytes spliced into ``document.xml`` when it is written
    (no namespace declaration: the document declares it), or None when a footnote's marker is
    in the table (footnotes are put in on the tree)."""
    head, rows, marked = _table_parts(table, width, height, typography)
    return None if marked else b"".join([b"<w:tbl>", head, *rows, b"</w:tbl>"])


#: What shapes a table's rows besides their cells: the columns' widths (twips), the font size,
#: the height (twips) from which a row may split, typography.
_Shape = tuple[tuple[int, ...], float, int, bool]
#: A cell made: the cell (kept alive), its XML, the lines it needs, a footnote's marker in it.
_CellMade = tuple[Cell, bytes, int, bool]
#: Rows as UTF-8 (and whether a footnote's marker is in one) and cells as UTF-8 (with the
#: lines their text needs and whether a footnote's marker is in it), by the identity of the
#: row or of the cell, for each shape: a school's roadmap and the appendix of its order are
#: made of the same row objects, and the schools' rows share most of their cell objects (they
#: differ in the people responsible). Each entry keeps its row or cell alive, so an id is not
#: reused while it is here. (Rows not by content: a row of a school's own is new, and hashing
#: it costs more than putting it together from its cells.)
_SEEN: dict[_Shape, tuple[dict[int, tuple[Row, bytes, bool]], dict[Any, _CellMade]]] = {}
#: Cells by content, for the cells made anew for each document (a table's header, its
#: sections) and the people that come back in other schools.
_CELLS: dict[tuple[Cell, int, float, bool, bool, bool], tuple[bytes, int, bool]] = {}


def _table_parts(
    table: Table, width: int, height: int, typography: bool
) -> tuple[bytes, list[bytes], bool]:
    """The table's properties and grid (after ``<w:tbl>``) and its rows, as UTF-8, and whether
    a footnote's marker is in a row. Every cache here is cleared when full: none grows with
    the number of schools."""
    head, columns = _table_head(table.widths, width)
    shape = (columns, table.font_size, int(height * table.split_rows_over), typography)
    seen = _SEEN.get(shape)
    if seen is None or len(seen[0]) >= 512 or len(seen[1]) >= 4096:
        if len(_SEEN) >= 8:
            _SEEN.clear()
        seen = _SEEN[shape] = ({}, {})
    rows_seen, cells_seen = seen
    rows: list[bytes] = []
    marked = False
    for row in table.rows:
        found = rows_seen.get(id(row))
        if found is None or found[0] is not row:
            found = rows_seen[id(row)] = (row, *_row_bytes(row, shape, cells_seen))
        rows.append(found[1])
        marked = marked or found[2]
    return head, rows, marked


@lru_cache(maxsize=64)
def _table_head(widths: tuple[float, ...], width: int) -> tuple[bytes, tuple[int, ...]]:
    """The properties and grid of a table of these relative ``widths`` fitted to ``width``
    twips, and its columns' widths in twips."""
    total = sum(widths) or 1.0
    columns = [int(width * w / total) for w in widths]
    columns[-1] = width - sum(columns[:-1])
    border = " ".join(f'w:{k}="{v}"' for k, v in _BORDER.items())
    head = "".join(
        [
            f'<w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
            '<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>',
            *(
                f"<w:{side} {border}/>"
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            ),
            '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
            f'<w:left w:w="{_CELL_MARGIN}" w:type="dxa"/><w:right w:w="{_CELL_MARGIN}" '
            'w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" '
            'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>",
            *(f'<w:gridCol w:w="{column}"/>' for column in columns),
            "</w:tblGrid>",
        ]
    )
    return head.encode(), tuple(columns)


def _row_bytes(row: Row, shape: _Shape, cells_seen: dict[Any, _CellMade]) -> tuple[bytes, bool]:
    """One row of a table, and whether a footnote's marker is in it. A row as tall as the
    shape's limit (twips) or taller may split across pages; 0: no row splits."""
    columns, font_size, limit, typography = shape
    keep = row.header or row.keep_with_next
    tall, header = bool(row.min_height), row.header
    cells, lines, column, marked = [], 1, 0, False
    for cell in row.cells:
        span = cell.span
        # (a cell beyond the grid is 0 wide, as the sum of no columns)
        width = (
            columns[column]
            if span == 1 and column < len(columns)
            else sum(columns[column : column + span])
        )
        # «№ п/п» beside a group header sits in the middle of both rows; a sheet's tall rows too
        centred = tall or (header and cell.rows > 1 and not cell.merged)
        seen_key = (id(cell), width, keep, centred)
        found = cells_seen.get(seen_key)
        if found is None or found[0] is not cell:
            key = (cell, width, font_size, keep, typography, centred)
            made = _CELLS.get(key)
            if made is None:
                if len(_CELLS) >= 4096:
                    _CELLS.clear()
                made = _CELLS[key] = _cell_bytes(cell, width, font_size, keep, typography, centred)
            found = cells_seen[seen_key] = (cell, *made)
        cells.append(found[1])
        if found[2] > lines:
            lines = found[2]
        marked = marked or found[3]
        column += span
    # a rough height in twips: the lines of text each cell needs at its width
    cant_split = not limit or int(lines * font_size * 23) < limit
    cells.append(b"</w:tr>")
    return _row_head(cant_split, row.min_height, header) + b"".join(cells), marked


@lru_cache(maxsize=64)
def _row_head(cant_split: bool, min_height: int, header: bool) -> bytes:
    """A row's start and properties: kept on one page, at least so high, a header row."""
    return "".join(
        [
            "<w:tr><w:trPr>",
            "<w:cantSplit/>" if cant_split else "",
            f'<w:trHeight w:val="{min_height}" w:hRule="atLeast"/>' if min_height else "",
            "<w:tblHeader/>" if header else "",
            "</w:trPr>",
        ]
    ).encode()


def _cell_bytes(
    cell: Cell, width: int, font_size: float, keep: bool, typography: bool, centred: bool
) -> tuple[bytes, int, bool]:
    """A cell's XML, the lines its text needs at its width per row of the cells it spans down
    (a merged continuation none: its text is not written), whether a footnote's marker is in
    it."""
    xml = _cell_xml(cell, width, str(round(font_size * 2)), keep, typography, centred)
    if cell.merged:
        return xml.encode(), 0, False
    needed = -(-_lines(cell.text, width, font_size) // cell.rows)
    return xml.encode(), needed, _FOOTNOTE_MARK in cell.text


def _lines(text: str, width: int, font_size: float) -> int:
    """Lines a cell's text needs at its width."""
    char = font_size * 10  # twips: an average Cyrillic letter of Times New Roman is ~half an em
    per_line = max(int(max(width - 2 * _CELL_MARGIN, 200) / char), 1)
    return sum(-(-max(len(line), 1) // per_line) for line in text.split("\n"))


def _cell_xml(
    cell: Cell, cell_width: int, size: str, keep: bool, typography: bool, centred: bool = False
) -> str:
    """One cell of a row."""
    out = [f'<w:tc><w:tcPr><w:tcW w:w="{cell_width}" w:type="dxa"/>']
    if cell.span > 1:
        out.append(f'<w:gridSpan w:val="{cell.span}"/>')
    if cell.merged:
        out.append("<w:vMerge/>")
    elif cell.rows > 1:
        out.append('<w:vMerge w:val="restart"/>')
    if centred:
        out.append('<w:vAlign w:val="center"/>')
    out.append("</w:tcPr>")
    for line in [""] if cell.merged else cell.text.split("\n"):
        out.append(_cell_paragraph(typeset(line) if typography else line, cell, size, keep))
    out.append("</w:tc>")
    return "".join(out)


def _cell_paragraph(text: str, cell: Cell, size: str, keep: bool) -> str:
    return _paragraph_xml(
        text, cell.align.value, cell.bold, size, keep, italic=cell.italic, caps=cell.caps
    )


@lru_cache(maxsize=4096)
def _paragraph_xml(
    text: str,
    align: str,
    bold_: bool,
    size: str,
    keep: bool,
    *,
    italic: bool = False,
    caps: bool = False,
) -> str:
    """A cell's paragraph; a district's tables repeat most of their cells school after school."""
    sizes = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    head = (
        "<w:p><w:pPr>"
        + ("<w:keepNext/>" if keep else "")
        + '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:right="0" w:firstLine="0"/>'
        f'<w:jc w:val="{align}"/><w:rPr>{sizes}</w:rPr></w:pPr>'
    )
    if not text:
        return head + "</w:p>"
    # in the schema's order of w:rPr: b, bCs, i, iCs, caps, …, sz, szCs
    bold = ("<w:b/><w:bCs/>" if bold_ else "") + ("<w:i/><w:iCs/>" if italic else "")
    bold += "<w:caps/>" if caps else ""
    text = _NOT_XML.sub("", text)  # Excel's vertical tab and other controls XML cannot hold
    return (
        f'{head}<w:r><w:rPr>{bold}{sizes}</w:rPr><w:t xml:space="preserve">'
        f"{escape(text)}</w:t></w:r></w:p>"
    )


def _footnotes(document: Any, inserts: Inserts) -> None:
    """Real Word footnotes where the text has their markers, numbered by Word itself."""
    root, save = _footnotes_root(document)
    ids = [int(f.get(f"{_W}id")) for f in root.findall(f"{_W}footnote")]
    next_id = max([0, *ids]) + 1
    for t in list(document.element.body.iter(f"{_W}t")):
        if not t.text or "⟦docgen:footnote:" not in t.text:
            continue
        run = t.getparent()
        pieces = MARKER.split(t.text)
        # split() gives text, kind, number, text, kind, number, …, text
        t.text = pieces[0]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor = run
        for index in range(1, len(pieces), 3):
            number = int(pieces[index + 1])
            reference = _footnote_reference(run, next_id)
            anchor.addnext(reference)
            anchor = reference
            root.append(_footnote_xml(next_id, inserts.footnotes[number]))
            next_id += 1
            tail = pieces[index + 2]
            if tail:
                import copy

                rest = copy.deepcopy(run)
                for child in list(rest):
                    if child.tag != f"{_W}rPr":
                        rest.remove(child)
                piece = _w("w:t")
                piece.text = tail
                piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                rest.append(piece)
                anchor.addnext(rest)
                anchor = rest
    save()
    _footnote_settings(document)


def _footnote_reference(run: Any, footnote_id: int) -> Any:
    import copy

    reference = _w("w:r")
    r_pr = run.find(f"{_W}rPr")
    r_pr = copy.deepcopy(r_pr) if r_pr is not None else _w("w:rPr")
    for old in r_pr.findall(f"{_W}vertAlign"):
        r_pr.remove(old)
    r_pr.append(_w("w:vertAlign", val="superscript"))
    reference.append(r_pr)
    reference.append(_w("w:footnoteReference", id=str(footnote_id)))
    return reference


def _footnote_xml(footnote_id: int, text: str) -> Any:
    note = _w("w:footnote", id=str(footnote_id))
    p = _w("w:p")
    p_pr = _w("w:pPr")
    p_pr.append(_w("w:spacing", before="0", after="0", line="240", lineRule="auto"))
    p_pr.append(_w("w:ind", firstLine="0"))
    p_pr.append(_w("w:jc", val="both"))
    p.append(p_pr)
    ref = _w("w:r")
    ref_pr = _w("w:rPr")
    ref_pr.append(_w("w:vertAlign", val="superscript"))
    ref_pr.append(_w("w:sz", val="20"))
    ref.append(ref_pr)
    ref.append(_w("w:footnoteRef"))
    p.append(ref)
    run = _w("w:r")
    run_pr = _w("w:rPr")
    run_pr.append(_w("w:sz", val="20"))
    run_pr.append(_w("w:szCs", val="20"))
    run.append(run_pr)
    t = _w("w:t")
    t.text = " " + text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    p.append(run)
    note.append(p)
    return note


def _footnotes_root(document: Any) -> tuple[Any, Any]:
    """The footnotes part of the document (made when the template has none) and a saver."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml
    from lxml import etree

    part = document.part
    try:
        notes = part.part_related_by(_FOOTNOTES_RT)
    except KeyError:
        root = parse_xml(
            f'<w:footnotes xmlns:w="{_NSMAP["w"]}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
        notes = XmlPart(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, root, part.package)
        part.relate_to(notes, _FOOTNOTES_RT)
        return root, lambda: None
    if isinstance(notes, XmlPart):
        return notes.element, lambda: None
    root = etree.fromstring(notes.blob)

    def save() -> None:
        notes._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return root, save


def _footnote_settings(document: Any) -> None:
    """Word wants the separator footnotes named in the settings."""
    settings = document.settings.element
    if settings.find(f"{_W}footnotePr") is not None:
        return
    footnote_pr = _w("w:footnotePr")
    footnote_pr.append(_w("w:footnote", id="-1"))
    footnote_pr.append(_w("w:footnote", id="0"))
    anchor = None
    for tag in (
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ):
        anchor = settings.find(f"{_W}{tag}")
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)
