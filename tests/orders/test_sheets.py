"""The листы ознакомления and согласования after an order, read back from the DOCX (issue 19)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from docgen.model import Person
from docgen.orders.sheets import gender_of
from tests.conftest import EXAMPLES, run_cli, write_workbook
from tests.docx_text import W, normalized, tables

ACQUAINTANCE_HEAD = [
    "№ п/п",
    "Фамилия, инициалы",
    "Должность",
    "Отметка об ознакомлении",
    "Дата",
    "Подпись",
]
VISA_HEAD = ["№ п/п", "Должность", "И.О. Фамилия", "Дата", "Подпись", "Замечания"]

PEOPLE: dict[str, dict[str, Any]] = {
    "sokolova": {
        "surname": "Соколова",
        "name": "Елена",
        "patronymic": "Викторовна",
        "position": "директор",
    },
    "petrov": {
        "surname": "Петров",
        "name": "Андрей",
        "patronymic": "Николаевич",
        "position": "заместитель директора по УВР",
    },
    "kim": {"surname": "Ким", "name": "Алла", "gender": "ж", "position": "учитель биологии"},
    "shevchenko": {"surname": "Шевченко", "initials": "О.И.", "position": "учитель физики"},
    "lebedeva": {"surname": "Лебедева", "initials": "М.П.", "position": "учитель химии"},
    "zaitsev": {"surname": "Зайцев", "name": "Игорь", "position": "юрисконсульт"},
}


def _order(tmp_path: Path, kind: str = "приказ", **document: Any) -> Path:
    data = {
        "organization": {"name": "МОУ СОШ № 2"},
        "people": PEOPLE,
        "document": {
            "kind": kind,
            "number": "45-од",
            "date": "12.03.2026",
            "title": "О проведении Недели естественных наук",
            "points": [
                "Назначить ответственной {{ people.kim | вн }}.",
                "{{ people.lebedeva | дт }} и {{ people.kim | дт }} провести уроки.",
            ],
            "control": "petrov",
            "signer": "sokolova",
            **document,
        },
    }
    path = tmp_path / "order.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _render(data: Path) -> Path:
    out = data.parent / "out"
    code, _, err = run_cli("render", str(data), "-o", str(out))
    assert code == 0, err
    (docx,) = out.glob("*.docx")
    return docx


def _body(docx: Path) -> Any:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def _text(paragraph: Any) -> str:
    """A paragraph's text, a line break as a space."""
    parts = [n.text or "" if n.tag == f"{W}t" else " " for n in paragraph.iter(f"{W}t", f"{W}br")]
    return normalized("".join(parts))


def _rows(docx: Path) -> list[list[str]]:
    return [[normalized(c) for c in row] for row in tables(docx)[-1]]


@pytest.mark.parametrize(
    ("sheet", "listed"),
    [
        # everyone the points and the control clause name, in their order; not the signer
        (True, [("Ким А.", "ж"), ("Лебедева М.П.", "ж"), ("Петров А.Н.", "м")]),
        # and the others listed, once each, after them
        (
            {"people": ["zaitsev", "kim", "sokolova"]},
            [
                ("Ким А.", "ж"),
                ("Лебедева М.П.", "ж"),
                ("Петров А.Н.", "м"),
                ("Зайцев И.", "м"),
                ("Соколова Е.В.", "ж"),
            ],
        ),
        ("да", [("Ким А.", "ж"), ("Лебедева М.П.", "ж"), ("Петров А.Н.", "м")]),
        # a list alone is «the named and these»
        (
            ["zaitsev"],
            [("Ким А.", "ж"), ("Лебедева М.П.", "ж"), ("Петров А.Н.", "м"), ("Зайцев И.", "м")],
        ),
        # only the listed ones
        (
            {"named": False, "people": ["zaitsev", "petrov"]},
            [("Зайцев И.", "м"), ("Петров А.Н.", "м")],
        ),
    ],
)
def test_who_is_listed_and_in_which_gender(
    tmp_path: Path, sheet: Any, listed: list[tuple[str, str]]
) -> None:
    docx = _render(_order(tmp_path, acquaintance=sheet))
    rows = _rows(docx)
    assert rows[0] == ACQUAINTANCE_HEAD
    positions = {f"{p['surname']}": p["position"] for p in PEOPLE.values()}
    expected = [
        [
            f"{number}.",
            name,
            positions[name.split()[0]][:1].upper() + positions[name.split()[0]][1:],
            "С приказом ознакомлена" if gender == "ж" else "С приказом ознакомлен",
            "",
            "",
        ]
        for number, (name, gender) in enumerate(listed, 1)
    ]
    assert rows[1:] == expected


