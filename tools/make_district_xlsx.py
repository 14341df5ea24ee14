"""Write data/examples/district.xlsx: the Tambov district's schools, people, changes and plan.

The workbook is the empty one of ``docgen new-workbook`` filled in, so the example and the
template cannot drift apart; the municipal plan (municipal_plan_tambov.yaml) is written onto
its own plan sheets, so the district's workbook holds everything but the monitoring. The
schools are of every kind (СОШ, ООШ, лицей, гимназия,
кадетская школа; names in quotes, with "имени …", with numbers), their people are made up.
The same bytes on every run.

    python tools/make_district_xlsx.py [output.xlsx]
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.district.blank import STAMP, new_district_workbook  # noqa: E402
from docgen.loading import load_plan  # noqa: E402
from docgen.model import PlanData  # noqa: E402
from docgen.office import excel as _xlsx  # noqa: E402
from docgen.office.files import atomic_write_bytes  # noqa: E402
from docgen.plans.exporting import add_plan_sheets  # noqa: E402
from docgen.plans.table import roles_of  # noqa: E402

OUTPUT = ROOT / "data" / "examples" / "district.xlsx"
MONITORING = "district_monitoring.xlsx"
PLAN = "municipal_plan_tambov.yaml"

MBOU = "Муниципальное бюджетное общеобразовательное учреждение"
MAOU = "Муниципальное автономное общеобразовательное учреждение"
SOSH = "средняя общеобразовательная школа"
OOSH = "основная общеобразовательная школа"

# key, full name, short name, type, address (after "Тамбовский район, "), order number
SCHOOLS = [
    (
        "sosh1",
        f"{MAOU} «Средняя общеобразовательная школа № 1 с. Тамбовка»",
        "МАОУ «СОШ № 1 с. Тамбовка»",
        "СОШ",
        "с. Тамбовка, ул. Калинина, д. 31",
        "",
    ),
    (
        "licey2",
        f"{MAOU} «Лицей № 2 с. Тамбовка»",
        "МАОУ «Лицей № 2»",
        "лицей",
        "с. Тамбовка, ул. Красная, д. 12",
        "58-од",
    ),
    (
        "gimn",
        f"{MBOU} «Гимназия имени Н.Н. Муравьёва-Амурского»",
        "МБОУ «Гимназия»",
        "гимназия",
        "с. Тамбовка, ул. Пионерская, д. 7",
        "",
    ),
    (
        "kosica",
        f"{MBOU} «Косицинская {SOSH}»",
        "МБОУ «Косицинская СОШ»",
        "СОШ",
        "с. Косицино, ул. Школьная, д. 1",
        "",
    ),
    (
        "zharik",
        f"{MBOU} «Жариковская {SOSH} имени Героя Советского Союза П.С. Кутузова»",
        "МБОУ «Жариковская СОШ»",
        "СОШ",
        "с. Жариково, ул. Ленина, д. 40",
        "",
    ),
    (
        "lazar",
        f"{MBOU} «Лазаревская {OOSH}»",
        "МБОУ «Лазаревская ООШ»",
        "ООШ",
        "с. Лазаревка, ул. Центральная, д. 5",
        "",
    ),
    (
        "nikol",
        f"{MBOU} «Николаевская {OOSH}»",
        "МБОУ «Николаевская ООШ»",
        "ООШ",
        "с. Николаевка, ул. Садовая, д. 2",
        "",
    ),
    (
        "duhov",
        f"{MBOU} «Духовская {SOSH}»",
        "МБОУ «Духовская СОШ»",
        "СОШ",
        "с. Духовское, ул. Набережная, д. 9",
        "",
    ),
    (
        "razdol",
        f"{MBOU} «Раздольненская {SOSH} имени В.Ф. Маргелова»",
        "МБОУ «Раздольненская СОШ»",
        "СОШ",
        "с. Раздольное, ул. Мира, д. 3",
        "",
    ),
    (
        "sadov",
        f"{MBOU} «Садовская {SOSH} № 5»",
        "МБОУ «СОШ № 5 с. Садовое»",
        "СОШ",
        "с. Садовое, ул. Юбилейная, д. 15",
        "",
    ),
    (
        "tolst",
        f"{MBOU} «Толстовская {SOSH}»",
        "МБОУ «Толстовская СОШ»",
        "СОШ",
        "с. Толстовка, ул. Октябрьская, д. 22",
        "",
    ),
    (
        "lermont",
        f"{MAOU} «Лермонтовская {SOSH}»",
        "МАОУ «Лермонтовская СОШ»",
        "СОШ",
        "с. Лермонтово, ул. Лермонтова, д. 1",
        "",
    ),
    (
        "kadet",
        f"{MBOU} «Кадетская школа № 3 имени А.В. Суворова»",
        "МБОУ «Кадетская школа № 3»",
        "кадетская школа",
        "с. Тамбовка, ул. Суворова, д. 4",
        "",
    ),
    (
        "pridor",
        f"{MBOU} «Придорожненская {OOSH}»",
        "МБОУ «Придорожненская ООШ»",
        "ООШ",
        "с. Придорожное, ул. Новая, д. 6",
        "",
    ),
]

MEN = [
    ("Кравченко", "Андрей", "Николаевич"),
    ("Шевчук", "Игорь", "Петрович"),
    ("Белый", "Сергей", "Викторович"),
    ("Мельник", "Олег", "Иванович"),
    ("Сидоренко", "Павел", "Андреевич"),
    ("Черных", "Дмитрий", "Ильич"),
    ("Лебедев", "Никита", "Сергеевич"),
]
WOMEN = [
    ("Лысенко", "Ольга", "Николаевна"),
    ("Толстая", "Анна", "Викторовна"),
    ("Кузнецова", "Дарья", "Сергеевна"),
    ("Морозова", "Любовь", "Петровна"),
    ("Ковальчук", "Елена", "Игоревна"),
    ("Бондаренко", "Ирина", "Олеговна"),
    ("Соколова", "Наталья", "Ильинична"),
    ("Романова", "Алия", "Маратовна"),
]


def _person(index: int, female: bool) -> tuple[str, str, str, str]:
    names = WOMEN if female else MEN
    surname, name, patronymic = names[index % len(names)]
    return surname, name, patronymic, "ж" if female else "м"


def _people(number: int, key: str) -> list[list[object]]:
    """Four people and the class teachers of a school, from the lists above."""
    director = _person(number, number % 3 == 0)
    deputy = _person(number + 2, True)
    psychologist = _person(number + 4, number % 2 == 0)
    social = _person(number + 5, True)
    phone = f"8 (41638) 2-{10 + number:02d}-0"
    rows = [
        [key, "директор; Руководители ОО", *director, "директор", phone + "1"],
        [
            key,
            "исполнитель",
            *deputy,
            "заместитель директора по воспитательной работе",
            phone + "2",
        ],
        [key, "педагоги-психологи", *psychologist, "педагог-психолог", None],
        [key, "соц.педагоги", *social, "социальный педагог", None],
        [
            key,
            "кл. руководители",
            None,
            None,
            None,
            None,
            "классные руководители 6–11 классов",
            None,
        ],
        [
            key,
            "Отдел образования",
            None,
            None,
            None,
            None,
            "отдел образования администрации Тамбовского района",
            None,
        ],
    ]
    return rows


CHANGES = [
    ["lazar", "исключить", "3.1", None, None, None, None],  # no 11th grade: no ЕГЭ
    ["lazar", "исключить", "4", None, None, None, None],
    ["nikol", "исключить", "3", None, None, None, None],
    ["licey2", "срок", "1.1", "до 15.09.2024", None, None, None],
    [
        "licey2",
        "добавить после",
        "2.2",
        "Профильные смены в лагере «Амурский лицеист»",
        "Июнь 2025 г.",
        "Руководители ОО",
        "Количество участников смены",
    ],
    [
        "kadet",
        "добавить в раздел",
        "5",
        "Профессиональные пробы в воинской части с. Тамбовка",
        "Апрель 2025 г.",
        "Руководители ОО, кл. руководители",
        "Количество обучающихся, прошедших пробы",
    ],
    ["gimn", "ответственные", "1.2", "педагоги-психологи", None, None, None],
]


def build() -> object:
    plan = load_plan(ROOT / "data" / "examples" / PLAN).plan
    book = new_district_workbook(roles_of(plan))
    district = book["Район"]
    values = {
        "название органа": "Отдел образования администрации Тамбовского района",
        "период": "2024-2025 учебный год",
        "план": None,  # the municipal plan is on this workbook's own sheets
        "мониторинг": MONITORING,
        "дата приказа": datetime(2024, 9, 2),
        "номер приказа": "{n}-од",
        # «основание» is left empty: the order cites the act that approved the plan (the plan's
        # «гриф»: приказ от 26.08.2024 № 214), with its date and number
        "цель": "в целях организации работы по профессиональной ориентации обучающихся",
    }
    for row in district.iter_rows(min_row=2, max_col=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
            if isinstance(row[1].value, datetime):
                row[1].number_format = "DD.MM.YYYY"
    schools = book["Школы"]
    people = book["Люди"]
    for number, (key, name, short, kind, address, order) in enumerate(SCHOOLS):
        # every school gives the number its register gave the order (none is invented)
        order = order or f"{number + 1}-од"
        schools.append(
            [
                key,
                name,
                short,
                kind,
                f"676950, Амурская область, Тамбовский район, {address}",
                f"8 (41638) 2-{10 + number:02d}-00",
                f"{key}@tambovka-edu.example.ru",
                order or None,
            ]
        )
        for row in _people(number, key):
            people.append(row)
    documents = book["Документы"]
    documents.append(["pridor", "да", "нет"])  # the order of this school is signed on paper
    changes = book["Изменения"]
    for row in CHANGES:
        changes.append(row)
    for sheet in (schools, people, documents, changes):
        _xlsx.wrap_rows(sheet)
    add_plan_sheets(book, coherent(load_plan(ROOT / "data" / "examples" / PLAN)))
    return book


def coherent(data: PlanData) -> PlanData:
    """The municipal plan as the district sends it for 2024-2025: the real document
    (municipal_plan_tambov.yaml reproduces it, errors and all) has a deadline of 2022 left from
    earlier years, activities without a deadline and without responsible; the district's copy
    puts the deadline in its period, says «период учебного года» and gives the heads of the
    schools (``default_responsible``), so that every school's roadmap passes ``docgen check``;
    the activities of ЕГЭ and of profile classes are for schools with grades 10-11 (СОО), so
    the ООШ leave them out."""
    raw = data.model_dump(by_alias=True, exclude_unset=True)

    def fix(items: list[dict[str, object]], senior: bool = False) -> None:
        for item in items:
            if "items" in item or "activities" in item:
                inner = item.get("items", item.get("activities", []))
                fix(inner, senior or "ЕГЭ" in str(item.get("section", "")))  # type: ignore[arg-type]
                continue
            if senior or str(item.get("title", "")).startswith("Реализация профильного"):
                item["schools"] = ["СОО"]  # ЕГЭ and profiles: grades 10-11 only
            if item.get("deadline") == "до 01.06.2022":
                item["deadline"] = "до 01.10.2024"
            item.setdefault("deadline", "период учебного года")

    fix(raw["plan"]["body"])
    raw["plan"]["default_responsible"] = "Руководители ОО"
    raw["approval"] = {"style": "approved", "kind": "приказ", "number": "214", "date": "2024-08-26"}
    return PlanData.model_validate(raw)


MONITORING_REPORT: list[tuple[str, object, str]] = [
    (
        "заголовок",
        "Об итогах мониторинга реализации плана работы по самоопределению и "
        "профориентации обучающихся",
        "тема справки",
    ),
    ("организация", "Отдел образования", "кто составляет справку"),
    ("подчинённость", "администрации Тамбовского района", ""),
    ("место", "с. Тамбовка", ""),
    ("дата", datetime(2024, 5, 31), "от неё считаются просроченные мероприятия"),
    ("период", "2023-2024 учебный год", "отчётный период"),
    ("предыдущий период", "2022-2023 учебный год", "с ним сравниваются значения"),
    (
        "периоды",
        "2021-2022 учебный год\n2022-2023 учебный год\n2023-2024 учебный год",
        "для графика динамики",
    ),
    ("план", "monitoring_plan.yaml", "показатели и цели (путь от папки книги)"),
    (
        "должность подписывающего",
        "Начальник отдела образования\nадминистрации Тамбовского района",
        "",
    ),
    ("подписывает", "Т.В. Бондаренко", "И.О. Фамилия"),
    ("исполнитель", "Соколова Н.И.", ""),
    ("телефон исполнителя", "8 (41638) 2-10-05", ""),
]
MONITORING_ACTIVITIES: list[tuple[object, ...]] = [
    (
        "1",
        "Совещание руководителей ОО по реализации профориентационного минимума",
        "Отдел образования",
        "Сентябрь 2023 г.",
        "выполнено",
        datetime(2023, 9, 14),
        None,
    ),
    (
        "2",
        "Профориентационная диагностика обучающихся 8–9 классов",
        "Руководители ОО",
        "Декабрь 2023 г.",
        "выполнено",
        datetime(2023, 12, 20),
        None,
    ),
    (
        "3",
        "Профессиональные пробы на базе Амурского аграрного колледжа",
        "Руководители ОО",
        "Март – май 2024 г.",
        "выполняется",
        None,
        None,
    ),
    (
        "4",
        "Мониторинг наиболее часто выбираемых профессий",
        "Отдел образования",
        "Ежегодно до 25 мая",
        "выполнено",
        datetime(2024, 5, 22),
        None,
    ),
    (
        "5",
        "Обновление раздела «Профориентация» на сайтах общеобразовательных организаций",
        "Руководители ОО",
        "до 31.12.2023",
        "не выполнено",
        None,
        None,
    ),
]


def monitoring() -> object:
    """The district's monitoring for the schools' reports: the same schools and keys."""
    sys.path.insert(0, str(ROOT / "tools"))
    import make_monitoring_xlsx

    kinds = {
        "СОШ": "СОШ",
        "ООШ": "ООШ",
        "лицей": "лицей",
        "гимназия": "гимназия",
        "кадетская школа": "кадетская школа",
    }
    schools = [(key, name, short, kinds[kind]) for key, name, short, kind, _, _ in SCHOOLS]
    return make_monitoring_xlsx.build(
        MONITORING_REPORT, schools, MONITORING_ACTIVITIES, late="pridor"
    )


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    atomic_write_bytes(output, _xlsx.stable_bytes(build(), STAMP))
    atomic_write_bytes(
        output.parent / MONITORING, _xlsx.stable_bytes(monitoring(), datetime(2024, 5, 31, 9, 0))
    )
    print(output)
    print(output.parent / MONITORING)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
