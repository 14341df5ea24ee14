"""A single render under hostile data: long titles, control characters, long numbers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from docgen.office.files import NAME_BYTES
from tests.conftest import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
ORDER = EXAMPLES / "order_953.yaml"


def core(path: Path) -> str:
    return zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")


@pytest.mark.parametrize("length", [256, 5000, 20_000])
def test_a_long_title_is_cut_in_the_properties_not_an_error(tmp_path: Path, length: int) -> None:
    title = ("О проведении мероприятия " * (length // 25 + 1))[:length].strip()
    code, stdout, stderr = run_cli(
        "render", str(ORDER), "-o", str(tmp_path), "--set", f"document.title={title}"
    )
    assert code == 0, (stdout + stderr)[:2000]
    (made,) = tmp_path.glob("*.docx")
    props = core(made)
    start = props.index("<dc:title>") + len("<dc:title>")
    assert len(props[start : props.index("</dc:title>")]) <= 255


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\ufffe"])
def test_control_characters_in_a_title_are_left_out_of_the_properties(
    tmp_path: Path, char: str
) -> None:
    code, stdout, stderr = run_cli(
        "render", str(ORDER), "-o", str(tmp_path), "--set", f"document.title=О при{char}ёме"
    )
    text = stdout + stderr
    assert "внутренняя ошибка" not in text and "Traceback" not in text, text
    if code == 0:
        (made,) = tmp_path.glob("*.docx")
        assert char not in core(made)
    else:
        assert "document.title" in text, text


def test_a_long_order_number_gives_a_file_name_cut_by_bytes(tmp_path: Path) -> None:
    number = "Я" * 300
    code, stdout, stderr = run_cli(
        "render", str(ORDER), "-o", str(tmp_path), "--set", f"document.number={number}"
    )
    assert code == 0, (stdout + stderr)[:2000]
    (made,) = tmp_path.glob("*.docx")
    assert len(made.name.encode()) <= NAME_BYTES
