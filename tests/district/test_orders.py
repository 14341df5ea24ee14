"""The order approving a school's roadmap says which plan it approves and on what basis, and
its registration number comes from the school, not from its place in the list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.grammar.typography import keep_last_words, typeset
from tests.conftest import edit_cell, run_cli
from tests.docx_text import lines, typeset_all

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """The example district workbook, its plan on its own sheets, without the monitoring."""
    shutil.copy(EXAMPLES / "district.xlsx", tmp_path)
    path = tmp_path / "district.xlsx"
    edit_cell(path, "Район", "B5", None)  # мониторинг: roadmaps and orders only
    return path


def test_the_order_names_the_plans_subject_and_the_act_that_approved_it(
    district: Path, tmp_path: Path
) -> None:
    code, _, err = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "gimn")
    assert code == 0, err
    assert "предупреждение" not in err, err
    text = lines(tmp_path / "out" / "МБОУ_Гимназия" / "Приказ_3-од_2024-09-02.docx")
    title = keep_last_words(  # a centred title keeps its last two words together
        typeset(
            "Об утверждении плана мероприятий (дорожной карты) по самоопределению "
            "и профориентации обучающихся на 2024-2025 учебный год"
        )
    )
    expected = [
        title,
        *typeset_all(
            [
                "В соответствии с муниципальным планом работы по самоопределению и профориентации "
                "обучающихся общеобразовательных организаций Тамбовского района, утвержденным "
                "приказом отдела образования администрации Тамбовского района от 26.08.2024 № 214, "
                "в целях организации работы по профессиональной ориентации обучающихся",
                "1. Утвердить план мероприятий (дорожную карту) по самоопределению и профориентации "
                "обучающихся на 2024-2025 учебный год (приложение).",
            ]
        ),
    ]
    for line in expected:
        assert any(line in got for got in text), (line, text[:12])


@pytest.mark.parametrize(
    ("cell", "value", "warned"),
    [
        ("H4", None, "номер приказа «3-од» придуман по порядку школы в списке (шаблон «{n}-од»)"),
        ("H4", "117", ""),  # the school's own number: nothing to say
    ],
)
def test_an_invented_registration_number_is_a_warning(
    district: Path, tmp_path: Path, cell: str, value: str | None, warned: str
) -> None:
    edit_cell(district, "Школы", cell, value)
    code, _, err = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "gimn")
    assert code == 0, err
    if warned:
        assert f"предупреждение: {district}: лист «Школы», ячейка {cell}: {warned}" in err, err
        assert (
            "впишите номер из журнала регистрации приказов школы в столбец «номер приказа»" in err
        )
    else:
        assert "предупреждение" not in err, err


def test_a_school_without_grades_10_11_gets_no_ege_and_the_summary_says_so(
    district: Path, tmp_path: Path
) -> None:
    """The «Школы» sheet's type drives it: the ООШ leave out the plan's СОО activities."""
    import openpyxl

    out = tmp_path / "out"
    code, _, err = run_cli("bulk", str(district), "-o", str(out), "--only", "lazar,gimn")
    assert code == 0, err
    lazar = "\n".join(lines(out / "МБОУ_Лазаревская_ООШ" / "Дорожная_карта_2024-2025.docx"))
    gimn = "\n".join(lines(out / "МБОУ_Гимназия" / "Дорожная_карта_2024-2025.docx"))
    assert "ЕГЭ" not in lazar and "Реализация профильного обучения" not in lazar
    assert "ЕГЭ" in gimn and "Реализация профильного обучения" in gimn
    rows = list(openpyxl.load_workbook(out / "Сводка.xlsx").active.iter_rows(values_only=True))
    assert rows[0][-1] == "не вошло в план школы"
    left = {row[0]: row[-1] for row in rows[1:] if row[2] == "дорожная карта"}
    assert left["gimn"] is None
    assert left["lazar"] == (
        "3.1 Мониторинг обучающихся, выбравших для сдачи ЕГЭ предметы в соответствии с "
        "профилем класса\n9.1 Реализация профильного обучения"
    )


def test_the_district_lint_names_cells_and_says_a_plan_problem_once(
    district: Path, tmp_path: Path
) -> None:
    """The municipal plan is linted once with its cells; a school's change with its own."""
    import openpyxl

    book = openpyxl.load_workbook(district)
    book["Мероприятия"]["E3"] = "до 01.06.2022"  # 1.1's deadline
    book["Мероприятия"]["C4"] = "Психолого-педагогическая диагностка"
    book["Изменения"].append(["lazar", "срок", "1.2", "до 01.05.2023"])
    book.save(district)
    code, _, err = run_cli(
        "bulk", str(district), "-o", str(tmp_path / "out"), "--only", "lazar,gimn"
    )
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("предупреждение: ")]
    assert warnings == [
        f"предупреждение: {district}: лист «Мероприятия», ячейка E3: поле сроки: мероприятие 1.1 "
        "«Утверждение программ исследования по изучению степени…»: срок «до 01.06.2022» "
        "кончается раньше, чем начинается период плана (01.09.2024): исправьте год",
        f"предупреждение: {district}: лист «Мероприятия», ячейка C4: поле наименование: "
        "«диагностка»: нет в словаре: проверьте написание; если слово верное (имя, название, "
        "сокращение), добавьте его в свой словарь (--dictionary, по слову в строке)",
        f"предупреждение: {district}: лист «Изменения», ячейка D9: мероприятие 1.2 "
        "«Психолого-педагогическая диагностка»: срок «до 01.05.2023» кончается раньше, чем "
        "начинается период плана (01.09.2024): исправьте год",
    ]
    words = tmp_path / "words.txt"
    words.write_text("диагностка\n", "utf-8")
    code, _, err = run_cli(
        "bulk", str(district), "-o", str(tmp_path / "again"), "--only", "gimn", "-d", str(words)
    )
    assert code == 0 and "диагностка»: нет в словаре" not in err, err


