"""The place and the wording of a few problems the mutation run found unguarded: the line of
a character a YAML file may not hold, of a byte that is not UTF-8, and a yes/no value quoted in
Russian («да», «нет») by the message that rejects it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.errors import DataError
from tests.conftest import EXAMPLES, run_cli


def test_a_control_character_is_reported_at_its_line(tmp_path: Path) -> None:
    data = tmp_path / "ctl.yaml"
    data.write_bytes(b"organization:\n  name: a\n  parent: b\x07c\n")
    code, _, stderr = run_cli("check", str(data))
    assert code == 1
    assert f"ошибка: {data}: строка 3: недопустимый управляющий символ U+0007 в тексте" in stderr


def test_a_byte_that_is_not_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    data = tmp_path / "cp1251.yaml"
    data.write_bytes(b"organization:\n  name: a\n" + "  parent: имя\n".encode("cp1251"))
    code, _, stderr = run_cli("check", str(data))
    assert code == 1
    assert f"ошибка: {data}: строка 3: файл не в кодировке UTF-8: сохраните его в UTF-8" in stderr


def test_a_yes_or_no_value_is_quoted_in_russian(tmp_path: Path) -> None:
    text = (EXAMPLES / "order_953.yaml").read_text("utf-8")
    text = re.sub(r"(\n  kind: )\S+", r"\1true", text, count=1)
    text = re.sub(r"(\n  date_style: )\S+", r"\1false", text, count=1)
    data = tmp_path / "order.yaml"
    data.write_text(text, "utf-8")
    code, _, stderr = run_cli("check", str(data))
    assert code == 1
    assert "document.kind: недопустимое значение да; допустимые значения: приказ" in stderr
    assert "document.date_style: недопустимое значение нет; допустимые значения: " in stderr


@pytest.mark.parametrize(
    ("example", "line", "typo", "meant"),
    [
        ("order_953.yaml", "document:", "documnet:", "document"),
        ("order_953.yaml", "document:", "Document:", "document"),
        ("plan_tutaev.yaml", "plan:", "plna:", "plan"),
    ],
)
def test_a_misspelt_section_is_named_at_its_line(
    tmp_path: Path, example: str, line: str, typo: str, meant: str
) -> None:
    from docgen.loading import load

    text = (EXAMPLES / example).read_text("utf-8")
    assert f"\n{line}" in text
    data = tmp_path / example
    data.write_text(text.replace(f"\n{line}", f"\n{typo}", 1), "utf-8")
    number = text[: text.index(f"\n{line}")].count("\n") + 2
    with pytest.raises(DataError) as raised:
        load(data)
    message = str(raised.value)
    key = typo.rstrip(":")
    assert f"строка {number}" in message, message
    assert f"неизвестный раздел «{key}» (опечатка? похоже на «{meant}»)" in message


def test_a_file_with_neither_section_says_what_it_needs(tmp_path: Path) -> None:
    from docgen.loading import load

    data = tmp_path / "x.yaml"
    data.write_text("organization:\n  name: Школа\npeople: []\n", "utf-8")
    with pytest.raises(DataError, match="непонятно, что это за документ: нужен раздел document"):
        load(data)
