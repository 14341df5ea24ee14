"""Zip bombs in templates and workbooks are refused before anything is unpacked."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from docgen.office import containers
from tests.conftest import run_cli
from tests.docx_builder import build

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
BOMB = 40 * 2**20  # zeros pack about a thousandfold


def add_part(path: Path, name: str, size: int) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, b"\0" * size)
    return path


def test_a_template_with_a_bomb_image_is_refused(tmp_path: Path) -> None:
    template = add_part(build(tmp_path / "t.docx", "Приказ"), "word/media/image1.png", BOMB)
    code, stdout, stderr = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "--template", str(template), "-o", str(tmp_path)
    )
    text = stdout + stderr
    assert code == 1 and "t.docx" in text and "word/media/image1.png" in text, text
    assert "zip-бомба" in text and not list(tmp_path.glob("*.docx"))[1:], text


def test_a_workbook_with_a_bomb_part_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "order_template.xlsx"
    shutil.copy(EXAMPLES / "order_template.xlsx", book)
    add_part(book, "xl/media/image1.png", BOMB)
    code, stdout, stderr = run_cli("render", str(book), "-o", str(tmp_path / "out"))
    text = stdout + stderr
    assert code == 1 and "order_template.xlsx" in text and "zip-бомба" in text, text


def test_a_district_workbook_with_a_bomb_part_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "district.xlsx"
    shutil.copy(EXAMPLES / "district.xlsx", book)
    shutil.copy(EXAMPLES / "municipal_plan_tambov.yaml", tmp_path)
    add_part(book, "xl/media/image1.png", BOMB)
    code, stdout, stderr = run_cli("bulk", str(book), "-o", str(tmp_path / "out"))
    text = stdout + stderr
    assert code == 1 and "district.xlsx" in text and "zip-бомба" in text, text


def test_a_monitoring_workbook_with_a_bomb_part_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "monitoring.xlsx"
    shutil.copy(EXAMPLES / "monitoring.xlsx", book)
    shutil.copy(EXAMPLES / "monitoring_plan.yaml", tmp_path)
    add_part(book, "xl/media/image1.png", BOMB)
    code, stdout, stderr = run_cli("report", str(book), "-o", str(tmp_path / "out"))
    text = stdout + stderr
    assert code == 1 and "monitoring.xlsx" in text and "zip-бомба" in text, text
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("limit", ["MAX_TOTAL", "MAX_PART"])
def test_a_template_too_big_unpacked_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    monkeypatch.setattr(containers, limit, 2**20)
    template = add_part(build(tmp_path / "t.docx", "Приказ"), "word/media/big.bin", 2 * 2**20)
    code, stdout, stderr = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "--template", str(template), "-o", str(tmp_path)
    )
    assert code == 1 and "word/media/big.bin" in stdout + stderr, stdout + stderr