@pytest.mark.parametrize(
    ("plan_file", "plan_fault", "reference"),
    [
        (None, "лист «Мероприятия», ячейка E3: поле сроки", "лист «Мероприятия», ячейка E8"),
        (
            "municipal_plan_tambov.yaml",
            "строка 41: plan.body[0].items[0].deadline",
            "municipal_plan_tambov.yaml, строка 78",
        ),
    ],
    ids=["plan on sheets", "plan in a file"],
)
def test_a_schools_own_change_is_linted_at_its_cell_and_the_plans_once(
    district: Path, tmp_path: Path, plan_file: str | None, plan_fault: str, reference: str
) -> None:
    """Each school's lint reads its own changes only, against the whole plan: a deadline it
    writes otherwise than the plan's same deadline is said at its cell of «Изменения», for that
    school only, naming the plan's row it differs from; the plan's own faults are said once
    at the plan's places, however many schools."""
    import openpyxl

    book = openpyxl.load_workbook(district)
    if plan_file is None:
        book["Мероприятия"]["E3"] = "до 01.06.2022"  # 1.1's deadline, the plan's own fault
    else:  # the file's 1.1 is «до 01.06.2022» already
        shutil.copy(EXAMPLES / plan_file, tmp_path)
        book["Район"]["B4"] = plan_file
        for name in ("План", "Столбцы", "Мероприятия", "Показатели", "Текст", "Источники"):
            del book[name]
    # 1.3: the plan writes «Ежегодно до 25 мая» (1.6, 9.3); lazar writes it in small letters
    book["Изменения"].append(["lazar", "срок", "1.3", "ежегодно до 25 мая"])
    book["Изменения"].append(["gimn", "срок", "1.2", "до 01.05.2025"])  # sound
    book.save(district)
    code, _, err = run_cli(
        "bulk", str(district), "-o", str(tmp_path / "out"), "--only", "lazar,gimn,sosh1"
    )
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("предупреждение: ")]
    own = [line for line in warnings if "лист «Изменения»" in line]
    assert own == [
        f"предупреждение: {district}: лист «Изменения», ячейка D9: срок «ежегодно до 25 мая» "
        f"написан иначе, чем тот же срок в других строках («Ежегодно до 25 мая», {reference}): "
        "напишите одинаково"
    ], err
    plans = [line for line in warnings if line not in own]
    assert len(set(plans)) == len(plans), err  # said once, not per school
    late = [line for line in plans if "срок «до 01.06.2022» кончается раньше, чем" in line]
    assert len(late) == 1 and f": {plan_fault}: мероприятие 1.1 " in late[0], err


@pytest.mark.parametrize(
    ("deadline", "warned"),
    [
        (
            "до 01.09.2024",
            "срок «до 01.09.2024» кончается раньше даты приказа, который утверждает "
            "план (02.09.2024): исправьте год",
        ),
        ("до 02.09.2024", ""),
    ],
)
def test_a_plan_deadline_before_the_schools_order(
    district: Path, tmp_path: Path, deadline: str, warned: str
) -> None:
    import openpyxl

    book = openpyxl.load_workbook(district)
    book["Мероприятия"]["E3"] = deadline
    book.save(district)
    code, _, err = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "gimn")
    assert code == 0, err
    if warned:
        assert f"предупреждение: {district}: лист «Мероприятия», ячейка E3: " in err
        assert warned in err, err
    else:
        assert "предупреждение" not in err, err
