"""Outputs that cannot be written: a file where the folder should be, a read-only folder.

Each command says which file and what to do, exits 1, and leaves no temporary file behind.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from docgen.office import files
from tests.conftest import run_cli
from tests.plans.test_importing import word_document

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def commands(tmp_path: Path, target: Path) -> dict[str, list[str]]:
    source = word_document(tmp_path / "source.docx")
    return {
        "render": ["render", str(EXAMPLES / "order_953.yaml"), "-o", str(target)],
        "bulk": ["bulk", str(EXAMPLES / "district.xlsx"), "-o", str(target), "-j", "1"],
        "new-workbook": ["new-workbook", str(target / "district.xlsx")],
        "import-yaml": ["import", str(source), "-o", str(target / "plan.yaml")],
        "import-xlsx": ["import", str(source), "-o", str(target / "plan.xlsx")],
    }


NAMES = ["render", "bulk", "new-workbook", "import-yaml", "import-xlsx"]


def refused(text: str, code: int) -> None:
    assert code == 1, text
    assert "внутренняя ошибка" not in text and "Traceback" not in text, text
    assert "не удалось записать файл" in text, text


@pytest.mark.parametrize("name", NAMES)
def test_a_file_where_the_output_folder_should_be(tmp_path: Path, name: str) -> None:
    (tmp_path / "FILE").write_text("a file")
    args = commands(tmp_path, tmp_path / "FILE" / "sub")[name]
    code, stdout, stderr = run_cli(*args)
    refused(stdout + stderr, code)
    assert "FILE/sub" in stdout + stderr and "на месте папки лежит файл" in stdout + stderr


@pytest.mark.parametrize("name", NAMES)
def test_a_read_only_output_folder(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = commands(tmp_path, tmp_path / "ro")
    real = files._open_new

    def denied(path: Path) -> int:
        if str(path).startswith(str(tmp_path / "ro")):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path)

    monkeypatch.setattr(files, "_open_new", denied)
    code, stdout, stderr = run_cli(*args[name])
    refused(stdout + stderr, code)
    assert "нет прав на запись" in stdout + stderr
    assert not list((tmp_path / "ro").rglob("*.tmp"))
