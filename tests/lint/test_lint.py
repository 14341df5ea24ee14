"""The lint warns as a methodologist would, each warning naming the file and the place.

The examples reproduce real documents with their own errors: the lint must find those, and
nothing in the documents that are right (no false alarm on a correct word).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.lint import Dictionary
from docgen.lint.spelling import unknown_words
from docgen.options import Options
from docgen.rendering import check
from tests.conftest import run_cli, write_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"


def _plan(tmp_path: Path, activities: list[dict[str, Any]], **plan: Any) -> Path:
    data = {
        "organization": {"name": "МБОУ «СОШ № 1»"},
        "plan": {
            "title": "План мероприятий по профориентации",
            "period": "2024-2025 учебный год",
            "body": [{"section": "Организационная работа", "items": activities}],
            **plan,
        },
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


# ----------------------------------------------------------------------- the seeds' own errors

#: What the lint finds in each example: (file, place, what the message says). The examples are
#: real documents; these are their real errors, kept on purpose (README, «Проверка»).
SEED_FINDINGS = [
    (
        "rasporyazhenie_408.yaml",
        "строка 59: document.points[2].bullets[0]",
        "«на 2020-2021 учебный год»: документ — на 2021-2022 учебный год",
    ),
    (
        "rasporyazhenie_408.yaml",
        "строка 357: document.appendices[0].plan.body[1].items[0].activities[2].deadline",
        "срок «Июнь 2021» кончается раньше даты распоряжения, которое утверждает план (31.08.2021)",
    ),
    (
        "rasporyazhenie_408.yaml",
        "строка 437: document.appendices[0].plan.body[1].items[2].activities[2].responsible",
        "«профессионально го»: слово разорвано пробелом? Должно быть «профессионального»",
    ),
    (
        "order_953.yaml",
        "строка 312: document.appendices[0].plan.body[3].items[0].items[3].responsible",
        "мероприятие 4.1.4 «Формирование рекомендаций для школьников 6-11-х классов…»: "
        "не указаны ответственные",
    ),
    (
        "order_953.yaml",
        "строка 293: document.appendices[0].plan.body[3].items[0].items[0].deadline",
        "срок «в течение учебного года» написан иначе, чем тот же срок в других строках "
        "(«В течение учебного года», строка 381)",
    ),
    (
        "order_953.yaml",
        "строка 309: document.appendices[0].plan.body[3].items[0].items[2].deadline",
        "срок «Март-Май 2023 г.» написан иначе, чем тот же срок в других строках "
        "(«Март-май 2023 г.», строка 522)",
    ),
]


@pytest.mark.parametrize(("name", "place", "message"), SEED_FINDINGS)
def test_the_lint_finds_the_seeds_real_errors(name: str, place: str, message: str) -> None:
    found = [str(w) for w in check(EXAMPLES / name, Options())]
    assert any(f"{name}: {place}: " in w and message in w for w in found), found


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("rasporyazhenie_408.yaml", 3),  # and the numbering's own «2.3.» repeated
        # and the numbering's own gap after «3.»; the fifth: «(приложение 1)» for its only appendix
        ("order_953.yaml", 5),
        # the real plan: activities 2.2 and 6.3 without deadline, 5.2, 6.3, 7.2, 9.1 without
        # responsible (the district's copy and the school's roadmap fill them); and 1.1's
        # «до 01.06.2022» before the date of the order that approved the plan (its stamp)
        ("municipal_plan_tambov.yaml", 7),
        ("school_roadmap_sosh2.yaml", 0),
        ("school_roadmap_stages.yaml", 0),
        ("plan_tutaev.yaml", 0),
        ("note_tambov.yaml", 0),
        ("monitoring_plan.yaml", 0),
        ("order_template.xlsx", 0),
        ("plan_template.xlsx", 0),
    ],
)
def test_the_lint_finds_nothing_else_in_the_examples(name: str, count: int) -> None:
    """No false alarm: every other word and date of the examples is right."""
    lint_only = [
        w
        for w in check(EXAMPLES / name, Options())
        if "нумерации" not in w.message and "повторяется" not in w.message
    ]
    assert len(lint_only) == count, [str(w) for w in lint_only]


# ------------------------------------------------------------------------------- plans


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        (
            {"title": "Анкетирование", "deadline": "до 01.06.2022", "responsible": "Директор"},
            "мероприятие 1.1 «Анкетирование»: срок «до 01.06.2022» кончается раньше, чем "
            "начинается период плана (01.09.2024): исправьте год",
        ),
        (
            {"title": "Анкетирование", "deadline": {"until": "2023-05-25"}, "responsible": "Я"},
            "срок «до 25.05.2023» кончается раньше, чем начинается период плана",
        ),
        (
            {"title": "Анкетирование", "deadline": "Октябрь 2024 г."},
            "мероприятие 1.1 «Анкетирование»: не указаны ответственные",
        ),
        (
            {"title": "Анкетирование", "responsible": "Директор"},
            "мероприятие 1.1 «Анкетирование»: не указан срок",
        ),
    ],
)
def test_check_names_the_row_of_a_plan_problem(
    tmp_path: Path, activity: dict[str, Any], expected: str
) -> None:
    code, out, err = run_cli("check", str(_plan(tmp_path, [activity])))
    assert code == 0 and "ошибок нет" in out
    assert f"предупреждение: {tmp_path / 'plan.yaml'}: строка " in err
    assert expected in err


def _blocks(tmp_path: Path, numbering: str, **plan: Any) -> Path:
    """Two stages, the second with a track inside; a bad deadline in the second stage's first
    activity and in the track's second."""

    def activity(title: str, deadline: str = "Октябрь 2024 г.", **given: str) -> dict[str, Any]:
        return {"title": title, "deadline": deadline, "responsible": "Директор", **given}

    late = "до 01.06.2022"
    given = numbering == "given"
    data = {
        "organization": {"name": "МБОУ «СОШ № 1»"},
        "plan": {
            "title": "План мероприятий по профориентации",
            "period": "2024-2025 учебный год",
            "numbering": numbering,
            **plan,
            "body": [
                {
                    "section": "Подготовительный этап",
                    **({"number": "I."} if given else {}),
                    "items": [
                        activity("Приказ", **({"number": "1."} if given else {})),
                        activity("Анкета", **({"number": "2."} if given else {})),
                    ],
                },
                {
                    "section": "Основной этап",
                    **({"number": "II."} if given else {}),
                    "items": [
                        activity("Опрос", late, **({"number": "1."} if given else {})),
                        {
                            "section": "Трек «Знание»",
                            **({"number": "2."} if given else {}),
                            "items": [
                                activity("Уроки", **({"number": "1."} if given else {})),
                                activity("Пробы", late, **({"number": "2."} if given else {})),
                            ],
                        },
                    ],
                },
            ],
        },
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize(
    ("numbering", "plan", "first", "second"),
    [
        ("auto", {}, "мероприятие 2.1 «Опрос»", "мероприятие 2.2.2 «Пробы»"),
        (
            "restart",
            {},
            "раздел 2, мероприятие 1 «Опрос»",
            "раздел 2, подраздел 2, мероприятие 2 «Пробы»",
        ),
        (
            "restart",
            {"section_numerals": "roman"},
            "раздел II, мероприятие 1 «Опрос»",
            "раздел II, подраздел 2, мероприятие 2 «Пробы»",
        ),
        # numbers given as the source prints them, restarting in each stage: the stage says which
        (
            "given",
            {},
            "раздел II, мероприятие 1 «Опрос»",
            "раздел II, подраздел 2, мероприятие 2 «Пробы»",
        ),
    ],
    ids=["auto", "restart", "restart roman", "given restarting"],
)
def test_a_warning_names_the_activity_as_the_document_numbers_it(
    tmp_path: Path, numbering: str, plan: dict[str, Any], first: str, second: str
) -> None:
    """With numbering that restarts in every block, «мероприятие 1.1» is nowhere in the
    document: the warning says the block and the number printed in it."""
    code, _, err = run_cli("check", str(_blocks(tmp_path, numbering, **plan)))
    assert code == 0, err
    late = [line for line in err.splitlines() if "кончается раньше" in line]
    assert len(late) == 2, err
    assert f"{first}: срок «до 01.06.2022»" in late[0], err
    assert f"{second}: срок «до 01.06.2022»" in late[1], err


def test_strict_makes_warnings_errors(tmp_path: Path) -> None:
    path = _plan(tmp_path, [{"title": "Анкетирование", "deadline": "до 01.06.2022"}])
    code, out, err = run_cli("check", str(path), "--strict")
    assert code == 1 and "ошибок нет" not in out
    assert "ошибка: " in err and "кончается раньше, чем начинается период плана" in err
    assert "предупреждений: 2 (--strict считает их ошибками)" in err


def test_a_default_responsible_fills_the_empty_cells(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [{"title": "Анкетирование", "deadline": "Октябрь 2024 г."}],
        default_responsible="Руководители ОО",
    )
    code, _, err = run_cli("check", str(path), "--strict")
    assert (code, err) == (0, ""), err


def test_one_deadline_written_two_ways(tmp_path: Path) -> None:
    activities = [
        {"title": f"Мероприятие {n}", "deadline": text, "responsible": "Директор"}
        for n, text in enumerate(
            ["В течение учебного года", "в течение учебного года", "В течение учебного года"]
        )
    ]
    warnings = check(_plan(tmp_path, activities), Options())
    assert [w.message for w in warnings] == [
        "срок «в течение учебного года» написан иначе, чем тот же срок в других строках "
        "(«В течение учебного года», строка 10): напишите одинаково"
    ]
    assert warnings[0].location.key_path == "plan.body[0].items[1].deadline"


def test_a_plan_workbook_warns_with_its_sheet_and_cell(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Организация": [["поле", "значение"], ["название", "МБОУ «СОШ № 1»"]],
            "План": [
                ["поле", "значение"],
                ["название", "План"],
                ["период", "2024-2025 учебный год"],
            ],
            "Мероприятия": [
                ["№", "мероприятие", "сроки", "ответственные"],
                [None, "Анкетирование", "до 01.06.2022", "Директор"],
            ],
        },
    )
    code, _, err = run_cli("check", str(path))
    assert code == 0, err
    assert "лист «Мероприятия», ячейка C2" in err and "до 01.06.2022" in err