@pytest.mark.parametrize(
    ("kind", "mark", "heading"),
    [
        ("приказ", "С приказом ознакомлена", "Лист ознакомления с приказом от 12.03.2026"),
        (
            "распоряжение",
            "С распоряжением ознакомлена",
            "Лист ознакомления с распоряжением от 12.03.2026",
        ),
    ],
)
def test_the_heading_names_the_order_on_a_new_page(
    tmp_path: Path, kind: str, mark: str, heading: str
) -> None:
    docx = _render(_order(tmp_path, kind, acquaintance=["zaitsev"]))
    body = _body(docx)
    table = list(body.iterchildren(f"{W}tbl"))[-1]
    paragraphs = list(table.itersiblings(f"{W}p", preceding=True))
    found = next(p for p in paragraphs if _text(p))
    assert _text(found) == normalized(f"{heading} № 45-од «О проведении Недели естественных наук»")
    assert found.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert found.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert found.find(f".//{W}br") is not None  # «Лист ознакомления» on a line of its own
    assert _rows(docx)[1][3] == mark


def test_the_rows_leave_room_to_sign_and_the_header_repeats(tmp_path: Path) -> None:
    docx = _render(_order(tmp_path, acquaintance=True))
    table = list(_body(docx).iterchildren(f"{W}tbl"))[-1]
    header, *rows = table.iterchildren(f"{W}tr")
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert len(table.findall(f"{W}tblGrid/{W}gridCol")) == 6
    for row in rows:
        height = row.find(f"{W}trPr/{W}trHeight")
        assert height.get(f"{W}hRule") == "atLeast" and int(height.get(f"{W}val")) >= 567
        assert row.find(f"{W}trPr/{W}cantSplit") is not None


def test_visas_then_acquaintance(tmp_path: Path) -> None:
    visas = [
        "petrov",
        {"person": "zaitsev", "date": "11.03.2026", "remarks": "Без замечаний"},
        {"person": "kim", "position": "руководитель методического объединения"},
    ]
    docx = _render(_order(tmp_path, visas=visas, acquaintance=True))
    *_, visa_table, acquaintance = tables(docx)
    assert [[normalized(c) for c in row] for row in visa_table] == [
        VISA_HEAD,
        ["1.", "Заместитель директора по УВР", "А.Н. Петров", "", "", ""],
        ["2.", "Юрисконсульт", "И. Зайцев", "11.03.2026", "", "Без замечаний"],
        ["3.", "Руководитель методического объединения", "А. Ким", "", "", ""],
    ]
    assert [normalized(c) for c in acquaintance[0]] == ACQUAINTANCE_HEAD
    headings = [
        _text(p)
        for p in _body(docx).iterchildren(f"{W}p")
        if p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    ]
    assert [h.split(" ", 2)[:2] for h in headings] == [
        ["Лист", "согласования"],
        ["Лист", "ознакомления"],
    ]
    assert headings[0].startswith("Лист согласования приказа от 12.03.2026 № 45-од «О")


@pytest.mark.parametrize("document", [{}, {"acquaintance": False}, {"acquaintance": "нет"}])
def test_an_order_without_them_has_no_sheets(tmp_path: Path, document: dict[str, Any]) -> None:
    docx = _render(_order(tmp_path, **document))
    assert len(tables(docx)) == 1  # the signature's borderless table only
    assert "Лист" not in normalized("".join(_body(docx).itertext()))


def test_a_gender_the_name_does_not_settle_is_asked_for(tmp_path: Path) -> None:
    data = _order(tmp_path, acquaintance=["shevchenko"])
    code, _, err = run_cli("render", str(data), "-o", str(tmp_path / "out"))
    err = normalized(err)
    assert code != 0
    assert "Traceback" not in err
    assert "people.shevchenko.gender" in err
    assert "«Шевченко О.И.»" in err and "укажите gender: м или ж" in err
    assert "ознакомлен(а)" not in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    PEOPLE_GIVEN = {**PEOPLE, "shevchenko": {**PEOPLE["shevchenko"], "gender": "м"}}
    text = yaml.safe_load(data.read_text(encoding="utf-8"))
    text["people"] = PEOPLE_GIVEN
    data.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    rows = _rows(_render(data))
    assert ["Шевченко О.И.", "С приказом ознакомлен"] in [[r[1], r[3]] for r in rows]


