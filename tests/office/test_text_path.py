"""The text path (document.xml rendered as text, tables spliced in) gives python-docx's bytes.

Every document is made twice, once by each path (``word.TEXT_PATH`` off makes every document
take python-docx's), and the DOCX bytes are compared: the examples, the example district in
bulk, and templates with what the text path must handle or leave to python-docx (a header
with tags, tabs and line breaks from the data, texts printed literally, a footnotes part, no
core properties, a picture). A test also checks that the text path was taken, so that a path
that always fell back would not pass unseen.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import TemplateError
from docgen.loading import load_located
from docgen.office import word
from docgen.options import Options
from docgen.rendering import render_bytes
from tests.conftest import run_cli
from tests.docx_builder import build

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
TEMPLATES = ROOT / "docgen" / "templates"


@pytest.fixture
def paths_seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The kind of each document filled: "text" or "docx"."""
    seen: list[str] = []
    fill = word.fill

    def spy(*args: Any, **kwargs: Any) -> word.Filled:
        filled = fill(*args, **kwargs)
        seen.append("text" if isinstance(filled, word._TextFilled) else "docx")
        return filled

    monkeypatch.setattr(word, "fill", spy)
    yield seen


def both(data_file: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> tuple[bytes, bytes]:
    """The document by the text path and by python-docx's, from the same data."""
    made = []
    overrides = options.pop("overrides", ())
    for text_path in (True, False):
        monkeypatch.setattr(word, "TEXT_PATH", text_path)
        word._PREPARED.clear()
        data, locator = load_located(data_file, overrides)
        made.append(
            render_bytes(
                data, Options(**options), source=str(data_file), locate=locator.locate
            ).content
        )
    return made[0], made[1]


def members_differing(a: bytes, b: bytes) -> list[str]:
    """The zip members whose bytes differ, to say where two documents part."""
    with zipfile.ZipFile(io.BytesIO(a)) as one, zipfile.ZipFile(io.BytesIO(b)) as two:
        names = one.namelist()
        if names != two.namelist():
            return ["(the members or their order)"]
        return [name for name in names if one.read(name) != two.read(name)]


#: every example document (the monitoring's plan is data of the report, not a document)
DOCUMENTS = sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "monitoring_plan.yaml")


@pytest.mark.parametrize("example", DOCUMENTS)
def test_every_example_is_the_same_by_both_paths(
    example: str, monkeypatch: pytest.MonkeyPatch, paths_seen: list[str]
) -> None:
    text, docx = both(EXAMPLES / example, monkeypatch)
    assert members_differing(text, docx) == []
    assert text == docx
    assert paths_seen[0] in {"text", "docx"} and paths_seen[1] == "docx"


def test_the_text_path_makes_the_bulk_documents(
    monkeypatch: pytest.MonkeyPatch, paths_seen: list[str]
) -> None:
    """The roadmap and the order of a school go by text; a plan with footnotes does not."""
    for example in ("order_953.yaml", "school_roadmap_sosh2.yaml", "rasporyazhenie_408.yaml"):
        both(EXAMPLES / example, monkeypatch)
    assert paths_seen == ["text", "docx"] * 3
    paths_seen.clear()
    both(EXAMPLES / "plan_tutaev.yaml", monkeypatch)  # footnotes: python-docx's path
    assert paths_seen == ["docx", "docx"]


def test_the_example_district_is_the_same_by_both_paths(
    district: Path, monkeypatch: pytest.MonkeyPatch, paths_seen: list[str]
) -> None:
    outputs = {}
    for text_path in (True, False):
        monkeypatch.setattr(word, "TEXT_PATH", text_path)
        word._PREPARED.clear()
        out = district.parent / f"out-{text_path}"
        code, _, err = run_cli("bulk", str(district), "-o", str(out), "--jobs", "1")
        assert code == 0, err
        outputs[text_path] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.docx"))
        }
    assert len(outputs[True]) >= 4
    assert outputs[True].keys() == outputs[False].keys()
    for name, content in outputs[True].items():
        assert members_differing(content, outputs[False][name]) == [], name
        assert content == outputs[False][name], name
    assert "text" in paths_seen


