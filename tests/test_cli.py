"""The CLI through click's CliRunner: output, exit codes, messages without tracebacks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

NBSP = "\u00a0"


run = run_cli


def test_inflect_one_phrase() -> None:
    code, out, _ = run("inflect", "Ушакова И.Г.", "--case", "дт")
    assert code == 0
    assert out == f"Ушаковой{NBSP}И.Г.\n"


def test_inflect_all_cases_labels_each_line() -> None:
    code, out, _ = run("inflect", "педагог-психолог", "--all", "--kind", "position")
    assert code == 0
    assert out.splitlines() == [
        "им: педагог-психолог",
        "рд: педагога-психолога",
        "дт: педагогу-психологу",
        "вн: педагога-психолога",
        "тв: педагогом-психологом",
        "пр: педагоге-психологе",
    ]


def test_inflect_full_name_with_any_surname_is_a_person() -> None:
    code, out, _ = run("inflect", "Двирник Анна Николаевна", "--case", "рд")
    assert code == 0
    assert out == "Двирник Анны Николаевны\n"


def test_inflect_glued_initials() -> None:
    code, out, _ = run("inflect", "С.А.Нестерова", "--case", "дт")
    assert code == 0
    assert out == f"С.А.{NBSP}Нестеровой\n"


def test_inflect_all_says_the_guessed_kind() -> None:
    code, out, _ = run("inflect", "г. Тверь", "--all")
    assert code == 0
    assert out.splitlines()[:3] == [
        "вид: место (place), угадано; если не так, укажите --kind",
        "им: г. Тверь",
        "рд: г. Твери",
    ]


def test_inflect_explain_says_the_guessed_kind_on_stderr() -> None:
    code, out, err = run(
        "inflect", "-", "--case", "рд", "--explain", input="Лях Нина Фёдоровна\nтьютор\n"
    )
    assert code == 0
    assert out.splitlines() == ["Лях Нины Фёдоровны", "тьютора"]
    assert "«Лях Нина Фёдоровна»: лицо (person)" in err
    assert "«тьютор»: должность (position)" in err


def test_inflect_refuses_a_phrase_without_head_and_asks_for_kind() -> None:
    code, out, err = run("inflect", "по плану", "--case", "рд")
    assert code == 1
    assert out == ""
    assert "«по плану»" in err and "kind" in err


def test_inflect_reads_stdin_with_kind_and_gender_columns() -> None:
    lines = "Двирник А.Н.\tperson\tm\nСтарооскольский городской округ\tplace\n"
    code, out, _ = run("inflect", "-", "--case", "пр", input=lines)
    assert code == 0
    assert out.splitlines() == [f"Двирнике{NBSP}А.Н.", "Старооскольском городском округе"]


def test_file_errors_name_the_line_and_keep_going(tmp_path: Path) -> None:
    phrases = tmp_path / "phrases.txt"
    phrases.write_text("# comment\nдиректор школы\nДвирник А.Н.\nшкола\n", encoding="utf-8")
    code, out, err = run("inflect", "--file", str(phrases), "--case", "рд")
    assert code == 1
    assert out.splitlines() == ["директора школы", "", "школы"]
    assert f"{phrases}: строка 3: не указан пол для «Двирник А.Н.»" in err
    assert "Traceback" not in err


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out" / "forms.tsv"
    code, out, _ = run("inflect", "школа", "--case", "вн", "--kind", "org", "-o", str(target))
    assert code == 0
    assert out.strip() == str(target)
    assert target.read_text(encoding="utf-8") == "школу\n"
    assert [p.name for p in target.parent.iterdir()] == ["forms.tsv"]


def test_unknown_gender_is_one_line_and_exit_1() -> None:
    code, out, err = run("inflect", "Двирник А.Н.", "--case", "рд")
    assert code == 1
    assert out == ""
    assert err.startswith("ошибка: не указан пол для «Двирник А.Н.»")
    assert len(err.strip().splitlines()) == 1


def test_bad_case_name_is_reported() -> None:
    code, _, err = run("inflect", "директор", "--case", "звательный")
    assert code == 1
    assert "неизвестный падеж «звательный»" in err


def test_usage_errors_exit_2() -> None:
    assert run("inflect", "директор")[0] == 2  # no --case and no --all
    assert run("inflect", "--case", "рд")[0] == 2  # neither TEXT nor --file
    assert run("inflect", "--nonsense")[0] == 2


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("inflect", "--file", str(tmp_path / "nope.txt"), "--case", "рд")
    assert code == 1
    assert str(tmp_path / "nope.txt") in err


def test_exceptions_file_overrides(tmp_path: Path) -> None:
    exceptions = tmp_path / "local.yaml"
    exceptions.write_text("Кравец:\n  рд: Кравеца\n", encoding="utf-8")
    code, out, _ = run(
        "inflect",
        "Кравец",
        "--case",
        "рд",
        "--kind",
        "surname",
        "--gender",
        "m",
        "--exceptions",
        str(exceptions),
    )
    assert code == 0
    assert out == "Кравеца\n"


def test_version_and_module_entry_point() -> None:
    import subprocess
    import sys

    code, out, _ = run("--version")
    assert code == 0 and "docgen" in out
    proc = subprocess.run(
        [sys.executable, "-m", "docgen", "inflect", "школа", "-c", "рд"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout == "школы\n"


def test_a_command_collects_garbage_rarely() -> None:
    """A command keeps nearly all it makes; the collector's default threshold (700 objects)
    made it run hundreds of times in a district run for little to free (issue 17)."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        code, _, _ = run("inflect", "Ушакова И.Г.", "--case", "дт")
        assert code == 0
        assert gc.get_threshold() == (10_000, 20, 20)
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["inflect", "Ушакова И.Г.", "--case", "дт"], 0, f"Ушаковой{NBSP}И.Г."),
        (["render", "нет-такого.yaml"], 1, "ошибка: нет-такого.yaml: файл не найден"),
        (["bulk"], 2, "Не указан аргумент 'КНИГА'"),
        (["--version"], 0, "docgen, версия"),
    ],
)
def test_the_program_ends_with_the_commands_code_and_says_all(
    tmp_path: Path, args: list[str], code: int, said: str
) -> None:
    """``python -m docgen`` (and the ``docgen`` program) end the process at once after the
    command (docgen.cli.run): the exit code is the command's, and everything it printed is
    out, on the stream it went to."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert done.returncode == code, done.stderr
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_output_read_by_a_program_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """``docgen inflect … --all | head -1``: the reader goes away before docgen has written
    everything; docgen stops quietly, as command-line programs do, not with «внутренняя
    ошибка»."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "docgen", "inflect", "педагог-психолог", "--all"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before docgen writes a line
    errors = process.stderr.read().decode()
    assert process.wait() == 141, errors
    assert errors == ""