@pytest.mark.parametrize(
    ("person", "gender"),
    [
        ({"surname": "Шевченко", "initials": "О.И.", "gender": "ж"}, "f"),
        ({"surname": "Шевченко", "name": "Олег", "patronymic": "Иванович"}, "m"),
        ({"surname": "Ким", "name": "Алла"}, "f"),
        ({"surname": "Ушакова", "initials": "И.Г."}, "f"),
        ({"surname": "Дюма", "name": "Саша", "patronymic": "Петровна"}, "f"),
        ({"surname": "Шевченко", "initials": "О.И."}, None),
        ({"surname": "Ким", "initials": "А.И."}, None),
    ],
)
def test_gender_from_the_name(person: dict[str, str], gender: str | None) -> None:
    assert gender_of(Person.model_validate(person)) == gender


@pytest.mark.parametrize(
    ("document", "where", "message"),
    [
        ({"acquaintance": ["nobody"]}, "document.acquaintance[0]", "нет такого человека «nobody»"),
        ({"visas": [{"person": "nobdy"}]}, "document.visas[0].person", "нет такого человека"),
        (
            {"acquaintance": {"named": False}},
            "document.acquaintance",
            "в листе ознакомления никого нет",
        ),
    ],
)
def test_bad_sheets_are_named_at_their_key(
    tmp_path: Path, document: dict[str, Any], where: str, message: str
) -> None:
    code, _, err = run_cli("render", str(_order(tmp_path, **document)), "-o", str(tmp_path))
    assert code != 0 and "Traceback" not in err
    assert f"{where}: {message}" in err


def test_a_person_without_a_position_is_refused(tmp_path: Path) -> None:
    data = _order(tmp_path, visas=["petrov"])
    text = yaml.safe_load(data.read_text(encoding="utf-8"))
    del text["people"]["petrov"]["position"]
    data.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    code, _, err = run_cli("render", str(data), "-o", str(tmp_path / "out"))
    assert code != 0
    assert "people.petrov: не указана должность (position): она нужна для листа согласования" in err


def test_the_sheets_are_portrait_after_a_landscape_plan(tmp_path: Path) -> None:
    plan = {"title": "План", "body": [{"title": "Мероприятие", "deadline": "2026"}]}
    docx = _render(
        _order(tmp_path, appendices=[{"plan": plan}], acquaintance=True, visas=["zaitsev"])
    )
    body = _body(docx)
    sections = body.findall(f".//{W}sectPr")
    sizes = [s.find(f"{W}pgSz") for s in sections]
    orientations = [int(z.get(f"{W}w")) > int(z.get(f"{W}h")) for z in sizes]
    assert orientations == [False, True, False]  # order, landscape plan, the sheets
    last_break = sections[1].getparent().getparent()
    following = "".join(last_break.getnext().itertext())
    assert following.startswith("Лист согласования")


def test_a_plan_appendix_before_a_text_appendix_stays_landscape(tmp_path: Path) -> None:
    """The section break after the plan was put in the plan table's marker and lost with it."""
    plan = {"title": "План", "body": [{"title": "Мероприятие", "deadline": "2026"}]}
    appendices = [{"plan": plan}, {"title": "Состав группы", "paragraphs": ["Текст."]}]
    docx = _render(_order(tmp_path, appendices=appendices))
    sizes = [s.find(f"{W}pgSz") for s in _body(docx).findall(f".//{W}sectPr")]
    assert [int(z.get(f"{W}w")) > int(z.get(f"{W}h")) for z in sizes] == [False, True, False]


def test_a_template_without_a_place_for_them_is_an_error(tmp_path: Path) -> None:
    from tests.docx_builder import build

    template = build(tmp_path / "own.docx", "{{ doc.title }}")
    data = _order(tmp_path, acquaintance=True)
    code, _, err = run_cli("render", str(data), "--template", str(template), "-o", str(tmp_path))
    assert code != 0 and "Traceback" not in err
    assert "данные просят лист ознакомления, а в шаблоне для них нет места" in err


