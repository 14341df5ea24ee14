"""The DOCX mechanics: sandboxed render, error places, stable bytes, template inspection."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document

from docgen.errors import TemplateError
from docgen.grammar import default_inflector
from docgen.office import word as _docx
from tests.docx_builder import build


def _render(path: Path, context: dict[str, object]) -> list[str]:
    tpl = _docx.render(path, context, _docx.environment(default_inflector()))
    data = _docx.to_bytes(tpl, datetime(2022, 7, 18, 9))
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_values_come_out_as_typed_and_filters_work(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "Возложить на {{ who | вн(kind='person') }}.", "{{ raw }}")
    lines = _render(path, {"who": "Ушакова Ирина Геннадьевна", "raw": "A & B <c> «d» \"e\" 'f'"})
    assert lines == ["Возложить на Ушакову Ирину Геннадьевну.", "A & B <c> «d» \"e\" 'f'"]


def test_word_typographic_quotes_inside_tags_are_straightened(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "Директору {{ who | inflect(«дт», kind=«position») }}")
    assert _render(path, {"who": "директор школы"}) == ["Директору директору школы"]


def test_tag_split_across_runs_still_renders(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", ["№ {{ doc.", "num", "ber }}"])
    assert _render(path, {"doc": {"number": "953"}}) == ["№ 953"]


def test_undefined_variable_names_variable_template_and_paragraph(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "Первый абзац", "Приказ № {{ doc.numbr }}")
    with pytest.raises(TemplateError) as info:
        _render(path, {"doc": {"number": "953"}})
    message = str(info.value)
    assert "numbr" in message and str(path) in message
    assert "Приказ № {{ doc.numbr }}" in message
    assert info.value.location.line is not None


def test_unknown_top_level_variable(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "{{ signer_name }}")
    with pytest.raises(TemplateError, match="переменная «signer_name» не определена"):
        _render(path, {})


def test_syntax_error_quotes_the_paragraph(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "Текст", "{% if doc.place %}{{ doc.place }}")
    with pytest.raises(TemplateError) as info:
        _render(path, {"doc": {"place": "г. Самара"}})
    assert "синтаксическая ошибка" in str(info.value)


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError):
        _render(path, {})


@pytest.mark.parametrize(
    "tag", ["{% include '/etc/passwd' %}", "{% import 'x' as y %}", "{% extends 'base' %}"]
)
def test_a_template_cannot_reach_other_files(tmp_path: Path, tag: str) -> None:
    path = build(tmp_path / "t.docx", "Текст", tag)
    with pytest.raises(TemplateError) as info:
        _render(path, {})
    assert "шаблон DOCX не может подключать другие файлы" in str(info.value)
    assert (info.value.location.template, info.value.location.line) == (str(path), 3)


def test_not_a_docx_is_a_template_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match="не удалось открыть шаблон"):
        _render(bad, {})


def test_same_input_same_bytes_with_fixed_timestamps(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "{{ x }}")
    env = _docx.environment(default_inflector())
    when = datetime(2021, 8, 31, 9)
    first = _docx.to_bytes(_docx.render(path, {"x": "1"}, env), when)
    second = _docx.to_bytes(_docx.render(path, {"x": "1"}, env), when)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2021, 8, 31, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_inspect_reports_split_tags_smart_quotes_and_unclosed(tmp_path: Path) -> None:
    path = build(
        tmp_path / "t.docx",
        ["{{ doc.", "number }}"],
        "{{ x | inflect(«дт») }}",
        "{{ unclosed",
        "Обычный текст",
    )
    findings = _docx.inspect(path)
    messages = [(str(f.error), f.fatal) for f in findings]
    assert any("разбил тег «{{ doc.number }}»" in m and not fatal for m, fatal in messages)
    assert any("типографские кавычки" in m and not fatal for m, fatal in messages)
    assert any("незакрытый" in m and fatal for m, fatal in messages)
    assert len(findings) == 3


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "обращение к служебному атрибуту «__class__» запрещено",
        ),
        ("{{ range.__init__ }}", "обращение к служебному атрибуту «__init__» запрещено"),
        ("{{ [1].append(2) }}", "«append» меняет данные, а шаблон может их только читать"),
        ("{% set d = {} %}{{ d.update({'a': 1}) }}", "«update» меняет данные"),
    ],
)
def test_the_sandbox_says_in_russian_what_it_refused(tmp_path: Path, body: str, said: str) -> None:
    path = build(tmp_path / "t.docx", "Текст", body)
    with pytest.raises(TemplateError) as info:
        _render(path, {})
    message = str(info.value)
    assert f"шаблон пытается сделать недопустимое: {said}" in message, message
    assert "unsafe" not in message and "0x" not in message
    assert info.value.location.line == 3


def test_the_mutating_methods_are_those_the_sandbox_knows() -> None:
    import jinja2.sandbox

    from docgen.office.sandbox import _MUTATING

    assert set().union(*(names for _, names in jinja2.sandbox._mutable_spec)) == _MUTATING
