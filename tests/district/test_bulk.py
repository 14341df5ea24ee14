"""A whole district in one run: every school's documents, reruns that redo only what changed."""

from __future__ import annotations

import os
import signal
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.district import bulk
from docgen.district.bulk import Status, run_district
from docgen.district.manifest import NAME
from docgen.grammar.typography import keep_last_words, typeset
from docgen.options import BulkOptions, Options
from tests.conftest import edit_cell
from tests.docx_text import lines, tables, typeset_all

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
SCHOOLS = 14
DOCUMENTS = 27  # every school a roadmap and an order, but Придорожненская ООШ only its roadmap


edit = edit_cell


def options(out: Path, **kwargs: Any) -> BulkOptions:
    return BulkOptions(
        output_dir=out, jobs=kwargs.pop("jobs", 2), render=Options(output_dir=out), **kwargs
    )


def outputs(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*.docx"))
    }


def test_the_cli_makes_every_schools_documents(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["bulk", str(district), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"создан: {DOCUMENTS}" in result.output and "с ошибками (школ): 0" in result.output
    # the example district is coherent: its plan, schools and orders pass the lint
    assert "предупреждение" not in result.stderr, result.stderr
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == SCHOOLS
    assert "МАОУ_Лицей_2" in folders and "МБОУ_СОШ_5_с_Садовое" in folders
    assert sorted(p.name for p in (out / "МАОУ_Лицей_2").iterdir()) == [
        "Дорожная_карта_2024-2025.docx",
        "Приказ_58-од_2024-09-02.docx",
    ]
    assert [p.name for p in (out / "МБОУ_Придорожненская_ООШ").iterdir()] == [
        "Дорожная_карта_2024-2025.docx"
    ]  # the workbook says: no order for this school
    assert (out / "Сводка.xlsx").exists() and (out / NAME).exists()


def test_each_school_gets_its_own_people_and_changes(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_district(district, options(out))
    order = lines(out / "МАОУ_Лицей_2" / "Приказ_58-од_2024-09-02.docx")
    assert (
        keep_last_words(  # a centred line that may wrap keeps its last two words together
            typeset(
                "МУНИЦИПАЛЬНОЕ АВТОНОМНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ «ЛИЦЕЙ № 2 С. ТАМБОВКА»"
            )
        )
        in order
    )
    assert (
        typeset_all(
            "2. Возложить ответственность за реализацию плана мероприятий на заместителя "
            "директора по воспитательной работе Морозову\u00a0Л.П."
        )
        in order
    )
    assert typeset_all("приказом МАОУ «Лицей № 2»") in order and "Директор" in order
    roadmap = tables(out / "МАОУ_Лицей_2" / "Дорожная_карта_2024-2025.docx")[0]
    rows = {row[0]: row for row in roadmap if row[0]}
    assert rows["1.1."][3] == typeset_all("до 15.09.2024")  # the school's own deadline
    assert rows["2.3."][1] == typeset_all("Профильные смены в лагере «Амурский лицеист»")
    assert rows["1.2."][4] == (
        typeset_all(
            "Шевчук\u00a0И.П., классные руководители 6–11 классов, Черных\u00a0Д.И., Соколова\u00a0Н.И."
        )
    )
    small = tables(out / "МБОУ_Лазаревская_ООШ" / "Дорожная_карта_2024-2025.docx")[0]
    titles = " ".join(row[1] for row in small if len(row) > 1)
    assert "ЕГЭ" not in titles  # no 11th grade: 3.1 and section 4 dropped
    assert not any(row[0].startswith("10.") for row in small)  # sections renumbered


def test_a_rerun_without_changes_touches_nothing(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_district(district, options(out))
    assert first.count(Status.CREATED) == DOCUMENTS
    before = outputs(out)
    summary = (out / "Сводка.xlsx").stat().st_mtime_ns
    second = run_district(district, options(out))
    assert second.count(Status.UNCHANGED) == DOCUMENTS and second.count(Status.CREATED) == 0
    assert outputs(out) == before  # same bytes, same modification times
    assert (out / "Сводка.xlsx").stat().st_mtime_ns == summary


def test_a_rerun_renders_nothing_at_all(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_district(district, options(out))
    run_district(district, options(out))

    def no_rendering(*args: Any) -> None:
        raise AssertionError("an unchanged document was rendered again")

    monkeypatch.setattr(bulk, "_render_school", no_rendering)
    third = run_district(district, options(out, jobs=1))
    assert third.count(Status.UNCHANGED) == DOCUMENTS


def test_a_correction_redoes_that_school_only(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_district(district, options(out))
    before = outputs(out)
    book = openpyxl.load_workbook(district)
    people = book["Люди"]
    row = next(
        r
        for r in people.iter_rows(min_row=2)
        if r[0].value == "gimn" and r[1].value == "исполнитель"
    )
    row[7].value = "8 (41638) 2-99-99"  # the executor's phone: the order's mark changes
    book.save(district)
    result = run_district(district, options(out))
    changed = {o.path for o in result.outcomes if o.status is Status.UPDATED}
    assert changed == {"МБОУ_Гимназия/Приказ_3-од_2024-09-02.docx"}
    after = outputs(out)
    assert {k for k in after if after[k] != before[k]} == changed
    assert "8\u00a0(41638)\u00a02-99-99" in " ".join(lines(out / next(iter(changed))))
    forced = run_district(district, options(out, force=True))
    assert forced.count(Status.UNCHANGED) == DOCUMENTS  # redone, same bytes: not rewritten


def test_one_schools_bad_data_fails_that_school_only(district: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(district)
    people = book["Люди"]
    row = next(r for r in people.iter_rows(min_row=2) if r[0].value == "kosica")
    row[5].value = "средний"  # a gender the grammar does not know
    cell = row[5].coordinate
    changes = book["Изменения"]
    changes.append(["nikol", "срок", "9.9", "до 01.10.2024"])
    book.save(district)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["bulk", str(district), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert f"лист «Люди», ячейка {cell}" in result.output
    assert "«9.9»" in result.output and "лист «Изменения», ячейка" in result.output
    assert "Traceback" not in result.output
    assert "с ошибками (школ): 2" in result.output
    assert not (out / "МБОУ_Косицинская_СОШ").exists()
    assert len(list(out.rglob("*.docx"))) == DOCUMENTS - 4


def test_only_some_schools(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["bulk", str(district), "-o", str(out), "--only", "licey2,МБОУ «Гимназия»"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["МАОУ_Лицей_2", "МБОУ_Гимназия"]
    bad = CliRunner().invoke(main, ["bulk", str(district), "-o", str(out), "--only", "lycee"])
    assert bad.exit_code == 1 and "нет таких школ: lycee" in bad.output


def test_an_interrupted_run_leaves_whole_files_and_the_next_finishes(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = bulk._write
    calls = {"n": 0}

    def interrupted(target: Path, content: bytes) -> Status:
        calls["n"] += 1
        if calls["n"] == 8:
            (target.parent / f".{target.name}.abc.tmp").write_bytes(content[:100])
            raise KeyboardInterrupt  # Ctrl+C in the middle of writing the 8th document
        return real(target, content)

    monkeypatch.setattr(bulk, "_write", interrupted)
    first = run_district(district, options(out, jobs=1))
    assert first.interrupted
    made = list(out.rglob("*.docx"))
    assert len(made) == 7
    for path in made:  # each complete: a valid DOCX
        assert zipfile.ZipFile(path).testzip() is None
    monkeypatch.setattr(bulk, "_write", real)
    second = run_district(district, options(out, jobs=1))
    assert second.count(Status.UNCHANGED) == 7
    assert second.count(Status.CREATED) == DOCUMENTS - 7
    assert not list(out.rglob("*.tmp"))


def _planted(folder: Path) -> Path:
    """A temporary file as a write cut short by a kill leaves it (see atomic_write_bytes)."""
    leftover = folder / ".Приказ_1-од.docx.x1y2z3.tmp"
    leftover.write_bytes(b"PK\x03\x04 cut short")
    return leftover


@pytest.mark.parametrize(
    ("unfinished", "removed"),
    [
        (True, True),  # the mark of a run that did not end: every school's folder is looked at
        (False, False),  # the last run ended whole: nothing of ours can be left in them
    ],
)
def test_a_rerun_looks_for_leftovers_in_the_schools_folders_after_a_run_that_did_not_end(
    district: Path, tmp_path: Path, unfinished: bool, removed: bool
) -> None:
    out = tmp_path / "out"
    run_district(district, options(out, jobs=1))
    assert not (out / bulk.RUNNING).exists()  # the run ended whole: its mark is gone
    if unfinished:
        (out / bulk.RUNNING).touch()  # as a killed run leaves it
    deep = _planted(out / "МАОУ_Лицей_2")
    top = _planted(out)  # the folder's own files (summary, manifest) are looked at each time
    again = run_district(district, options(out, jobs=1))
    assert again.count(Status.UNCHANGED) == DOCUMENTS
    assert deep.exists() is not removed and not top.exists()
    assert not (out / bulk.RUNNING).exists()


def test_a_rerun_after_docgen_changed_looks_through_every_folder(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outputs of an older docgen: it may have been killed without leaving the mark."""
    out = tmp_path / "out"
    run_district(district, options(out, jobs=1))
    deep = _planted(out / "МАОУ_Лицей_2")
    monkeypatch.setattr("docgen.fingerprint.build", lambda: "9.9.9+another")
    run_district(district, options(out, jobs=1))
    assert not deep.exists()


def test_the_mark_stays_when_the_run_did_not_end_whole(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = bulk._write

    def interrupted(target: Path, content: bytes) -> bulk.Status:
        if target.suffix == ".docx":
            raise KeyboardInterrupt  # Ctrl+C at the first document
        return real(target, content)

    monkeypatch.setattr(bulk, "_write", interrupted)
    assert run_district(district, options(out, jobs=1)).interrupted
    assert (out / bulk.RUNNING).exists()
    monkeypatch.setattr(bulk, "_write", real)
    assert run_district(district, options(out, jobs=1)).count(Status.CREATED) == DOCUMENTS
    assert not (out / bulk.RUNNING).exists()


def test_outputs_of_a_school_that_left_are_stale_and_pruned(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_district(district, options(out))
    book = openpyxl.load_workbook(district)
    schools = book["Школы"]
    row = next(r for r in schools.iter_rows(min_row=2) if r[0].value == "pridor")
    schools.delete_rows(row[0].row)
    for sheet in ("Люди", "Документы"):
        rows = [r[0].row for r in book[sheet].iter_rows(min_row=2) if r[0].value == "pridor"]
        for number in reversed(rows):
            book[sheet].delete_rows(number)
    book.save(district)
    runner = CliRunner()
    result = runner.invoke(main, ["bulk", str(district), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "больше не нужен (удалит --prune)" in result.output
    assert (out / "МБОУ_Придорожненская_ООШ" / "Дорожная_карта_2024-2025.docx").exists()
    pruned = runner.invoke(main, ["bulk", str(district), "-o", str(out), "--prune"])
    assert "удалён:" in pruned.output
    assert not (out / "МБОУ_Придорожненская_ООШ").exists()


def test_the_zip_bundle_holds_every_output_and_is_stable(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["bulk", str(district), "-o", str(out), "--zip"])
    assert first.exit_code == 0, first.output
    bundle = out / "district.zip"
    names = zipfile.ZipFile(bundle).namelist()
    assert len([n for n in names if n.endswith(".docx")]) == DOCUMENTS
    assert "Сводка.xlsx" in names and NAME not in names
    content = bundle.read_bytes()
    CliRunner().invoke(main, ["bulk", str(district), "-o", str(out), "--zip"])
    assert bundle.read_bytes() == content


def test_new_workbook_has_the_layout_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    runner = CliRunner()
    result = runner.invoke(
        main, ["new-workbook", str(path), "--plan", str(EXAMPLES / "municipal_plan_tambov.yaml")]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Район", "Школы", "Люди", "Документы", "Изменения", "Пункты приказа"]
    assert [c.value for c in book["Люди"][1]] == [
        "школа",
        "роль",
        "фамилия",
        "имя",
        "отчество",
        "пол",
        "должность",
        "телефон",
    ]
    rules = {str(v.sqref): v.formula1 for v in book["Люди"].data_validations.dataValidation}
    assert rules["F2:F5000"] == '"м,ж"'
    assert "Руководители ОО" in rules["B2:B5000"] and "директор" in rules["B2:B5000"]
    assert book["Школы"]["A1"].comment is not None
    again = runner.invoke(main, ["new-workbook", str(path)])
    assert again.exit_code == 1 and "--force" in again.output
    empty = runner.invoke(main, ["bulk", str(path), "-o", str(tmp_path / "out")])
    assert empty.exit_code == 1
    assert "не заполнено поле «название органа»" in empty.output
    assert "лист «Район»" in empty.output and "Traceback" not in empty.output


def test_schools_reports_come_from_the_districts_monitoring(
    with_reports: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["bulk", str(with_reports), "-o", str(out), "--only", "licey2,gimn", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    report = out / "МАОУ_Лицей_2" / "Аналитическая_справка.docx"
    text = " ".join(lines(report))
    assert (
        typeset_all("АНАЛИТИЧЕСКАЯ СПРАВКА") in text and typeset_all("(МАОУ «Лицей № 2»)") in text
    )
    assert typeset_all("в МАОУ «Лицей № 2» значение") in text
    assert (out / "МБОУ_Гимназия" / "Аналитическая_справка.docx").exists()
    book = openpyxl.load_workbook(with_reports)
    book["Документы"].append(["gimn", None, None, "нет"])
    book.save(with_reports)
    again = run_district(with_reports, options(out, jobs=1), only=["licey2", "gimn"])
    assert again.stale == ["МБОУ_Гимназия/Аналитическая_справка.docx"]


def test_a_changed_plan_is_seen_even_when_the_workbook_is_not(
    district: Path, tmp_path: Path
) -> None:
    """The rerun shortcut (nothing read has changed) must notice the files beside the workbook."""
    book = openpyxl.load_workbook(district)
    for row in book["Район"].iter_rows(min_row=2):
        if row[0].value == "план":
            row[1].value = "municipal_plan_tambov.yaml"  # the plan in a file, not on sheets
    for name in ("План", "Столбцы", "Мероприятия", "Показатели", "Текст", "Источники", "Сноски"):
        del book[name]
    book.save(district)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["bulk", str(district), "-o", str(out)]).exit_code == 0
    quiet = runner.invoke(main, ["bulk", str(district), "-o", str(out)])
    assert f"без изменений: {DOCUMENTS}" in quiet.output
    plan = district.parent / "municipal_plan_tambov.yaml"
    plan.write_text(plan.read_text("utf-8").replace("до 01.06.2022", "до 01.06.2025"), "utf-8")
    changed = runner.invoke(main, ["bulk", str(district), "-o", str(out)])
    assert changed.exit_code == 0, changed.output
    # 1.1 has that deadline in every school but Лицей № 2, which set its own
    assert f"обновлён: {DOCUMENTS - 2}" in changed.output
    (out / "МБОУ_Гимназия" / "Приказ_3-од_2024-09-02.docx").unlink()
    again = runner.invoke(main, ["bulk", str(district), "-o", str(out)])
    assert "создан: 1" in again.output


def test_a_killed_run_leaves_whole_files_and_the_next_finishes(
    district: Path, tmp_path: Path
) -> None:
    """kill -9 in the middle: whatever was written is whole, and a rerun completes the rest."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "docgen", "bulk", str(district), "-o", str(out), "-j", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.docx")):
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before the kill"
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL  # killed, not finished
    written = {path: path.stat().st_mtime_ns for path in out.rglob("*.docx")}
    # the kill landed mid-run: some documents written, the others not yet
    assert 0 < len(written) < DOCUMENTS, len(written)
    assert not (out / "Сводка.xlsx").exists()  # the summary comes last
    for path in written:
        assert zipfile.ZipFile(path).testzip() is None  # every file there is whole
    result = CliRunner().invoke(main, ["bulk", str(district), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len(list(out.rglob("*.docx"))) == DOCUMENTS
    assert not list(out.rglob("*.tmp"))
    # the rerun made the rest and kept what the killed run had written whole
    assert f"создан: {DOCUMENTS - len(written)}\n" in result.output
    assert f"без изменений: {len(written)}\n" in result.output
    assert {path: path.stat().st_mtime_ns for path in written} == written


def test_the_plan_on_the_workbooks_own_sheets_is_checked_with_its_cells(
    district: Path, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(district)
    assert "Мероприятия" in book.sheetnames  # the example keeps its municipal plan inside
    book["Мероприятия"]["C3"] = None  # activity 1.1 loses its name
    book.save(district)
    result = CliRunner().invoke(main, ["bulk", str(district), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "лист «Мероприятия», ячейка C3" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_misspelt_schools_sheet_is_one_clear_message(district: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(district)
    book["Школы"].title = "Шкoлы"  # a Latin "o"
    book.save(district)
    result = CliRunner().invoke(main, ["bulk", str(district), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("ошибка:")]
    assert len(errors) == 2, errors  # no sheet «Школы»; unknown sheet «Шкoлы», with a hint
    assert "похоже на «Школы»" in result.output
    assert not (tmp_path / "out").exists()


def test_outcomes_come_in_the_order_of_the_schools_whatever_the_workers(
    district: Path, tmp_path: Path
) -> None:
    # two workers finish the schools in an order of their own; what is printed after the run
    # (warnings, errors, files) follows the workbook's order, the same from run to run
    sheet = openpyxl.load_workbook(district, read_only=True)["Школы"]
    keys = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    result = run_district(district, options(tmp_path / "out", jobs=2))
    schools = list(dict.fromkeys(o.school for o in result.outcomes))
    assert schools == [str(key) for key in keys]
    assert len(result.outcomes) == DOCUMENTS


def test_the_first_school_is_made_before_the_workers_are_forked(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what the first school's documents leave in the caches is then shared by the workers,
    # not made again in each; the others go to the pool, and every school is made once
    from docgen.district import bulk

    pooled: list[str] = []
    real = bulk._pooled

    def spy(tasks: Any, options: Any, workers: int) -> Any:
        pooled.extend(task.key for task in tasks)
        return real(tasks, options, workers)

    monkeypatch.setattr(bulk, "_pooled", spy)
    sheet = openpyxl.load_workbook(district, read_only=True)["Школы"]
    keys = [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    result = run_district(district, options(tmp_path / "out", jobs=2))
    assert pooled == keys[1:]
    assert len(result.outcomes) == DOCUMENTS
    assert all(o.status is Status.CREATED for o in result.outcomes)


def test_without_fork_the_schools_go_to_a_pool_of_fresh_processes(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows' way (no os.fork): each worker is started anew and sent its schools built; the
    # documents are the same bytes as those of a run that forks
    forking = run_district(district, options(tmp_path / "forked", jobs=2))
    monkeypatch.delattr(os, "fork")
    spawned = run_district(district, options(tmp_path / "spawned", jobs=2))
    assert len(spawned.outcomes) == len(forking.outcomes) == DOCUMENTS
    assert all(o.status is Status.CREATED for o in spawned.outcomes)
    assert {k: v[0] for k, v in outputs(tmp_path / "spawned").items()} == {
        k: v[0] for k, v in outputs(tmp_path / "forked").items()
    }


def test_a_school_whose_worker_is_killed_fails_alone_and_the_rerun_makes_it(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the kernel kills a worker (out of memory): that school is said not made, with why; the
    # schools the worker had not begun are made by the others, and the rerun makes the one
    parent = os.getpid()
    real = bulk._work
    victim: list[str] = []

    def work(task: Any, options: Any) -> Any:
        if os.getpid() != parent and not victim:
            victim.append(task.key)  # the worker's own copy: it dies on its first school
            os.kill(os.getpid(), signal.SIGKILL)
        return real(task, options)

    monkeypatch.setattr(bulk, "_work", work)
    out = tmp_path / "out"
    result = run_district(district, options(out, jobs=2))
    failed = [o for o in result.outcomes if o.status is Status.FAILED]
    assert len(failed) == 1, failed
    message = str(failed[0].problems[0])
    assert "не ответил (сигнал SIGKILL; так бывает, когда не хватает памяти)" in message
    assert "ещё раз" in message
    made = [o for o in result.outcomes if o.status is Status.CREATED]
    assert len(made) == DOCUMENTS - 2  # the killed school had a roadmap and an order
    monkeypatch.setattr(bulk, "_work", real)
    again = run_district(district, options(out, jobs=2))
    assert [o.school for o in again.outcomes if o.status is Status.CREATED] == [
        failed[0].school
    ] * 2
    assert len(list(out.rglob("*.docx"))) == DOCUMENTS