def _workbook(tmp_path: Path, document: list[list[Any]], **sheets: list[list[Any]]) -> Path:
    people = [["ключ", "фамилия", "имя", "отчество", "инициалы", "пол", "должность"]]
    for key, p in PEOPLE.items():
        people.append(
            [
                key,
                p["surname"],
                p.get("name"),
                p.get("patronymic"),
                p.get("initials"),
                p.get("gender"),
                p["position"],
            ]
        )
    return write_workbook(
        tmp_path / "order.xlsx",
        {
            "Организация": [["название", "МОУ СОШ № 2"]],
            "Документ": [
                ["вид", "приказ"],
                ["номер", "45-од"],
                ["дата", "12.03.2026"],
                ["заголовок", "О проведении Недели естественных наук"],
                ["подписывает", "sokolova"],
                ["контроль", "petrov"],
                *document,
            ],
            "Люди": people,
            "Пункты": [["номер", "текст"], ["1", "Назначить ответственной {{ people.kim | вн }}."]],
            **sheets,
        },
    )


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ([], ["Ким А.", "Петров А.Н.", "Зайцев И."]),
        ([["лист ознакомления", "да"]], ["Ким А.", "Петров А.Н.", "Зайцев И."]),
        ([["лист ознакомления", "только по списку"]], ["Зайцев И."]),
    ],
)
def test_the_order_workbook_has_sheets_for_them(
    tmp_path: Path, field: list[list[Any]], names: list[str]
) -> None:
    book = _workbook(
        tmp_path,
        field,
        Согласование=[
            ["ключ", "должность", "дата", "замечания"],
            ["petrov", None, "11.03.2026", None],
            ["zaitsev", "Юрисконсульт школы", None, "Согласовано"],
        ],
        Ознакомление=[["ключ"], ["zaitsev"]],
    )
    docx = _render(book)
    *_, visas, acquaintance = tables(docx)
    assert [[normalized(c) for c in r] for r in visas[1:]] == [
        ["1.", "Заместитель директора по УВР", "А.Н. Петров", "11.03.2026", "", ""],
        ["2.", "Юрисконсульт школы", "И. Зайцев", "", "", "Согласовано"],
    ]
    assert [normalized(r[1]) for r in acquaintance[1:]] == names


def test_the_workbook_field_alone_and_no(tmp_path: Path) -> None:
    yes = _render(_workbook(tmp_path, [["лист ознакомления", "да"]]))
    assert [normalized(r[1]) for r in tables(yes)[-1][1:]] == ["Ким А.", "Петров А.Н."]
    (tmp_path / "out" / yes.name).unlink()
    no = _render(
        _workbook(tmp_path, [["лист ознакомления", "нет"]], Ознакомление=[["ключ"], ["zaitsev"]])
    )
    assert len(tables(no)) == 1


@pytest.mark.parametrize(
    ("document", "sheets", "place"),
    [
        ([], {"Ознакомление": [["ключ"], ["nobody"]]}, "Ознакомление!A2"),
        ([], {"Согласование": [["ключ", "дата"], ["petrov", "31.02.2026"]]}, "Согласование!B2"),
        ([["лист ознакомления", "иногда"]], {}, "Документ!B7"),
        ([["лист ознакомления", "только по списку"]], {}, "Документ!B7"),
    ],
)
def test_workbook_mistakes_are_named_at_their_cell(
    tmp_path: Path, document: list[list[Any]], sheets: dict[str, Any], place: str
) -> None:
    book = _workbook(tmp_path, document, **sheets)
    code, _, err = run_cli("render", str(book), "-o", str(tmp_path / "out"))
    assert code != 0 and "Traceback" not in err
    sheet, cell = place.split("!")
    assert f"лист «{sheet}», ячейка {cell}" in err, err


def test_the_example_renders_both_sheets(tmp_path: Path) -> None:
    docx = _render_example(tmp_path)
    *_, visas, acquaintance = tables(docx)
    assert [normalized(r[2]) for r in visas[1:]] == ["А.Н. Петров", "И.О. Зайцев"]
    assert [(normalized(r[1]), normalized(r[3])) for r in acquaintance[1:]] == [
        ("Ким А.И.", "С приказом ознакомлена"),
        ("Шевченко О.И.", "С приказом ознакомлен"),
        ("Лебедева М.П.", "С приказом ознакомлена"),
        ("Петров А.Н.", "С приказом ознакомлен"),
        ("Орлова Т.С.", "С приказом ознакомлена"),
    ]


