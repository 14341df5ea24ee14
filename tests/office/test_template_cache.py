"""Templates prepared for the text path, kept in the output folder between runs.

A rerun takes each template as the last run prepared it (``word.TemplateCache``) instead of
opening it with python-docx: the documents must be the same bytes either way, for every
example and for templates with what the text path handles (a header with tags, tabs and
breaks, texts printed literally, a picture); a cache that is damaged, forged, of another
docgen or of another version of the template must never be taken; and a district rerun that
makes a few documents must not import docxtpl or python-docx at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from docgen.loading import load_located
from docgen.office import word
from docgen.options import Options
from docgen.rendering import render_bytes
from tests.conftest import run_cli
from tests.docx_builder import build

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
TEMPLATES = ROOT / "docgen" / "templates"
DOCUMENTS = sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "monitoring_plan.yaml")


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test prepares its templates itself (none left by another test in the process)."""
    monkeypatch.setattr(word, "_PREPARED", {})
    yield


def made(
    data_file: Path, cache: Path | None, build_id: str = "b1", **options: Any
) -> tuple[bytes, word.TemplateCache | None]:
    """The document rendered with a cold process's templates, within the cache if given."""
    word._PREPARED.clear()
    overrides = options.pop("overrides", ())
    data, locator = load_located(data_file, overrides)
    if cache is None:
        rendered = render_bytes(data, Options(**options), locate=locator.locate)
        return rendered.content, None
    with word.kept_templates(cache, build_id) as kept:
        rendered = render_bytes(data, Options(**options), locate=locator.locate)
    return rendered.content, kept


@pytest.mark.parametrize("example", DOCUMENTS)
def test_every_example_is_the_same_from_a_kept_template(example: str, tmp_path: Path) -> None:
    cache = tmp_path / "templates.json"
    plain, _ = made(EXAMPLES / example, None)
    first, kept = made(EXAMPLES / example, cache)
    assert kept is not None and kept.hits == 0
    second, kept = made(EXAMPLES / example, cache)
    assert first == plain
    assert second == plain
    if cache.exists():  # the text path's templates are kept; python-docx's (footnotes) are not
        assert kept is not None and kept.hits == 1


@pytest.mark.parametrize(
    ("paragraphs", "header", "overrides"),
    [
        (('Приказ "{{ doc.title }}"',), 'Приказ № {{ doc.number }} - "копия"', ()),
        (('{{ doc.title }}{{ "\\n" }}вторая{{ "\\t" }}после табуляции{{ "\\a" }}абзац',), None, ()),
        (('Приказ "{{ doc.title }}" - от {{ doc.number }}',), None, ("typography=literal",)),
        (("Просто текст - без тегов",), "Колонтитул - без тегов", ()),
    ],
    ids=["header-with-tags", "tabs-breaks-paragraphs", "literal", "no-tags"],
)
def test_odd_templates_are_the_same_from_the_cache(
    tmp_path: Path, paragraphs: tuple[str, ...], header: str | None, overrides: tuple[str, ...]
) -> None:
    template = build(tmp_path / "own.docx", *paragraphs, header=header)
    cache = tmp_path / "templates.json"
    options: dict[str, Any] = {"template": template, "overrides": overrides}
    plain, _ = made(EXAMPLES / "order_953.yaml", None, **dict(options))
    made(EXAMPLES / "order_953.yaml", cache, **dict(options))
    second, kept = made(EXAMPLES / "order_953.yaml", cache, **dict(options))
    assert kept is not None and kept.hits == 1
    assert second == plain


def test_a_picture_is_the_same_from_the_cache(tmp_path: Path) -> None:
    import segno
    from docx import Document

    image = tmp_path / "qr.png"
    segno.make("docgen").save(str(image), scale=4)
    document = Document()
    document.add_paragraph("{{ doc.title }}")
    document.add_picture(str(image))
    template = tmp_path / "picture.docx"
    document.save(str(template))
    cache = tmp_path / "templates.json"
    plain, _ = made(EXAMPLES / "order_953.yaml", None, template=template)
    made(EXAMPLES / "order_953.yaml", cache, template=template)
    second, kept = made(EXAMPLES / "order_953.yaml", cache, template=template)
    assert kept is not None and kept.hits == 1
    assert second == plain


