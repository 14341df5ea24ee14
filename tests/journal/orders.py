"""A small order in YAML for the journal's and the control's tests: fast to render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PEOPLE: dict[str, Any] = {
    "ivanova": {
        "surname": "Иванова",
        "name": "Мария",
        "patronymic": "Петровна",
        "gender": "ж",
        "position": "директор",
    },
    "petrov": {
        "surname": "Петров",
        "name": "Игорь",
        "patronymic": "Сергеевич",
        "gender": "м",
        "position": "заместитель директора по учебно-воспитательной работе",
        "phone": "8 (4725) 22-55-48",
    },
}


def order(
    number: str = "auto",
    *,
    title: str = "О проведении педагогического совета",
    day: str = "2024-03-15",
    points: list[Any] | None = None,
    numbering: dict[str, str] | None = None,
    organization: str = "МОУ СОШ № 7",
    kind: str = "приказ",
) -> dict[str, Any]:
    """The data of an order; ``numbering`` is the organization's pattern per kind."""
    org: dict[str, Any] = {"name": organization}
    if numbering:
        org["numbering"] = numbering
    return {
        "organization": org,
        "people": PEOPLE,
        "document": {
            "kind": kind,
            "number": number,
            "date": day,
            "title": title,
            "points": points or ["Провести педагогический совет 25.03.2024."],
            "signer": "ivanova",
            "executor": "petrov",
        },
    }


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path
