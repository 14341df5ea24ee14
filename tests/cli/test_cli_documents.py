"""``docgen render``, ``check`` and ``import`` through click's CliRunner, on the examples.

What the README promises: exit code 0 on success, 1 for a problem with the input (its message
names the file and the place: line and key path, sheet and cell, template line), 2 for a usage
error; the files written and their paths printed; nothing written by ``check`` or by a failed
render; never a traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from tests.conftest import EXAMPLES, run_cli


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text


# ---------------------------------------------------------------------------------- render


def test_render_writes_each_document_and_prints_its_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        "render",
        str(EXAMPLES / "order_953.yaml"),
        str(EXAMPLES / "plan_tutaev.yaml"),
        str(EXAMPLES / "plan_template.xlsx"),
        "-o",
        str(out),
    )
    assert code == 0, stderr
    assert files(out) == [
        "План_МБОУ-СОШ-5_2024-2026.docx",
        "План_МОУ-СШ-7.docx",
        "Приказ_953_2022-07-18.docx",
    ]
    assert sorted(Path(line).name for line in stdout.splitlines()) == files(out)
    for path in out.iterdir():
        assert docx.Document(str(path)).paragraphs  # a whole DOCX that Word's library opens
    # the example's warnings, with the file, the line and the key path
    assert "предупреждение:" in stderr
    assert "order_953.yaml: строка 280: document.appendices[0].plan.body[3].number" in stderr
    no_traceback(stdout, stderr)


def test_render_set_overrides_the_data(tmp_path: Path) -> None:
    code, stdout, _ = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "-o", str(tmp_path), "-s", "document.number=12"
    )
    assert code == 0
    assert files(tmp_path) == ["Приказ_12_2022-07-18.docx"]
    assert stdout.strip().endswith("Приказ_12_2022-07-18.docx")


def test_render_bad_data_names_file_line_and_key_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text("document:\n  kind: приказ\n  numbr: 5\n", "utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("render", str(data), "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert not out.exists() or files(out) == []
    lines = stderr.splitlines()
    assert f"ошибка: {data}: строка 3: document.numbr: неизвестное поле «numbr» " in stderr
    assert "(опечатка? похоже на «number»)" in stderr
    assert f"ошибка: {data}: строка 1: document.date: обязательное поле не заполнено" in lines
    assert all(line.startswith("ошибка: ") for line in lines)  # every problem at once
    no_traceback(stdout, stderr)


def test_render_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "syntax.yaml"
    data.write_text("document:\n  kind: [приказ\n", "utf-8")
    code, _, stderr = run_cli("render", str(data), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"ошибка: {data}: строка 3: ошибка синтаксиса YAML" in stderr
    assert not (tmp_path / "out").exists()


def test_render_a_bad_cell_of_a_workbook_names_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "order.xlsx"
    shutil.copy(EXAMPLES / "order_template.xlsx", book)
    workbook = openpyxl.load_workbook(book)
    assert workbook["Люди"]["E1"].value == "пол"
    workbook["Люди"]["E2"] = "x"
    workbook.save(book)
    code, stdout, stderr = run_cli("render", str(book), "-o", str(tmp_path / "out"))
    assert code == 1 and stdout == ""
    assert f"ошибка: {book}: лист «Люди», ячейка E2: поле пол: неизвестный род «x»" in stderr
    assert not (tmp_path / "out").exists()


def test_render_missing_file_and_usage_errors(tmp_path: Path) -> None:
    code, _, stderr = run_cli("render", str(tmp_path / "missing.yaml"))
    assert code == 1
    assert f"ошибка: {tmp_path / 'missing.yaml'}: файл не найден" in stderr
    code, _, stderr = run_cli("render")
    assert code == 2 and "Не указан аргумент" in stderr
    code, _, stderr = run_cli("render", str(EXAMPLES / "order_953.yaml"), "--no-such-flag")
    assert code == 2 and "--no-such-flag" in stderr
    code, _, _ = run_cli("frobnicate")
    assert code == 2


def test_render_a_bad_set_is_an_input_error(tmp_path: Path) -> None:
    code, _, stderr = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "-o", str(tmp_path), "-s", "document.number="
    )
    assert code == 1
    assert "ошибка: --set document.number=: document.number: значение не заполнено" in stderr
    assert files(tmp_path) == []


# ----------------------------------------------------------------------------------- check


def test_check_writes_nothing_and_says_there_are_no_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = EXAMPLES / "rasporyazhenie_408.yaml"
    code, stdout, stderr = run_cli("check", str(data))
    assert code == 0
    assert stdout == f"{data}: ошибок нет\n"
    # a warning is printed with its place and does not fail the check
    assert f"предупреждение: {data}: строка 753: " in stderr
    assert "номер «2.3.» повторяется (впервые — строка 413)" in stderr
    assert files(tmp_path) == []


def test_check_reports_bad_data_with_its_place(tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text("document:\n  kind: приказ\n  numbr: 5\n", "utf-8")
    code, stdout, stderr = run_cli("check", str(data))
    assert code == 1
    assert "ошибок нет" not in stdout
    assert f"ошибка: {data}: строка 3: document.numbr: неизвестное поле «numbr»" in stderr
    assert files(tmp_path) == ["bad.yaml"]


def test_check_names_a_variable_the_template_wants_and_its_line(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    document = docx.Document()
    document.add_paragraph("Приказ № {{ doc.number }} {{ nosuch_var }}")
    document.save(str(template))
    code, _, stderr = run_cli("check", str(EXAMPLES / "order_953.yaml"), "-t", str(template))
    assert code == 1
    assert f"ошибка: шаблон {template}: строка шаблона " in stderr
    assert "переменная «nosuch_var» не определена" in stderr
    assert "(в тексте «Приказ № {{ doc.number }} {{ nosuch_var }}»)" in stderr
    assert files(tmp_path) == ["t.docx"]


def test_check_usage_error() -> None:
    code, _, stderr = run_cli("check")
    assert code == 2 and "Не указан аргумент" in stderr


# ---------------------------------------------------------------------------------- import


@pytest.fixture(scope="module")
def rendered_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rendered")
    code, stdout, _ = run_cli(
        "render", str(EXAMPLES / "municipal_plan_tambov.yaml"), "-o", str(out)
    )
    assert code == 0
    return Path(stdout.strip())


def test_import_writes_yaml_that_renders_again(rendered_plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, stdout, stderr = run_cli("import", str(rendered_plan), "-o", str(target))
    assert code == 0, stderr
    assert "мероприятий:" in stdout  # what was found: sections, activities, indicator rows
    data = yaml.safe_load(target.read_text("utf-8"))
    assert data["plan"]["body"]
    code, _, stderr = run_cli("check", str(target))
    assert code == 0, stderr


def test_import_writes_a_plan_workbook(rendered_plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    code, _, stderr = run_cli("import", str(rendered_plan), "-o", str(target))
    assert code == 0, stderr
    book = openpyxl.load_workbook(target)
    assert {"План", "Мероприятия"} <= set(book.sheetnames)
    code, _, stderr = run_cli("render", str(target), "-o", str(tmp_path / "again"))
    assert code == 0, stderr


def test_import_of_a_file_that_is_not_a_docx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("hello", "utf-8")
    code, stdout, stderr = run_cli("import", str(fake), "-o", str(tmp_path / "x.yaml"))
    assert code == 1 and stdout == ""
    assert f"ошибка: {fake}: не удалось открыть документ: это не файл Word .docx" in stderr
    assert not (tmp_path / "x.yaml").exists()
    no_traceback(stderr)


def test_import_of_a_document_without_a_plan_table(tmp_path: Path) -> None:
    source = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Уважаемые коллеги!")
    document.save(str(source))
    code, _, stderr = run_cli("import", str(source), "-o", str(tmp_path / "x.yaml"))
    assert code == 1
    assert f"ошибка: {source}: в документе нет таблицы плана" in stderr
    assert not (tmp_path / "x.yaml").exists()


def test_import_usage_errors(rendered_plan: Path) -> None:
    code, _, stderr = run_cli("import", str(rendered_plan))
    assert code == 2 and "--output" in stderr