@pytest.mark.parametrize(
    ("title", "subject", "author"),
    [
        ("Приказ № 45-од от 12.03.2026", "О проведении Недели", "МБОУ СОШ № 1"),
        ("A & B <c> \"d\" 'e'", "«Ёлка» — 2026", "ООО «Рога & копыта»"),
        ("", "пустой заголовок", "автор"),  # python-docx's own way, from the kept XML
        ("знак \ue000 частной области", "s", "a"),  # the same
    ],
)
def test_properties_of_a_kept_template_are_python_docx_s(
    tmp_path: Path, title: str, subject: str, author: str
) -> None:
    template = TEMPLATES / "orders" / "prikaz.docx"
    prepared = word._prepared(template)
    assert prepared is not None
    kept = word._Prepared.loaded(json.loads(json.dumps(prepared.dumped())), str(template))
    assert kept.core is None
    when = datetime(2026, 3, 12, 9, 0)
    ours, theirs = word._TextFilled(kept, None, {}), word._TextFilled(prepared, None, {})
    ours.properties(when=when, title=title, subject=subject, author=author)
    theirs.properties(when=when, title=title, subject=subject, author=author)
    assert ours.core == theirs.core


def _entry(cache: Path) -> tuple[dict[str, Any], str]:
    data = json.loads(cache.read_text("utf-8"))
    (key,) = data["templates"]
    return data, key


def _forged(cache: Path, change: Any) -> None:
    data, key = _entry(cache)
    change(data["templates"][key])
    cache.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"\x00not json at all"),
        lambda path: path.write_text("[1, 2, 3]", "utf-8"),
        lambda path: path.write_text('{"form": "docgen templates 0", "templates": {}}', "utf-8"),
        lambda path: path.write_text(path.read_text("utf-8")[:5000], "utf-8"),
        lambda path: _forged(path, lambda e: e.update(body=17)),
        lambda path: _forged(path, lambda e: e.update(shell="не base64!")),
        lambda path: _forged(path, lambda e: e.update(shell=e["core"])),  # no body in it
        lambda path: _forged(
            path, lambda e: e["members"].append(["x.xml", "/word/nowhere", False])
        ),
        lambda path: _forged(path, lambda e: e["members"].append(["x.xml", None, False])),
        lambda path: _forged(path, lambda e: e["members"].append(["x.xml", "AAAA", "yes"])),
        lambda path: _forged(path, lambda e: e.update(typeset=[])),
        lambda path: _forged(path, lambda e: e.pop("skeleton")),
        lambda path: _forged(path, lambda e: e.update(headers=[["/word/header1.xml"]])),
    ],
    ids=[
        "binary",
        "a list",
        "another form",
        "cut short",
        "body not text",
        "not base64",
        "shell without body",
        "unknown part",
        "own part misnamed",
        "binary flag not bool",
        "typeset not a map",
        "no skeleton",
        "header without text",
    ],
)
def test_a_damaged_cache_is_read_past_and_written_anew(tmp_path: Path, damage: Any) -> None:
    cache = tmp_path / "templates.json"
    template = build(tmp_path / "own.docx", "Приказ {{ doc.title }}", header="№ {{ doc.number }}")
    plain, _ = made(EXAMPLES / "order_953.yaml", None, template=template)
    made(EXAMPLES / "order_953.yaml", cache, template=template)
    damage(cache)
    again, kept = made(EXAMPLES / "order_953.yaml", cache, template=template)
    assert kept is not None and kept.hits == 0
    assert again == plain
    third, kept = made(EXAMPLES / "order_953.yaml", cache, template=template)
    assert kept is not None and kept.hits == 1  # the file was written again, whole
    assert third == plain