# ------------------------------------------------------------------------------- texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("на 2020-2021 учебный год", "документ — на 2024-2025 учебный год"),
        ("в 2022-23 учебном году", "документ — на 2024-2025 учебный год"),
        ("на 2024-2026 учебный год", "учебный год — два года подряд"),
    ],
)
def test_a_school_year_that_is_not_the_documents(tmp_path: Path, text: str, expected: str) -> None:
    path = _plan(tmp_path, [], goal=f"Организовать работу {text}.")
    warnings = check(path, Options())
    assert [w.location.key_path for w in warnings] == ["plan.goal"]
    assert expected in warnings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "на 2024-2025 учебный год",
        "в 2023-2024 учебном году было меньше",  # a report compares with the year before
        "выпускников 2020-2021 учебного года",  # a past year named, not the document's
    ],
)
def test_a_school_year_that_may_be_named(tmp_path: Path, text: str) -> None:
    assert check(_plan(tmp_path, [], goal=f"Работа {text}."), Options()) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("организации профессионально го и высшего образования", ["профессионально го"]),
        ("экскурсия засобой", ["засобой"]),
        ("Проводится мониторнг занятости", ["мониторнг"]),
        # right: names inside a sentence, abbreviations, compounds, the trade's words
        ("по методике К.Д. Ушинского в СОШ и ООШ", []),
        ("психолого-педагогическое и медико-социальное сопровождение", []),
        ("кл. руководители, соц. педагоги, предпрофильная подготовка, нетворкинг", []),
        ("обучающихся 6-11-х классов, {{ people.director | дт }}", []),
        ("Март-май 2023 г., по отдельному графику", []),
    ],
)
def test_words_no_dictionary_knows(text: str, found: list[str]) -> None:
    assert [word for word, _ in unknown_words(text, Dictionary())] == found


