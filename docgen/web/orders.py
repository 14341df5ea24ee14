"""The secretary's order form turned into order data (the same schema as an order's YAML), so
that the library renders it as any other order: people are chosen from a list and put in the
case the sentence needs, instead of typing Jinja."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The cases a person can be put in, as a secretary asks for them.
CASES = {
    "им": "именительный (кто?)",
    "рд": "родительный (кого?)",
    "дт": "дательный (кому?)",
    "вн": "винительный (кого? — «возложить на …»)",
    "тв": "творительный (кем?)",
    "пр": "предложный (о ком?)",
}
#: What of a person goes into the text.
SHOWN = {
    "person": "фамилия и инициалы",
    "with_position": "ФИО с должностью",
    "position": "только должность",
}
KINDS = ("приказ", "распоряжение")
PEOPLE = 6
POINTS = 8
GENDERS = {"ж": "женский", "м": "мужской"}


@dataclass
class OrderForm:
    """What the form holds, as typed (kept to fill the form again after a mistake)."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)


def _literal(text: str) -> str:
    """A typed text as it is: braces and percent signs never start a template tag."""
    if not re.search(r"[{}%#]", text):
        return text
    return "".join("{{ '" + ch + "' }}" if ch in "{}%#" else ch for ch in text)


def _person_tag(key: str, shown: str, case: str) -> str:
    target = f"people.{key}" if shown == "person" else f"people.{key}.{shown}"
    return "{{ " + target + " | " + case + " }}"


def form_values(form: Mapping[str, str]) -> OrderForm:
    return OrderForm(
        {k: str(v).strip() for k, v in form.items() if k != "csrf" and not k.startswith("_")}
    )


def order_data(form: OrderForm) -> tuple[dict[str, Any], list[str]]:
    """The order's data, or what the form lacks (in Russian, naming the field)."""
    problems: list[str] = []
    people: dict[str, dict[str, str]] = {}
    for n in range(1, PEOPLE + 1):
        surname = form.get(f"p{n}_surname")
        if not surname:
            continue
        person = {"surname": surname}
        for part in ("name", "patronymic", "position"):
            if form.get(f"p{n}_{part}"):
                person[part] = form.get(f"p{n}_{part}")
        if form.get(f"p{n}_gender") in GENDERS:
            person["gender"] = form.get(f"p{n}_gender")
        if "name" not in person:
            problems.append(f"Человек {n}: укажите имя и отчество (инициалы берутся из них).")
        people[f"p{n}"] = person
    document: dict[str, Any] = {
        "kind": form.get("kind") if form.get("kind") in KINDS else "приказ",
        "number": form.get("number"),
        "date": form.get("date"),
        "title": _literal(form.get("title")),
    }
    for name, label in (("number", "номер"), ("date", "дата"), ("title", "заголовок")):
        if not form.get(name):
            problems.append(f"Заполните поле «{label}».")
    for name in ("basis", "purpose"):
        if form.get(name):
            document[name] = _literal(form.get(name))
    points: list[str] = []
    for n in range(1, POINTS + 1):
        before, after = form.get(f"t{n}_before"), form.get(f"t{n}_after")
        who = form.get(f"t{n}_person")
        if not (before or after or who):
            continue
        text = _literal(before)
        if who:
            if who not in people:
                problems.append(f"Пункт {n}: выбранный человек не заполнен в списке людей.")
                continue
            case = form.get(f"t{n}_case") if form.get(f"t{n}_case") in CASES else "им"
            shown = form.get(f"t{n}_shown") if form.get(f"t{n}_shown") in SHOWN else "person"
            if shown != "person" and "position" not in people[who]:
                problems.append(f"Пункт {n}: у выбранного человека не указана должность.")
                continue
            text = f"{text} {_person_tag(who, shown, case)}".strip()
        if after:
            glue = "" if after[0] in ",.;:)" else " "
            text = f"{text}{glue}{_literal(after)}"
        points.append(text)
    if not points:
        problems.append("Добавьте хотя бы один пункт.")
    document["points"] = points
    signer = form.get("signer")
    if signer not in people:
        problems.append("Выберите, кто подписывает документ (из списка людей).")
    else:
        document["signer"] = {"person": signer}
        if form.get("signer_position"):
            document["signer"]["position"] = form.get("signer_position")
    control = form.get("control")
    if control == "self":
        document["control"] = {"self": True}
    elif control in people:
        document["control"] = {"person": control}
    organization = {"name": form.get("org_name")}
    if not form.get("org_name"):
        problems.append("Заполните поле «организация».")
    for name in ("parent", "place"):
        if form.get(f"org_{name}"):
            organization[name] = form.get(f"org_{name}")
    return {"organization": organization, "people": people, "document": document}, problems


_FIELDS = {
    "document.number": "номер",
    "document.date": "дата",
    "document.title": "заголовок",
    "document.basis": "основание",
    "document.purpose": "цель",
    "document.signer": "подписывает",
    "document.control": "контроль",
    "organization": "организация",
}


def in_form_terms(row: dict[str, str]) -> dict[str, str]:
    """A problem of the order's data told by the form's fields («пункт 2», «человек 3»), not by
    the key path of a file the secretary never saw."""
    where = row.get("place", "")
    path = re.search(r"[\w.\[\]]+$", where)
    key = path.group(0) if path else ""
    said = ""
    if match := re.match(r"document\.points\[(\d+)\]", key):
        said = f"пункт {int(match.group(1)) + 1}"
    elif match := re.match(r"people\.p(\d+)(?:\.(\w+))?", key):
        part = {
            "surname": "фамилия",
            "name": "имя",
            "patronymic": "отчество",
            "gender": "пол",
            "position": "должность",
        }.get(match.group(2) or "", "")
        said = f"человек {match.group(1)}" + (f", {part}" if part else "")
    else:
        said = next((label for prefix, label in _FIELDS.items() if key.startswith(prefix)), "")
    return {"message": row["message"], "place": f"поле «{said}»" if said else ""}


def prefilled(organization: str, people: list[dict[str, str]]) -> OrderForm:
    """A school secretary's first form: the school's full name and its people from the
    district workbook (the director first, who signs; the executor next)."""
    values = {"org_name": organization, "kind": "приказ"}

    def rank(row: dict[str, str]) -> int:
        roles = {r.strip().lower() for r in row.get("role", "").split(";")}
        return 0 if "директор" in roles else 1 if "исполнитель" in roles else 2

    named = sorted((r for r in people if r.get("surname")), key=rank)[:PEOPLE]
    for n, row in enumerate(named, start=1):
        for part in ("surname", "name", "patronymic", "position"):
            values[f"p{n}_{part}"] = row.get(part, "")
        gender = row.get("gender", "").strip().lower()[:1]
        values[f"p{n}_gender"] = gender if gender in GENDERS else ""
    if named and rank(named[0]) == 0:
        values["signer"] = "p1"
        values["signer_position"] = "Директор"
    return OrderForm(values)
