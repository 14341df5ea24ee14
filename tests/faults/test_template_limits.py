"""Hostile templates and data texts end in a located error within bounded time and memory.

Time is not measured here: a runaway render is shown stopped by a small limit, and the
one-step operations (huge repetitions, powers, widths) are refused before they run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.office import sandbox
from tests.conftest import run_cli
from tests.docx_builder import build

ORDER = Path(__file__).resolve().parents[2] / "data" / "examples" / "order_953.yaml"

ONE_STEP = [
    "{% for i in range(10**9) %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ 'a' * 10**10 }}",
    "{{ [1] * 10**9 }}",
    "{{ 10**(10**10) }}",
    "{{ 7 ** 1000000 }}",
    "{{ '%999999999d' | format(1) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '%.*f' % (999999999, 1.0) }}",
    "{{ '{:999999999}'.format(1) }}",
    "{{ lipsum(1000000) }}",
    "{{ 'x' | center(10**9) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ 'x'.zfill(10**9) }}",
    "{{ 'x' | indent(10**9) }}",
    "{{ [1] | batch(10**9, 0) | list }}",
    "{{ ('a' * 1000).replace('', 'b' * 1000) }}",
]

FAULTS = [
    "{{ 1/0 }}",
    "{{ 1 // 0 }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{{ 1.0e308 ** 2 }}",
    "{{ [1][5] }}",
    "{{ {}['x'] }}",
    "{{ 'a' + 1 }}",
]

RUNAWAY = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% set ns = namespace(s='') %}{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% set ns.s = ns.s ~ 'a' * 1000 %}{% endfor %}{% endfor %}",
]


def template(tmp_path: Path, body: str) -> Path:
    return build(tmp_path / "t.docx", "Приказ", body, "конец")


def render(tmp_path: Path, *args: str) -> tuple[int, str]:
    code, stdout, stderr = run_cli("render", str(ORDER), "-o", str(tmp_path / "out"), *args)
    return code, stdout + stderr


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "SECONDS", 1.0)
    monkeypatch.setattr(sandbox, "MEGABYTES", 200)


@pytest.mark.parametrize("body", ONE_STEP + FAULTS)
def test_a_hostile_template_is_a_located_error(tmp_path: Path, body: str) -> None:
    code, text = render(tmp_path, "--template", str(template(tmp_path, body)))
    assert code == 1, text
    assert "внутренняя ошибка" not in text and "Traceback" not in text, text
    assert "t.docx" in text and "строка шаблона" in text, text
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("body", ONE_STEP + FAULTS)
def test_a_hostile_data_text_is_a_located_error(tmp_path: Path, body: str) -> None:
    code, text = render(tmp_path, "--set", f"document.title=О {body}")
    assert code == 1, text
    assert "внутренняя ошибка" not in text and "Traceback" not in text, text
    assert "document.title" in text, text


@pytest.mark.parametrize("body", RUNAWAY)
def test_a_runaway_template_is_stopped_with_its_place(
    tmp_path: Path, body: str, small_limits: None
) -> None:
    code, text = render(tmp_path, "--template", str(template(tmp_path, body)))
    assert code == 1, text
    assert "остановлен" in text and "t.docx" in text, text


@pytest.mark.parametrize("body", RUNAWAY)
def test_a_runaway_data_text_is_stopped_with_its_place(
    tmp_path: Path, body: str, small_limits: None
) -> None:
    code, text = render(tmp_path, "--set", f"document.title=О {body}")
    assert code == 1, text
    assert "остановлен" in text and "document.title" in text, text


def test_ordinary_sizes_still_work(tmp_path: Path) -> None:
    body = "{{ '-' * 40 }} {{ 2 ** 64 }} {{ '%05d' | format(7) }} {{ 'x' | center(20) }}"
    code, text = render(tmp_path, "--template", str(template(tmp_path, body)))
    assert code == 0, text


SHARED_STATE = [
    "{{ people.ushakova.short.inflector.exceptions.forms.clear() }}",
    "{{ people.ushakova.short.inflector }}",
    "{% set d = {} %}{{ d.update({'a': 1}) }}",
    "{{ [1].append(2) }}",
]


@pytest.mark.parametrize("body", SHARED_STATE)
def test_templates_cannot_change_shared_state(tmp_path: Path, body: str) -> None:
    before = render(tmp_path, "--template", str(template(tmp_path, "{{ people.ushakova | вн }}")))
    code, text = render(tmp_path, "--template", str(template(tmp_path, body)))
    assert code == 1 and "t.docx" in text and "недопустимое" in text, text
    code, text = render(tmp_path, "--set", f"document.title=О {body}")
    assert code == 1 and "document.title" in text, text
    assert (
        render(tmp_path, "--template", str(template(tmp_path, "{{ people.ushakova | вн }}")))
        == before
    )


def test_a_huge_title_is_stopped_by_the_documents_limit(tmp_path: Path, small_limits: None) -> None:
    code, text = render(tmp_path, "--set", "document.title=" + "О проведении " * 80_000)
    assert code == 1 and "остановлен" in text and "order_953.yaml" in text, text[:500]


def test_an_unforeseen_fault_fails_one_school_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import openpyxl

    from docgen import rendering

    folder = tmp_path / "district"
    folder.mkdir()
    for name in ("district.xlsx", "municipal_plan_tambov.yaml"):
        shutil.copy(ORDER.parent / name, folder)
    book = openpyxl.load_workbook(folder / "district.xlsx")
    for row in book["Район"].iter_rows(min_row=2):
        if row[0].value == "мониторинг":
            row[1].value = None
    book.save(folder / "district.xlsx")
    real = rendering.render_bytes

    def faulty(data: object, *args: object, **kwargs: object) -> object:
        if "gimn" in str(kwargs.get("source", "")):
            raise RuntimeError("сбой")
        return real(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rendering, "render_bytes", faulty)
    code, stdout, stderr = run_cli(
        "bulk", str(folder / "district.xlsx"), "-o", str(tmp_path / "out"), "-j", "1"
    )
    text = stdout + stderr
    assert code == 1 and "gimn" in text and "Traceback" not in text, text
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 25
    assert (tmp_path / "out" / "Сводка.xlsx").exists()