def _order_template(path: Path, *paragraphs: str, header: str | None = None) -> Path:
    return build(path, *paragraphs, header=header)


@pytest.mark.parametrize(
    ("paragraphs", "header", "overrides"),
    [
        # a header with a tag: rendered per document and typeset like the body
        (('Приказ "{{ doc.title }}"',), 'Приказ № {{ doc.number }} - "копия"', ()),
        # tabs and line breaks from the data: docxtpl's listing makes them runs
        (('{{ doc.title }}{{ "\\n" }}вторая строка{{ "\\t" }}после табуляции',), None, ()),
        # texts printed as the data has them
        (('Приказ "{{ doc.title }}" - от {{ doc.number }}',), None, ("typography=literal",)),
        # a template with no tags at all
        (("Просто текст - без тегов",), "Колонтитул", ()),
    ],
    ids=["header-with-tags", "tabs-and-breaks", "literal", "no-tags"],
)
def test_odd_templates_are_the_same_by_both_paths(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    paths_seen: list[str],
    paragraphs: tuple[str, ...],
    header: str | None,
    overrides: tuple[str, ...],
) -> None:
    template = _order_template(tmp_path / "own.docx", *paragraphs, header=header)
    text, docx = both(
        EXAMPLES / "order_953.yaml", monkeypatch, template=template, overrides=overrides
    )
    assert members_differing(text, docx) == []
    assert text == docx
    assert paths_seen == ["text", "docx"]


def _without(source: Path, target: Path, drop: str) -> Path:
    """A copy of a template without one zip member and every mention of it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename == drop:
                continue
            content = old.read(item.filename)
            if item.filename in ("[Content_Types].xml", "_rels/.rels"):
                text = content.decode()
                start = text.find(f"/{drop}") if item.filename.startswith("[") else -1
                if item.filename == "_rels/.rels":
                    start = text.find(drop)
                if start >= 0:
                    begin = text.rfind("<", 0, start)
                    end = text.find(">", start) + 1
                    text = text[:begin] + text[end:]
                content = text.encode()
            new.writestr(item, content)
    return target


def test_a_template_without_core_properties_takes_python_docx_s_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths_seen: list[str]
) -> None:
    template = _without(
        TEMPLATES / "orders" / "prikaz.docx", tmp_path / "bare.docx", "docProps/core.xml"
    )
    with zipfile.ZipFile(template) as archive:
        assert "docProps/core.xml" not in archive.namelist()
    text, docx = both(EXAMPLES / "order_953.yaml", monkeypatch, template=template)
    assert text == docx
    assert paths_seen == ["docx", "docx"]


def test_a_template_with_a_footnotes_part_takes_python_docx_s_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths_seen: list[str]
) -> None:
    """docxtpl renders a footnotes part as a template: python-docx's path keeps doing so."""
    monkeypatch.setattr(word, "TEXT_PATH", False)
    data, locator = load_located(EXAMPLES / "plan_tutaev.yaml")
    with_notes = render_bytes(data, Options(), locate=locator.locate).content
    template = tmp_path / "notes.docx"
    template.write_bytes(with_notes)
    with zipfile.ZipFile(template) as archive:
        assert "word/footnotes.xml" in archive.namelist()
    paths_seen.clear()
    text, docx = both(EXAMPLES / "order_953.yaml", monkeypatch, template=template)
    assert text == docx
    assert paths_seen == ["docx", "docx"]


def test_a_picture_in_the_body_is_numbered_as_docxtpl_numbers_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths_seen: list[str]
) -> None:
    import segno
    from docx import Document

    image = tmp_path / "qr.png"
    segno.make("docgen").save(str(image), scale=4)
    document = Document()
    document.add_paragraph("{{ doc.title }}")
    document.add_picture(str(image))
    document.add_picture(str(image))
    template = tmp_path / "picture.docx"
    document.save(str(template))
    text, docx = both(EXAMPLES / "order_953.yaml", monkeypatch, template=template)
    assert b"docPr" in zipfile.ZipFile(io.BytesIO(text)).read("word/document.xml")
    assert text == docx
    assert paths_seen == ["text", "docx"]


