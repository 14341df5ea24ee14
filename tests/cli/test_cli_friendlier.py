"""The friendlier command line of issue 18: a workbook given to the wrong command, ``bulk
--check``, a missing monitoring that stops only the reports, the files a run wrote named,
warnings said once and at their sheet, progress lines without a terminal, ``--open``."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from docgen import cli
from tests.conftest import EXAMPLES, edit_cell, run_cli


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ the wrong command's workbook


@pytest.mark.parametrize(
    ("command", "example", "what", "instead"),
    [
        ("render", "district.xlsx", "это книга района", "docgen bulk"),
        ("check", "district.xlsx", "это книга района", "docgen bulk"),  # … --check
        ("report", "district.xlsx", "это книга района", "docgen bulk"),
        ("render", "monitoring.xlsx", "это книга мониторинга", "docgen report"),
        ("bulk", "monitoring.xlsx", "это книга мониторинга", "docgen report"),
        ("bulk", "order_template.xlsx", "это книга приказа", "docgen render"),
        ("bulk", "plan_template.xlsx", "это книга плана", "docgen render"),
        ("report", "order_template.xlsx", "это книга приказа", "docgen render"),
    ],
)
def test_a_workbook_given_to_the_wrong_command_says_what_it_is(
    tmp_path: Path, command: str, example: str, what: str, instead: str
) -> None:
    book = tmp_path / example
    shutil.copy(EXAMPLES / example, book)
    out = tmp_path / "out"
    args = [command, str(book)] + ([] if command == "check" else ["-o", str(out)])
    code, stdout, stderr = run_cli(*args)
    assert code == 1 and stdout == ""
    errors = stderr.strip().splitlines()
    assert len(errors) == 1, stderr  # one line, not a dozen «нет листа …»
    assert errors[0].startswith(f"ошибка: {book}: {what}, а не ")
    ending = f"{instead} {book}" + (" --check" if command == "check" else "")
    assert errors[0].endswith(ending), errors[0]
    assert not out.exists()


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("render", "order_template.xlsx"),
        ("render", "plan_template.xlsx"),
        ("check", "plan_template.xlsx"),
    ],
)
def test_the_right_workbook_passes(tmp_path: Path, command: str, example: str) -> None:
    args = [command, str(EXAMPLES / example)]
    code, _, stderr = run_cli(*args, *([] if command == "check" else ["-o", str(tmp_path)]))
    assert code == 0, stderr


# -------------------------------------------------------------------------------- bulk --check


def test_bulk_check_validates_without_writing(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("bulk", str(district), "--check", "-o", str(out))
    assert code == 0, stderr
    assert stdout.strip() == (
        f"{district}: ошибок нет (14 школ, будет сделано 27 документов); ничего не записано"
    )
    assert not out.exists()
    assert sorted(p.name for p in district.parent.iterdir()) == sorted(
        [
            "district.xlsx",
            "municipal_plan_tambov.yaml",
            "district_monitoring.xlsx",
            "monitoring_plan.yaml",
        ]
    )


def test_bulk_check_names_each_schools_errors_at_their_cells(
    district: Path, tmp_path: Path
) -> None:
    edit_cell(district, "Люди", "F2", "x")
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("bulk", str(district), "--check", "-o", str(out))
    assert code == 1
    assert "лист «Люди», ячейка F2" in stderr and "неизвестный род «x»" in stderr
    assert "с ошибками: 1 (МАОУ «СОШ № 1 с. Тамбовка»)" in stdout, stdout
    assert "ничего не записано" in stdout
    assert not out.exists()


# ------------------------------------------------------------- optional inputs stop only reports


def test_a_missing_monitoring_stops_only_the_reports(with_reports: Path, tmp_path: Path) -> None:
    (with_reports.parent / "district_monitoring.xlsx").unlink()
    out = tmp_path / "out"
    code, _, stderr = run_cli("bulk", str(with_reports), "-o", str(out), "--only", "sosh1")
    assert code == 0, stderr
    assert "МАОУ_СОШ_1_с_Тамбовка/Дорожная_карта_2024-2025.docx" in files(out)
    assert "МАОУ_СОШ_1_с_Тамбовка/Приказ_1-од_2024-09-02.docx" in files(out)
    assert not [name for name in files(out) if "справка" in name]
    warnings = [line for line in stderr.splitlines() if line.startswith("предупреждение:")]
    assert len(warnings) == 1, stderr
    assert (
        f"{with_reports}: лист «Район», ячейка B5: файл мониторинга «district_monitoring.xlsx» не найден"
        in warnings[0]
    )
    assert "справки школ не сделаны, дорожные карты и приказы сделаны" in warnings[0]


def test_a_missing_monitoring_plan_stops_only_the_reports(
    with_reports: Path, tmp_path: Path
) -> None:
    (with_reports.parent / "monitoring_plan.yaml").unlink()
    out = tmp_path / "out"
    code, _, stderr = run_cli("bulk", str(with_reports), "-o", str(out), "--only", "sosh1")
    assert code == 0, stderr
    assert len([n for n in files(out) if n.endswith(".docx")]) == 2
    assert "файл плана «monitoring_plan.yaml» не найден" in stderr
    assert "(справки школ не сделаны, остальное сделано)" in stderr
    assert "district_monitoring.xlsx: лист «Отчёт»" in stderr  # the monitoring's own cell


def test_a_school_missing_from_monitoring_gets_its_roadmap_and_order(
    with_reports: Path, tmp_path: Path
) -> None:
    monitoring = with_reports.parent / "district_monitoring.xlsx"
    book = openpyxl.load_workbook(monitoring)
    for title in ("Школы", "Значения"):
        sheet = book[title]
        for index in range(sheet.max_row, 1, -1):
            if sheet.cell(index, 1).value in ("licey2", "МАОУ «Лицей № 2»"):
                sheet.delete_rows(index)
    book.save(monitoring)
    out = tmp_path / "out"
    code, _, stderr = run_cli("bulk", str(with_reports), "-o", str(out), "--only", "sosh1,licey2")
    assert code == 0, stderr
    made = files(out)
    assert "МАОУ_Лицей_2/Дорожная_карта_2024-2025.docx" in made
    assert "МАОУ_Лицей_2/Приказ_58-од_2024-09-02.docx" in made
    assert "МАОУ_Лицей_2/Аналитическая_справка.docx" not in made
    assert "МАОУ_СОШ_1_с_Тамбовка/Аналитическая_справка.docx" in made
    assert (
        f"предупреждение: {with_reports}: лист «Школы», ячейка A3: в книге мониторинга "
        "district_monitoring.xlsx нет школы «licey2»: справка этой школы не сделана"
    ) in stderr


# --------------------------------------------------------------------- what the run says it did


def test_the_summary_names_the_files_created_and_updated(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1")
    assert code == 0, stderr
    folder = out / "МАОУ_СОШ_1_с_Тамбовка"
    assert f"создан: {folder / 'Дорожная_карта_2024-2025.docx'}" in stdout.splitlines()
    assert f"создан: {folder / 'Приказ_1-од_2024-09-02.docx'}" in stdout.splitlines()
    assert f"сводка: {out / 'Сводка.xlsx'}" in stdout.splitlines()

    book = openpyxl.load_workbook(district)
    name = book["Школы"]["B2"]
    name.value = str(name.value).replace("№ 1", "№ 1 имени А.С. Пушкина")  # both change
    book.save(district)
    code, stdout, _ = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1")
    assert code == 0
    lines = stdout.splitlines()
    assert "обновлён: 2" in lines or "обновлён: 1" in lines, stdout
    assert any(line.startswith(f"обновлён: {folder}") for line in lines), stdout
    assert not any(line.startswith(f"создан: {out}") for line in lines), stdout

    code, stdout, _ = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1")
    assert "без изменений: 2" in stdout
    assert not any(
        line.startswith((f"создан: {out}", f"обновлён: {out}")) for line in stdout.splitlines()
    )


def test_failed_schools_are_named(district: Path, tmp_path: Path) -> None:
    edit_cell(district, "Люди", "F2", "x")
    code, stdout, _ = run_cli(
        "bulk", str(district), "-o", str(tmp_path / "out"), "--only", "sosh1,licey2"
    )
    assert code == 1
    assert "школы с ошибками: sosh1" in stdout.splitlines()


def test_a_warning_is_said_once(tmp_path: Path) -> None:
    example = EXAMPLES / "order_953.yaml"
    code, _, once = run_cli("render", str(example), "-o", str(tmp_path / "a"))
    assert code == 0 and "предупреждение:" in once
    code, _, twice = run_cli("render", str(example), str(example), "-o", str(tmp_path / "b"))
    assert code == 0
    assert twice.count("предупреждение:") == once.count("предупреждение:")


def test_an_unfilled_role_is_warned_at_the_people_sheet(district: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(district)
    people = book["Люди"]
    assert people["A4"].value == "sosh1" and people["B4"].value == "педагоги-психологи"
    people.delete_rows(4)
    book.save(district)
    code, _, stderr = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "sosh1")
    assert code == 0, stderr
    warnings = [line for line in stderr.splitlines() if line.startswith("предупреждение:")]
    assert warnings == [
        f"предупреждение: {district}: лист «Люди»: у школы sosh1 нет людей с ролями "
        "«педагоги-психологи»: в дорожной карте они остались словами; чтобы вписать людей, "
        "добавьте их строки с этими ролями (столбец «роль»)"
    ]
    assert "school.roles" not in stderr and "plan.body" not in stderr


def test_progress_lines_without_a_terminal(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli._Progress, "interval", 0.0)  # a line at every step
    code, _, stderr = run_cli(
        "bulk", str(district), "-o", str(tmp_path / "out"), "--only", "sosh1,licey2"
    )
    assert code == 0
    progress = [line for line in stderr.splitlines() if line.startswith("документы:")]
    assert progress == [
        "документы: 1 из 4 (25 %)",
        "документы: 2 из 4 (50 %)",
        "документы: 3 из 4 (75 %)",
    ]


def test_no_progress_lines_within_the_interval(district: Path, tmp_path: Path) -> None:
    code, _, stderr = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "sosh1")
    assert code == 0
    assert "документы:" not in stderr  # a short run within five seconds: no line


# ------------------------------------------------------------------------------------ --open


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """What --open started, instead of starting it."""
    calls: list[list[str]] = []

    def popen(args: list[str], **kwargs: object) -> None:
        calls.append(list(args))

    monkeypatch.setattr("subprocess.Popen", popen)
    monkeypatch.setattr("sys.platform", "linux")
    return calls


def test_open_renders_then_opens_with_the_system_viewer(
    tmp_path: Path, opened: list[list[str]]
) -> None:
    code, stdout, stderr = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "-o", str(tmp_path), "--open"
    )
    assert code == 0, stderr
    assert opened == [["xdg-open", stdout.strip()]]


def test_open_several_documents_opens_their_folder(tmp_path: Path, opened: list[list[str]]) -> None:
    examples = [str(EXAMPLES / "order_953.yaml"), str(EXAMPLES / "rasporyazhenie_408.yaml")]
    code, stdout, stderr = run_cli("render", *examples, "-o", str(tmp_path / "out"), "--open")
    assert code == 0, stderr
    assert len(stdout.splitlines()) == 2
    assert opened == [["xdg-open", str(tmp_path / "out")]]


def test_open_bulk_opens_the_folder(
    district: Path, tmp_path: Path, opened: list[list[str]]
) -> None:
    out = tmp_path / "out"
    code, _, stderr = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1", "--open")
    assert code == 0, stderr
    assert opened == [["xdg-open", str(out)]]


def test_open_on_windows_and_macos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setattr("os.startfile", started.append, raising=False)
    cli.open_with_system(tmp_path / "a.docx")
    assert started == [str(tmp_path / "a.docx")] or started == [tmp_path / "a.docx"]
    calls: list[list[str]] = []
    monkeypatch.setattr("sys.platform", "darwin")
    monkeypatch.setattr("subprocess.Popen", lambda args, **kw: calls.append(list(args)))
    cli.open_with_system(tmp_path / "a.docx")
    assert calls == [["open", str(tmp_path / "a.docx")]]


def test_open_without_a_viewer_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(args: list[str], **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr("subprocess.Popen", missing)
    monkeypatch.setattr("sys.platform", "linux")
    code, stdout, stderr = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "-o", str(tmp_path), "--open"
    )
    assert code == 0
    assert Path(stdout.strip()).is_file()
    assert "не удалось открыть" in stderr and "откройте файл сами" in stderr
