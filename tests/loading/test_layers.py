"""Layers of data: district defaults < school data < command-line overrides, places kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DataError, InvalidDataError
from docgen.loading import load_layers, load_order

DISTRICT = """\
organization:
  name: Управление образования
  parent: администрации Старооскольского городского округа
people:
  head:
    surname: Дереча
    initials: Н.Е.
    gender: ж
    position: начальник управления образования
  deputy:
    surname: Ушакова
    initials: И.Г.
    gender: ж
    position: заместитель начальника управления
document:
  kind: приказ
  number: 1
  date: 2024-09-02
  title: Об организации работы
  points:
    - Утвердить план.
    - Контроль оставляю за собой.
  signer: head
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_a_school_file_overrides_the_district_key_by_key(tmp_path: Path) -> None:
    write(tmp_path, "district.yaml", DISTRICT)
    school = write(
        tmp_path,
        "school.yaml",
        """\
extends: district.yaml
organization:
  name: Управление образования и молодёжной политики
people:
  deputy:
    position: первый заместитель начальника управления
document:
  points:
    - Утвердить план школы.
""",
    )
    data = load_order(school)
    assert data.organization.name == "Управление образования и молодёжной политики"
    assert data.organization.parent == "администрации Старооскольского городского округа"
    assert data.people["deputy"].surname == "Ушакова"  # from the district
    assert data.people["deputy"].position == "первый заместитель начальника управления"
    assert [p.text for p in data.document.points] == ["Утвердить план школы."]  # lists replace
    assert data.document.number == "1"


def test_an_error_in_an_inherited_value_names_the_district_file(tmp_path: Path) -> None:
    write(tmp_path, "district.yaml", DISTRICT.replace("2024-09-02", "2024-02-31"))
    school = write(
        tmp_path,
        "school.yaml",
        "extends: district.yaml\norganization:\n  name: Школа\n  nmae: опечатка\n",
    )
    with pytest.raises(InvalidDataError) as info:
        load_order(school)
    messages = [str(p) for p in info.value.problems]
    assert any(
        m.startswith(f"{tmp_path / 'district.yaml'}: строка 18: document.date") for m in messages
    ), messages
    assert any(m.startswith(f"{school}: строка 4: organization.nmae") for m in messages)


def test_overrides_win_over_every_file(tmp_path: Path) -> None:
    write(tmp_path, "district.yaml", DISTRICT)
    school = write(tmp_path, "school.yaml", "extends: district.yaml\ndocument:\n  number: 7\n")
    data = load_order(
        school, ["document.number=12-од", "document.points[1]=Иначе.", "people.head.gender=ж"]
    )
    assert data.document.number == "12-од"
    assert data.document.points[1].text == "Иначе."
    raw, _ = load_layers(school, ["document.date=2024-02-30"])
    assert raw["document"]["date"] == "2024-02-30"  # dates stay text for the schema to judge
    with pytest.raises(InvalidDataError) as info:
        load_order(school, ["document.date=2024-02-30"])
    assert str(info.value).startswith("--set document.date=2024-02-30: document.date:")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("document.number", "ожидается --set ключ.путь=значение"),
        ("document..number=1", "ожидается --set ключ.путь=значение"),
        ("document.points[5].text=x", "в данных нет элемента document.points[5]"),
        ("document.title.x=1", "document.title — не набор"),
    ],
)
def test_a_bad_override_is_named(tmp_path: Path, override: str, message: str) -> None:
    path = write(tmp_path, "district.yaml", DISTRICT)
    with pytest.raises(DataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_order(path, [override])


def test_extends_in_a_circle_or_to_nowhere(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\n")
    with pytest.raises(DataError, match="extends по кругу"):
        load_order(tmp_path / "a.yaml")
    lost = write(tmp_path, "lost.yaml", "extends: nowhere.yaml\n")
    with pytest.raises(DataError, match=r"«nowhere\.yaml» из extends не найден") as info:
        load_order(lost)
    assert info.value.location.row == 1


def test_the_cli_maps_set_onto_the_data(tmp_path: Path) -> None:
    path = write(tmp_path, "order.yaml", DISTRICT)
    result = CliRunner().invoke(
        main, ["render", str(path), "-o", str(tmp_path / "out"), "--set", "document.number=77"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "Приказ_77_2024-09-02.docx").exists()
    bad = CliRunner().invoke(main, ["check", str(path), "--set", "document.nubmer=1"])
    assert bad.exit_code == 1
    assert "неизвестное поле «nubmer»" in bad.output and "Traceback" not in bad.output