@pytest.mark.parametrize(
    ("paragraphs", "header"),
    [
        (("{{ doc.title }}", "{{ nobody.knows }}"), None),
        (("{{ doc.title }}",), "{{ doc.nothing_here }}"),
        (("{{ doc.title }}", "{% if %}"), None),
    ],
    ids=["body", "header", "syntax"],
)
def test_a_template_error_is_told_the_same_by_both_paths(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    paragraphs: tuple[str, ...],
    header: str | None,
) -> None:
    template = _order_template(tmp_path / "bad.docx", *paragraphs, header=header)
    told = []
    for text_path in (True, False):
        monkeypatch.setattr(word, "TEXT_PATH", text_path)
        word._PREPARED.clear()
        data, locator = load_located(EXAMPLES / "order_953.yaml")
        with pytest.raises(TemplateError) as caught:
            render_bytes(data, Options(template=template), locate=locator.locate)
        told.append((str(caught.value), caught.value.location))
    assert told[0] == told[1]
    assert str(template) in str(told[0][1])


def test_an_edited_template_is_read_again(tmp_path: Path) -> None:
    """The text path keeps what it read of a template while the file is unchanged."""
    template = _order_template(tmp_path / "own.docx", "Первый вариант {{ doc.number }}")
    data, locator = load_located(EXAMPLES / "order_953.yaml")

    def body() -> str:
        made = render_bytes(data, Options(template=template), locate=locator.locate).content
        return zipfile.ZipFile(io.BytesIO(made)).read("word/document.xml").decode()

    assert "Первый вариант" in body()
    shutil.copy(
        _order_template(tmp_path / "other.docx", "Второй вариант {{ doc.number }}, длиннее"),
        template,
    )
    second = body()
    assert "Второй вариант" in second and "Первый" not in second


def test_a_prepared_template_is_not_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # a district run prepares its templates before forking: its workers then share the
    # compiled Jinja instead of each compiling the template's document.xml again
    from jinja2.sandbox import SandboxedEnvironment

    from docgen.grammar import default_inflector

    env = word.environment(default_inflector())
    template = TEMPLATES / "orders" / "prikaz.docx"
    env.__dict__.pop("_docgen_parts", None)  # compiled by other tests in this process
    word.prepare(template, env)
    compiled: list[str] = []
    original = SandboxedEnvironment.from_string

    def counted(self: Any, source: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(SandboxedEnvironment, "from_string", counted)
    data, _ = load_located(EXAMPLES / "order_953.yaml")
    render_bytes(data, Options(output_dir=Path("."), qr=False, lint=False))
    assert not [source for source in compiled if "<w:body" in source or "<w:p" in source]


@pytest.mark.parametrize(
    ("title", "subject", "author"),
    [
        ("Приказ № 45-од от 12.03.2026", "О проведении Недели естественных наук", "МБОУ СОШ № 1"),
        ("A & B <c> \"d\" 'e'", "«Ёлка» — 2026", "ООО «Рога & копыта»"),
        ("Приказ " + "очень длинный заголовок " * 20, "x", "y"),  # cut to 255 with «…»
        ("", "пустой заголовок", "автор"),  # an empty text: python-docx's own way
        ("знак \ue000 частной области", "s", "a"),  # the stand-in's character: the slow way
        ("  пробелы\tи\nпереводы  строк ", "\x0bвертикальная табуляция", "a\x00b"),
    ],
)
def test_document_properties_from_the_skeleton_are_python_docx_s(
    title: str, subject: str, author: str
) -> None:
    # the text path sets the title, subject, author and time into the template's properties
    # serialized once; the bytes must be those python-docx's setters and lxml would give
    import copy
    from datetime import datetime

    from docx.opc.coreprops import CoreProperties

    prepared = word._prepared(TEMPLATES / "orders" / "prikaz.docx")
    assert prepared is not None
    when = datetime(2026, 3, 12, 9, 0)
    filled = word._TextFilled(prepared, None, {})
    filled.properties(when=when, title=title, subject=subject, author=author)
    element = copy.deepcopy(prepared.core)
    word._set_core(CoreProperties(element), when, title, subject, author)
    assert filled.core == prepared._serialize(element)
    assert b"2026-03-12T09:00:00Z" in filled.core
