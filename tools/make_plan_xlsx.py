"""Write data/examples/plan_template.xlsx: a filled-in school roadmap an administrator can copy.

Why a script: the workbook is a binary file; the script is what reviewers read, and it makes
the same bytes on every run (fixed dates in the properties and the zip entries), so the
example changes in git only when its content does. The workbook is written by
:func:`docgen.plans.exporting.plan_workbook`, so it is exactly the layout the loader reads (see
:mod:`docgen.loading._plan_xlsx`): header fill, notes, drop-down lists for «вид»,
«нумерация», «да / нет».

    python tools/make_plan_xlsx.py [output.xlsx]
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.model import PlanData  # noqa: E402
from docgen.office.files import atomic_write_bytes  # noqa: E402
from docgen.plans.exporting import plan_xlsx  # noqa: E402

OUTPUT = ROOT / "data" / "examples" / "plan_template.xlsx"

PLAN: dict[str, object] = {
    "organization": {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 5»",
        "short_name": "МБОУ «СОШ № 5»",
        "place": "г. Пенза",
    },
    "people": {
        "sokolov": {
            "surname": "Соколов",
            "name": "Андрей",
            "patronymic": "Викторович",
            "gender": "м",
            "position": "директор",
        },
        "petrova": {
            "surname": "Петрова",
            "name": "Елена",
            "patronymic": "Сергеевна",
            "gender": "ж",
            "position": "заместитель директора по учебно-воспитательной работе",
            "position_short": "заместитель директора по УВР",
        },
        "ivanova": {
            "surname": "Иванова",
            "name": "Мария",
            "patronymic": "Олеговна",
            "gender": "ж",
            "position": "педагог-психолог",
        },
    },
    "approval": {"style": "approve", "person": "sokolov"},
    "plan": {
        "title": "План мероприятий («дорожная карта»)\n"
        "по сопровождению профессионального самоопределения обучающихся\n"
        "МБОУ «СОШ № 5» на 2024–2026 годы",
        "period": "2024–2026 годы",
        "goal": "создание условий для осознанного профессионального самоопределения "
        "обучающихся в соответствии с их способностями и потребностями рынка труда региона",
        "tasks": [
            "обеспечить участие обучающихся 6–11 классов в профориентационных мероприятиях;",
            "организовать профориентационную диагностику и консультирование;",
            "вовлечь родителей и социальных партнёров в профориентационную работу.",
        ],
        "intro": [
            "Цель: {{ plan.goal }}.",
            "Задачи:",
            {"items": "tasks"},
        ],
        "columns": [
            {"number": "№ п/п"},
            {"title": "Наименование мероприятия"},
            {"indicators": "Показатели"},
            {"deadline": "Сроки"},
            {"responsible": "Ответственные"},
            {"result": "Ожидаемый результат"},
        ],
        "body": [
            {
                "section": "Организационно-управленческое обеспечение",
                "items": [
                    {
                        "title": "Назначение ответственного за профориентационную работу в школе",
                        "deadline": "Сентябрь 2024 г.",
                        "responsible": "sokolov",
                        "result": "Приказ о назначении ответственного",
                    },
                    {
                        "title": "Разработка и утверждение плана профориентационной работы на учебный "
                        "год",
                        "deadline": "до 15.09.2024",
                        "responsible": "petrova",
                        "result": "Утверждённый план",
                    },
                    {
                        "title": "Анализ результатов профориентационной работы за учебный год",
                        "deadline": "Ежегодно до 25 мая",
                        "responsible": "petrova",
                        "result": "Аналитическая справка",
                    },
                ],
            },
            {
                "section": "Работа с обучающимися",
                "items": [
                    {
                        "title": "Участие обучающихся 6–11 классов в проекте «Билет в будущее»",
                        "indicators": [
                            "Доля обучающихся 6–11 классов, зарегистрированных в проекте",
                            "Доля обучающихся, прошедших профессиональные пробы",
                        ],
                        "deadline": "В течение учебного года",
                        "responsible": "Классные руководители 6–11 классов",
                        "result": "Участие не менее 70 % обучающихся 6–11 классов",
                    },
                    {
                        "title": "Профориентационная диагностика обучающихся 8–9 классов",
                        "indicators": ["Количество обучающихся, прошедших диагностику"],
                        "deadline": "Октябрь – ноябрь",
                        "responsible": "ivanova",
                        "result": "Рекомендации обучающимся и родителям",
                    },
                    {
                        "title": "Профориентационные занятия «Россия — мои горизонты»",
                        "deadline": "Еженедельно по четвергам",
                        "responsible": "Классные руководители 6–11 классов",
                    },
                    {
                        "title": "Экскурсии на предприятия и в колледжи города",
                        "deadline": "По отдельному графику",
                        "responsible": "petrova",
                        "result": "Не менее двух экскурсий для каждого класса в год",
                    },
                ],
            },
            {
                "section": "Работа с родителями и социальными партнёрами",
                "items": [
                    {
                        "title": "Родительские собрания по вопросам выбора профессии",
                        "deadline": "Ежегодно до 20 декабря и 25 мая",
                        "responsible": "Классные руководители",
                    },
                    {
                        "title": "Заключение договоров о сотрудничестве с колледжами и предприятиями",
                        "deadline": {"date": date(2024, 10, 1)},
                        "responsible": "sokolov",
                        "result": "Договоры о сотрудничестве",
                    },
                    {
                        "title": "Консультации для родителей выпускников 9 и 11 классов",
                        "deadline": "В течение учебного года",
                        "responsible": "ivanova",
                    },
                ],
            },
        ],
        "indicators_title": "Целевые показатели",
        "indicators": [
            {
                "name": "Доля обучающихся 6–11 классов, охваченных профориентационными "
                "мероприятиями",
                "unit": "%",
                "baseline": 60,
                "targets": {2024: 70, 2025: 80, 2026: 90},
                "parts": [
                    {
                        "name": "в том числе участвующих в проекте «Билет в будущее»",
                        "unit": "%",
                        "baseline": 25,
                        "targets": {2024: 30, 2025: 40, 2026: 50},
                    }
                ],
            },
            {
                "name": "Количество договоров о сотрудничестве с колледжами и предприятиями",
                "unit": "ед.",
                "baseline": 2,
                "targets": {2024: 3, 2025: 4, 2026: 5},
            },
            {
                "name": "Доля выпускников 9 классов, поступивших в колледжи по профилю "
                "предпрофильной подготовки",
                "unit": "%",
                "baseline": 40,
                "targets": {2024: "не менее 45", 2025: "не менее 50", 2026: "не менее 55"},
            },
        ],
    },
}


def build() -> PlanData:
    """The example roadmap, checked by the schema like any data file."""
    return PlanData.model_validate(PLAN)


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    atomic_write_bytes(output, plan_xlsx(build()))
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