def _render_example(tmp_path: Path) -> Path:
    code, _, err = run_cli(
        "render", str(EXAMPLES / "order_acquaintance.yaml"), "-o", str(tmp_path / "out")
    )
    assert code == 0, err
    (docx,) = (tmp_path / "out").glob("*.docx")
    return docx


def _district(tmp_path: Path, value: str | None, visas: str | None = None) -> Path:
    """The example district workbook without the monitoring, «лист ознакомления» and «лист
    согласования» set."""
    import openpyxl

    path = tmp_path / "district.xlsx"
    book = openpyxl.load_workbook(EXAMPLES / "district.xlsx")
    sheet = book["Район"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "мониторинг":
            row[1].value = None
    if value is not None:
        sheet.append(["лист ознакомления", value])
    if visas is not None:
        sheet.append(["лист согласования", visas])
    book.save(path)
    return path


def test_a_district_gives_each_schools_order_its_sheet(tmp_path: Path) -> None:
    district = _district(tmp_path, "да")
    out = tmp_path / "out"
    code, _, err = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1")
    assert code == 0, err
    (order,) = out.glob("*/Приказ_*.docx")
    rows = [[normalized(c) for c in row] for row in tables(order)[-1]]
    assert rows[0] == ACQUAINTANCE_HEAD
    # every person of the school on «Люди» but the director (Лысенко), who signs the order
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        (
            "Кузнецова Д.С.",
            "Заместитель директора по воспитательной работе",
            "С приказом ознакомлена",
        ),
        ("Ковальчук Е.И.", "Педагог-психолог", "С приказом ознакомлена"),
        ("Бондаренко И.О.", "Социальный педагог", "С приказом ознакомлена"),
    ]
    (roadmap,) = [p for p in out.glob("*/*.docx") if p != order]
    assert "Лист ознакомления" not in normalized(" ".join(t for t in _body(roadmap).itertext()))


def test_a_district_says_yes_or_no(tmp_path: Path) -> None:
    district = _district(tmp_path, "иногда")
    code, _, err = run_cli("bulk", str(district), "-o", str(tmp_path / "out"))
    assert code != 0 and "Traceback" not in err
    assert "лист «Район», ячейка B11" in err and "«иногда»: ожидается да или нет" in err


def test_the_empty_district_workbook_offers_the_field(tmp_path: Path) -> None:
    import openpyxl

    code, _, err = run_cli("new-workbook", str(tmp_path / "district.xlsx"))
    assert code == 0, err
    sheet = openpyxl.load_workbook(tmp_path / "district.xlsx")["Район"]
    fields = {row[0]: row[2] for row in sheet.iter_rows(values_only=True)}
    assert "лист ознакомления" in fields["лист ознакомления"]


def test_a_district_names_the_roles_that_put_visas(tmp_path: Path) -> None:
    district = _district(tmp_path, None, "исполнитель; педагоги-психологи; Исполнитель")
    out = tmp_path / "out"
    code, _, err = run_cli("bulk", str(district), "-o", str(out), "--only", "sosh1")
    assert code == 0, err
    (order,) = out.glob("*/Приказ_*.docx")
    rows = [[normalized(c) for c in row] for row in tables(order)[-1]]
    assert rows == [
        VISA_HEAD,
        ["1.", "Заместитель директора по воспитательной работе", "Д.С. Кузнецова", "", "", ""],
        ["2.", "Педагог-психолог", "Е.И. Ковальчук", "", "", ""],
    ]


@pytest.mark.parametrize("role", ["кл. руководители", "завуч"])
def test_a_role_without_a_person_cannot_put_a_visa(tmp_path: Path, role: str) -> None:
    district = _district(tmp_path, None, f"исполнитель; {role}")
    code, _, err = run_cli("bulk", str(district), "-o", str(tmp_path / "out"), "--only", "sosh1")
    assert code != 0 and "Traceback" not in err
    assert "лист «Район», ячейка B11" in err
    assert f"в листе согласования роль «{role}», а у школы нет человека с этой ролью" in err