def test_the_users_dictionary(tmp_path: Path) -> None:
    path = _plan(tmp_path, [], goal="Участие в проекте кванториада и олимпиаде Амурочка.")
    warnings = check(path, Options())
    assert [w.message.split(":")[0] for w in warnings] == ["«кванториада»"]
    assert "добавьте его в свой словарь (--dictionary" in warnings[0].message
    words = tmp_path / "words.txt"
    words.write_text("# имена и названия района\nкванториада\n", "utf-8")
    code, _, err = run_cli("check", str(path), "--dictionary", str(words), "--strict")
    assert (code, err) == (0, ""), err


def test_render_strict_writes_nothing_when_there_are_warnings(tmp_path: Path) -> None:
    path = _plan(tmp_path, [{"title": "Анкетирование", "deadline": "до 01.06.2022"}])
    out = tmp_path / "out"
    code, _, err = run_cli("render", str(path), "-o", str(out), "--strict")
    assert code == 1 and not out.exists()
    assert f"ошибка: {path}: строка " in err and "кончается раньше, чем начинается период" in err
    code, printed, err = run_cli("render", str(path), "-o", str(out))
    assert code == 0 and "предупреждение: " in err and Path(printed.strip()).is_file()


# ------------------------------------------------------------------------------- orders


@pytest.mark.parametrize(
    ("person_phone", "executor", "warned"),
    [
        ("8 (48533) 2-17-44", "petrov", False),  # the person's phone
        (None, {"person": "petrov", "phone": "8 (48533) 2-17-44"}, False),  # the mark's own
        (None, "petrov", True),  # none: the mark would be a name alone
        (None, {"person": "petrov"}, True),
    ],
)
def test_an_executor_without_a_phone_is_warned_at_its_place(
    tmp_path: Path, person_phone: str | None, executor: Any, warned: bool
) -> None:
    data = yaml.safe_load((EXAMPLES / "order_acquaintance.yaml").read_text("utf-8"))
    data["people"]["petrov"].pop("phone", None)
    if person_phone:
        data["people"]["petrov"]["phone"] = person_phone
    data["document"]["executor"] = executor
    path = tmp_path / "order.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    found = [w for w in check(path, Options()) if "телефон" in w.message]
    assert [(w.location.key_path, w.message) for w in found] == (
        [
            (
                "document.executor",
                "у исполнителя нет телефона: отметка об исполнителе (ГОСТ Р 7.0.97-2025) — "
                "инициалы, фамилия и номер телефона; впишите телефон исполнителя (в книге — столбец "
                "«телефон» листа «Люди», в YAML — phone у человека или у executor)",
            )
        ]
        if warned
        else []
    )