def test_an_edited_template_or_another_docgen_is_not_taken_from_the_cache(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "templates.json"
    template = build(tmp_path / "own.docx", "Первый вариант {{ doc.number }}")
    made(EXAMPLES / "order_953.yaml", cache, template=template)
    _, kept = made(EXAMPLES / "order_953.yaml", cache, build_id="another docgen", template=template)
    assert kept is not None and kept.hits == 0
    build(template, "Второй вариант {{ doc.number }}, длиннее")
    content, kept = made(EXAMPLES / "order_953.yaml", cache, template=template)
    assert kept is not None and kept.hits == 0
    import io
    import zipfile

    body = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "Второй вариант" in body and "Первый" not in body


def test_the_cache_keeps_only_the_templates_of_the_last_run(tmp_path: Path) -> None:
    cache = tmp_path / "templates.json"
    one = build(tmp_path / "one.docx", "Первый {{ doc.number }}")
    two = build(tmp_path / "two.docx", "Второй {{ doc.number }}")
    made(EXAMPLES / "order_953.yaml", cache, template=one)
    made(EXAMPLES / "order_953.yaml", cache, template=two)
    data = json.loads(cache.read_text("utf-8"))
    assert len(data["templates"]) == 1
    before = cache.stat().st_mtime_ns
    made(EXAMPLES / "order_953.yaml", cache, template=two)
    assert cache.stat().st_mtime_ns == before  # nothing new: not written again


def test_a_template_prepared_earlier_in_the_process_is_kept_in_a_new_folder(
    tmp_path: Path,
) -> None:
    """The web app serves many runs in one process: a folder's cache gets the templates its
    run used even when an earlier run had prepared them (before, it was left without)."""
    template = build(tmp_path / "own.docx", "Приказ {{ doc.number }}")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    made(EXAMPLES / "order_953.yaml", first, template=template)
    data, locator = load_located(EXAMPLES / "order_953.yaml", ())
    with word.kept_templates(second, "b1") as kept:  # the template prepared: not cleared
        render_bytes(data, Options(template=template), locate=locator.locate)
    assert kept.hits == 0
    assert json.loads(second.read_text("utf-8")) == json.loads(first.read_text("utf-8"))
    _, kept_again = made(EXAMPLES / "order_953.yaml", second, template=template)
    assert kept_again is not None and kept_again.hits == 1


def test_a_cache_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    cache = tmp_path / "templates.json"
    cache.mkdir()  # a folder where the file would go
    content, _ = made(EXAMPLES / "order_953.yaml", cache)
    plain, _ = made(EXAMPLES / "order_953.yaml", None)
    assert content == plain and cache.is_dir()


# ------------------------------------------------------------------ a district's rerun

_PROBE = """
import sys
from docgen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print("MODULES", *sorted(m for m in ("docx", "docxtpl") if m in sys.modules))
"""


def test_a_district_rerun_takes_its_templates_from_the_cache(district: Path) -> None:
    out = district.parent / "out"
    code, _, err = run_cli("bulk", str(district), "-o", str(out))
    assert code == 0, err
    kept = json.loads((out / ".docgen-templates.json").read_text("utf-8"))
    assert len(kept["templates"]) >= 2  # the roadmap's and the order's
    documents = {p: p.read_bytes() for p in sorted(out.rglob("*.docx"))}
    gone = next(p for p in documents if "Приказ" in p.name)
    gone.unlink()
    rerun = subprocess.run(
        [sys.executable, "-c", _PROBE, "bulk", str(district), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "создан: 1" in rerun.stdout
    assert rerun.stdout.strip().splitlines()[-1] == "MODULES"  # neither was imported
    assert gone.read_bytes() == documents[gone]
    assert {p: p.read_bytes() for p in sorted(out.rglob("*.docx"))} == documents
