"""The registration journal with a real SQLite file: numbers in turn, kept, voided, exported,
and never the same number twice, even with two processes numbering at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from docgen.errors import DataError
from docgen.journal import Journal
from docgen.options import Options
from docgen.rendering import render
from tests.conftest import run_cli
from tests.docx_text import text
from tests.journal.orders import order, write


def test_auto_takes_numbers_in_turn_by_the_pattern(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", order(numbering={"приказ": "{n}-од"}))
    second = write(
        tmp_path / "b.yaml", order(title="Об итогах олимпиады", numbering={"приказ": "{n}-од"})
    )
    options = Options(output_dir=tmp_path / "out", lint=False)
    one = render(first, options).docx
    two = render(second, options).docx
    assert one.name == "Приказ_1-од_2024-03-15.docx"
    assert two.name == "Приказ_2-од_2024-03-15.docx"
    assert "№ 2-од" in text(two)
    entries = Journal(tmp_path / "журнал.sqlite").entries()
    assert [(e.number, e.kind, e.year, e.title) for e in entries] == [
        ("1-од", "приказ", 2024, "О проведении педагогического совета"),
        ("2-од", "приказ", 2024, "Об итогах олимпиады"),
    ]
    assert entries[0].signer == "Директор М.П. Иванова"
    assert entries[0].executor.startswith("Петров И.С.")
    assert entries[0].source == "a.yaml"
    import hashlib

    assert entries[1].digest == hashlib.sha256(two.read_bytes()).hexdigest()


def test_a_rerender_keeps_its_number_even_with_changed_data(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", order())
    options = Options(output_dir=tmp_path / "out", lint=False)
    render(path, options)
    render(write(tmp_path / "b.yaml", order(title="Другой")), options)
    write(path, order(title="О проведении педагогического совета (новая редакция)"))
    again = render(path, options).docx
    assert again.name == "Приказ_1_2024-03-15.docx"
    entries = Journal(tmp_path / "журнал.sqlite").entries()
    assert [(e.number, e.title) for e in entries] == [
        ("1", "О проведении педагогического совета (новая редакция)"),
        ("2", "Другой"),
    ]


@pytest.mark.parametrize(
    ("kind", "organization", "day", "expected"),
    [
        ("распоряжение", "МОУ СОШ № 7", "2024-04-01", "1-р"),  # its own sequence per kind
        ("приказ", "МОУ Гимназия № 2", "2024-04-01", "1-од"),  # per organization
        ("приказ", "МОУ СОШ № 7", "2025-01-10", "1-од"),  # per year
        ("приказ", "МОУ СОШ № 7", "2024-04-01", "2-од"),
    ],
)
def test_numbers_run_per_organization_kind_and_year(
    tmp_path: Path, kind: str, organization: str, day: str, expected: str
) -> None:
    numbering = {"приказ": "{n}-од", "распоряжение": "{n}-р"}
    options = Options(output_dir=tmp_path / "out", lint=False)
    render(write(tmp_path / "first.yaml", order(numbering=numbering)), options)
    path = write(
        tmp_path / "second.yaml",
        order(numbering=numbering, kind=kind, organization=organization, day=day),
    )
    render(path, options)
    numbers = {e.source: e.number for e in Journal(tmp_path / "журнал.sqlite").entries()}
    assert numbers == {"first.yaml": "1-од", "second.yaml": expected}


def test_a_pattern_with_year_and_a_fixed_part(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", order(numbering={"приказ": "{n}/1-ср"}))
    assert render(path, Options(output_dir=tmp_path, lint=False)).docx.name == (
        "Приказ_1-1-ср_2024-03-15.docx"
    )
    assert "№ 1/1-ср" in text(tmp_path / "Приказ_1-1-ср_2024-03-15.docx")


def test_a_bad_pattern_is_named_at_its_key(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", order(numbering={"приказ": "од-{N}"}))
    with pytest.raises(DataError) as error:
        render(path, Options(output_dir=tmp_path / "out", lint=False))
    assert "organization.numbering" in str(error.value)
    assert "{n}" in str(error.value)
    assert not (tmp_path / "out").exists()


def test_a_failed_render_takes_no_number(tmp_path: Path) -> None:
    bad = order(points=["Поручить {{ people.nobody | дт }} провести совет."])
    with pytest.raises(DataError):
        render(write(tmp_path / "bad.yaml", bad), Options(output_dir=tmp_path / "o", lint=False))
    render(write(tmp_path / "good.yaml", order()), Options(output_dir=tmp_path / "o", lint=False))
    entries = Journal(tmp_path / "журнал.sqlite").entries()
    assert [(e.number, e.source) for e in entries] == [("1", "good.yaml")]


def test_a_voided_number_stays_marked_and_is_never_given_again(tmp_path: Path) -> None:
    options = Options(output_dir=tmp_path / "out", lint=False)
    first = write(tmp_path / "a.yaml", order())
    second = write(tmp_path / "b.yaml", order(title="Второй"))
    render(first, options)
    render(second, options)
    journal = tmp_path / "журнал.sqlite"
    code, out, err = run_cli(
        "journal", "void", "2", "--journal", str(journal), "--reason", "ошибка"
    )
    assert code == 0, err
    assert "аннулирован" in out
    assert render(second, options).docx.name == "Приказ_3_2024-03-15.docx"
    assert render(write(tmp_path / "c.yaml", order(title="Третий")), options).docx.name == (
        "Приказ_4_2024-03-15.docx"
    )
    rows = [(e.number, e.voided, e.source) for e in Journal(journal).entries()]
    assert rows == [
        ("1", None, "a.yaml"),
        ("2", "ошибка", None),
        ("3", None, "b.yaml"),
        ("4", None, "c.yaml"),
    ]
    code, _, err = run_cli("journal", "void", "2", "--journal", str(journal))
    assert code == 1
    assert "уже аннулирован" in err


def test_list_export_and_mark_through_the_cli(tmp_path: Path) -> None:
    options = Options(output_dir=tmp_path / "out", lint=False)
    render(write(tmp_path / "a.yaml", order(numbering={"приказ": "{n}-од"})), options)
    render(
        write(tmp_path / "b.yaml", order(title="Об итогах", numbering={"приказ": "{n}-од"})),
        options,
    )
    journal = str(tmp_path / "журнал.sqlite")
    assert run_cli("journal", "void", "2-од", "--journal", journal)[0] == 0
    code, out, err = run_cli(
        "journal", "mark", "1-од", "исполнено 25.03.2024", "--journal", journal
    )
    assert code == 0, err
    code, out, err = run_cli("journal", "list", "--journal", journal)
    assert code == 0, err
    assert out.splitlines() == [
        "№ 1-од от 15.03.2024 приказ «О проведении педагогического совета»; подписал: "
        "Директор М.П. Иванова; исполнитель: Петров И.С., 8 (4725) 22-55-48; "
        "исполнение: исполнено 25.03.2024",
        "№ 2-од от 15.03.2024 приказ «Об итогах»; подписал: Директор М.П. Иванова; "
        "исполнитель: Петров И.С., 8 (4725) 22-55-48 [аннулирован]",
    ]
    target = tmp_path / "Журнал.xlsx"
    code, out, err = run_cli("journal", "export", str(target), "--journal", journal)
    assert code == 0, err
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Журнал регистрации приказов"
    assert rows[1][0] == "МОУ СОШ № 7"
    assert rows[2] == (
        "№ п/п", "Номер", "Дата", "Вид документа", "Заголовок", "Кем подписан", "Исполнитель",
        "Отметка об исполнении", "Примечание",
    )  # fmt: skip
    assert [r[:5] for r in rows[3:]] == [
        (1, "1-од", rows[3][2], "приказ", "О проведении педагогического совета"),
        (2, "2-од", rows[4][2], "приказ", "Об итогах"),
    ]
    assert rows[3][2].date().isoformat() == "2024-03-15"
    assert rows[3][7] == "исполнено 25.03.2024"
    assert rows[4][8] == "аннулирован"
    again = tmp_path / "again.xlsx"
    run_cli("journal", "export", str(again), "--journal", journal)
    assert again.read_bytes() == target.read_bytes()


def test_a_file_that_is_not_a_journal_is_named(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    path = write(tmp_path / "a.yaml", order())
    code, _, err = run_cli("render", str(path), "-o", str(tmp_path / "o"), "--journal", str(other))
    assert code == 1
    assert str(other) in err and "не журнал регистрации" in err
    (tmp_path / "text.sqlite").write_text("не база", "utf-8")
    code, _, err = run_cli("journal", "list", "--journal", str(tmp_path / "text.sqlite"))
    assert code == 1 and "не является журналом" in err
    code, _, err = run_cli("journal", "list", "--journal", str(tmp_path / "none.sqlite"))
    assert code == 1 and "не найден" in err


def test_check_shows_the_number_without_taking_it(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", order(numbering={"приказ": "{n}-од"}))
    code, _, err = run_cli("check", str(path))
    assert code == 0, err
    assert not (tmp_path / "журнал.sqlite").exists()
    render(path, Options(output_dir=tmp_path / "o", lint=False))
    assert run_cli("check", str(path))[0] == 0
    assert [e.number for e in Journal(tmp_path / "журнал.sqlite").entries()] == ["1-од"]


def _render_many(folder: str, names: list[str]) -> None:
    for name in names:
        render(Path(folder) / name, Options(output_dir=Path(folder) / "out", lint=False))


def test_two_processes_numbering_at_once_never_repeat_a_number(tmp_path: Path) -> None:
    names = [f"order_{i:02d}.yaml" for i in range(12)]
    for name in names:
        write(tmp_path / name, order(title=f"Приказ {name}", numbering={"приказ": "{n}-од"}))
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_render_many, args=(str(tmp_path), names[0::2])),
        context.Process(target=_render_many, args=(str(tmp_path), names[1::2])),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    entries = Journal(tmp_path / "журнал.sqlite").entries()
    assert sorted(e.seq for e in entries) == list(range(1, 13))
    assert sorted(e.source or "" for e in entries) == names
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"Приказ_{n}-од_2024-03-15.docx" for n in range(1, 13))


def test_a_busy_journal_is_waited_for_then_named(tmp_path: Path) -> None:
    from datetime import date

    from docgen.journal import Registration

    path = write(tmp_path / "a.yaml", order())
    render(path, Options(output_dir=tmp_path / "out", lint=False))
    journal_file = tmp_path / "журнал.sqlite"
    holder = sqlite3.connect(journal_file, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another run rendering its order
        # reading does not wait for it
        assert [e.number for e in Journal(journal_file, wait=0.2).entries()] == ["1"]
        registration = Registration("МОУ СОШ № 7", "приказ", date(2024, 3, 15), "b.yaml")
        with (
            pytest.raises(DataError) as error,
            Journal(journal_file, wait=0.2).registering(registration) as ticket,
        ):
            ticket.done("")
        assert "занят другим запуском" in str(error.value)
        assert str(journal_file) in str(error.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