def test_a_deadline_changed_in_an_orders_appendix_is_warned_at_its_line(tmp_path: Path) -> None:
    """A school's change under an order's appendix is placed there, not at a plan's
    ``school.deadlines`` the order does not have (the warning had no line)."""
    plan = yaml.safe_load(
        _plan(tmp_path, [{"title": "Анкетирование", "deadline": "май 2025"}]).read_text("utf-8")
    )
    data = {
        "organization": plan["organization"],
        "people": {"director": {"surname": "Иванов", "name": "Иван", "position": "директор"}},
        "document": {
            "kind": "приказ",
            "number": "1-од",
            "date": "2024-09-02",
            "title": "Об утверждении плана",
            "points": [{"text": "Утвердить план (приложение)."}],
            "signer": "director",
            "appendices": [
                {"plan": plan["plan"], "school": {"deadlines": {"1.1": "до 01.05.2023"}}}
            ],
        },
    }
    path = tmp_path / "order.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    found = [w for w in check(path, Options()) if "01.05.2023" in w.message]
    assert len(found) == 1
    assert found[0].location.key_path == "document.appendices[0].school.deadlines.1.1"
    assert found[0].location.row is not None
    assert "мероприятие 1.1 «Анкетирование»: срок «до 01.05.2023» кончается раньше" in (
        found[0].message
    )
