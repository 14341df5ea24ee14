"""The district's way through the application: upload, check, run, summary, downloads; a
school's page and its rows; the secretary's order form."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import write_workbook
from tests.docx_text import text as docx_text
from tests.web.conftest import CODE, add_user, log_in, post, upload, uploaded


def _text(content: bytes, folder: Path) -> str:
    """The text of a downloaded DOCX, no-break spaces as spaces."""
    path = folder / "downloaded.docx"
    path.write_bytes(content)
    return docx_text(path)


def _finish(client: FlaskClient, run_id: int, limit_s: float = 600) -> str:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        page = client.get(f"/runs/{run_id}").get_data(as_text=True)
        if "Идёт сборка" not in page:
            return page
        time.sleep(0.5)
    raise AssertionError("the run did not finish")


def test_first_visitor_creates_the_district_admin_with_the_console_code(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/").headers["Location"].endswith("/setup")
    form = {
        "login": "admin",
        "name": "Админ",
        "password": "длинный-пароль",
        "again": "длинный-пароль",
    }
    wrong = post(client, "/setup", {**form, "code": "0000-0000"})
    assert wrong.status_code == 400
    assert "Код первого входа не совпадает" in wrong.get_data(as_text=True)
    right = post(client, "/setup", {**form, "code": CODE})
    assert right.status_code == 302
    assert client.get("/district").status_code == 200
    # once there is an account, the setup page is closed
    other = app.test_client()
    assert other.get("/setup").headers["Location"].endswith("/login")
    assert app.config["DOCGEN_STORE"].user("admin").role == "district"


def test_a_bad_district_workbook_shows_its_problems_with_sheet_and_cell(
    district_client: FlaskClient, tmp_path
) -> None:
    bad = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "Район": [
                ["поле", "значение"],
                ["название органа", "Отдел образования"],
                ["период", "2024-2025 учебный год"],
            ],
            "Школы": [["ключ", "полное название", "краткое название"], ["sosh1", "Школа № 1", ""]],
            "Люди": [["школа", "роль", "фамилия"]],
        },
    )
    assert upload(district_client, "district", bad).status_code == 302
    page = district_client.get("/district").get_data(as_text=True)
    assert "Найдено замечаний" in page
    assert "<td>Школы</td>" in page or "<td>Район</td>" in page
    assert 'class="cell">' in page


def test_not_a_workbook_is_refused_by_name(district_client: FlaskClient, tmp_path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("не книга", "utf-8")
    response = upload(district_client, "district", text)
    page = district_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "«notes.xlsx» — не книга Excel (.xlsx)" in page


def test_district_runs_the_example_and_downloads_documents_and_the_zip(
    app: Flask, district_client: FlaskClient, tmp_path: Path
) -> None:
    uploaded(district_client)
    page = district_client.get("/district").get_data(as_text=True)
    assert "Ошибок нет. Школ в книге: 14" in page
    assert '«district_monitoring.xlsx» —\n  <span class="ok">загружен' in page
    assert '«monitoring_plan.yaml» —\n  <span class="ok">загружен' in page
    response = post(district_client, "/district/run", {}, page="/district")
    assert response.status_code == 302
    run_id = int(response.headers["Location"].rsplit("/", 1)[1])
    summary = _finish(district_client, run_id)
    assert "Готово." in summary
    assert "МАОУ «СОШ № 1 с. Тамбовка»" in summary
    store = app.config["DOCGEN_STORE"]
    documents = store.documents(run_id)
    assert {d.status for d in documents} == {"создан"}
    assert len({d.school for d in documents}) == 14
    order = next(d for d in documents if d.school == "sosh1" and "Приказ" in d.path)
    got = district_client.get(f"/documents/{order.id}")
    assert got.status_code == 200
    text = _text(got.data, tmp_path)
    assert "ПРИКАЗ" in text and "О.Н. Лысенко" in text
    bundle = district_client.get(f"/runs/{run_id}/zip")
    assert bundle.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(bundle.data)).namelist()
    assert order.path in names and "Сводка.xlsx" in names
    assert len([n for n in names if n.endswith(".docx")]) == len(documents)
    # a rerun with nothing changed says so
    again = post(district_client, "/district/run", {}, page="/district")
    rerun = _finish(district_client, int(again.headers["Location"].rsplit("/", 1)[1]))
    assert f"<b>{len(documents)}</b> без изменений" in rerun
    # the preview lays the document out (pages or text)
    shown = district_client.get(f"/documents/{order.id}/preview").get_data(as_text=True)
    assert "Скачать DOCX" in shown and ('alt="страница 1"' in shown or "Лысенко" in shown)


def test_a_school_edits_its_people_and_sees_only_its_documents(
    app: Flask, district_client: FlaskClient, tmp_path: Path
) -> None:
    uploaded(district_client)
    add_user(app, "sosh1", "school", "sosh1")
    school = app.test_client()
    log_in(school, "sosh1")
    page = school.get("/school").get_data(as_text=True)
    assert 'value="Лысенко"' in page and "Ковальчук" in page
    assert "Муравьёв" not in page  # another school's people are not shown
    form = {"sheet": "people", "count": "1"}
    form.update(
        {
            f"people-0-{k}": v
            for k, v in {
                "role": "директор; Руководители ОО",
                "surname": "Петрова",
                "name": "Анна",
                "patronymic": "Ивановна",
                "gender": "ж",
                "position": "директор",
            }.items()
        }
    )
    form.update(
        {
            f"people-1-{k}": v
            for k, v in {
                "role": "исполнитель",
                "surname": "Кузнецова",
                "name": "Дарья",
                "patronymic": "Сергеевна",
                "gender": "ж",
                "position": "заместитель директора",
            }.items()
        }
    )
    from docgen.district.rows import school_rows

    folders = app.config["DOCGEN_FOLDERS"]
    others = school_rows(folders.workbook, "licey2")
    response = post(school, "/school/rows", form, page="/school")
    assert response.status_code == 302
    rows = school_rows(folders.workbook, "sosh1")["people"]
    assert [r["surname"] for r in rows] == ["Петрова", "Кузнецова"]
    assert school_rows(folders.workbook, "licey2") == others  # another school's rows stay
    run = post(school, "/school/run", {}, page="/school")
    assert run.status_code == 302
    deadline = time.monotonic() + 300
    while app.config["DOCGEN_STORE"].run().state == "идёт" and time.monotonic() < deadline:
        time.sleep(0.5)
    documents = app.config["DOCGEN_STORE"].school_documents("sosh1")
    assert documents and {d.school for d in documents} == {"sosh1"}
    order = next(d for d in documents if "Приказ" in d.path)
    text = _text(school.get(f"/documents/{order.id}").data, tmp_path)
    assert "А.И. Петрова" in text and "Лысенко" not in text


def test_a_school_part_with_another_schools_row_is_refused(
    app: Flask, district_client: FlaskClient, tmp_path
) -> None:
    uploaded(district_client)
    add_user(app, "sosh1", "school", "sosh1")
    school = app.test_client()
    log_in(school, "sosh1")
    part = write_workbook(
        tmp_path / "part.xlsx",
        {
            "Люди": [
                ["школа", "роль", "фамилия", "имя", "отчество", "пол", "должность"],
                ["licey2", "директор", "Захватов", "Иван", "Иванович", "м", "директор"],
            ]
        },
    )
    with part.open("rb") as file:
        response = school.post(
            "/school/upload",
            data={"csrf": _token(school), "file": (file, "part.xlsx")},
            content_type="multipart/form-data",
        )
    page = school.get(response.headers["Location"]).get_data(as_text=True)
    assert "относится к школе «licey2»" in page
    from docgen.district.rows import school_rows

    assert "Захватов" not in str(school_rows(app.config["DOCGEN_FOLDERS"].workbook, "licey2"))


def _token(client: FlaskClient) -> str:
    from tests.web.conftest import token

    return token(client, "/school")


@pytest.mark.parametrize(
    ("shown", "case", "expected"),
    [
        ("person", "вн", "Возложить на Ушакову И.Г. обязанности"),
        ("with_position", "дт", "Поручить Ушаковой И.Г., заместителю директора по учебной работе,"),
        ("position", "рд", "Обязанности заместителя директора по учебной работе"),
    ],
)
def test_the_secretary_puts_a_person_in_the_chosen_case(
    app: Flask, shown: str, case: str, expected: str, tmp_path: Path
) -> None:
    add_user(app, "sekretar", "secretary")
    client = app.test_client()
    log_in(client, "sekretar")
    before = {"person": "Возложить на", "with_position": "Поручить", "position": "Обязанности"}[
        shown
    ]
    after = {
        "person": "обязанности ответственного за профориентацию.",
        "with_position": ", подготовить план.",
        "position": "исполнять временно.",
    }[shown]
    form = {
        "org_name": "МАОУ «СОШ № 2»",
        "org_place": "г. Тамбовка",
        "kind": "приказ",
        "number": "12-од",
        "date": "2024-09-02",
        "title": "О назначении ответственного",
        "p1_surname": "Кравченко",
        "p1_name": "Ольга",
        "p1_patronymic": "Николаевна",
        "p1_gender": "ж",
        "p1_position": "директор",
        "p2_surname": "Ушакова",
        "p2_name": "Ирина",
        "p2_patronymic": "Геннадьевна",
        "p2_gender": "ж",
        "p2_position": "заместитель директора по учебной работе",
        "t1_before": before,
        "t1_person": "p2",
        "t1_shown": shown,
        "t1_case": case,
        "t1_after": after,
        "signer": "p1",
        "signer_position": "Директор",
    }
    response = post(client, "/order", form)
    assert response.status_code == 200, response.get_data(as_text=True)
    got = client.get("/order/download")
    text = _text(got.data, tmp_path)
    assert expected in text
    assert "{{" not in text


def test_the_order_form_names_what_is_missing(app: Flask) -> None:
    add_user(app, "sekretar", "secretary")
    client = app.test_client()
    log_in(client, "sekretar")
    response = post(client, "/order", {"t1_before": "Назначить {{ 7*7 }}"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Заполните поле «номер»", "Заполните поле «дата»", "Выберите, кто подписывает"):
        assert message in page


def test_a_school_with_bad_data_fails_alone_with_its_sheet_and_cell(
    app: Flask, district_client: FlaskClient, tmp_path: Path
) -> None:
    from tests.conftest import EXAMPLES, edit_cell

    book = tmp_path / "district.xlsx"
    book.write_bytes((EXAMPLES / "district.xlsx").read_bytes())
    edit_cell(book, "Люди", "F2", "не знаю")  # sosh1's director: a gender that is none
    assert upload(district_client, "district", book).status_code == 302
    upload(district_client, "monitoring", EXAMPLES / "district_monitoring.xlsx")
    upload(district_client, "monitoring_plan", EXAMPLES / "monitoring_plan.yaml")
    page = district_client.get("/district").get_data(as_text=True)
    assert "Найдено замечаний" in page
    assert '<td>Люди</td><td class="cell">F2</td>' in page
    response = post(district_client, "/district/run", {}, page="/district")
    summary = _finish(district_client, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert "с ошибками (школ с ошибками: 1)" in " ".join(summary.split())
    assert "лист «Люди», ячейка F2" in summary
    documents = app.config["DOCGEN_STORE"].documents(1)
    assert {d.status for d in documents if d.school == "sosh1"} == {"ошибка"}
    assert {d.status for d in documents if d.school == "licey2"} == {"создан"}


def test_a_run_on_a_broken_workbook_shows_its_problems(
    app: Flask, district_client: FlaskClient, tmp_path: Path
) -> None:
    bad = write_workbook(tmp_path / "bad.xlsx", {"Район": [["поле", "значение"]]})
    upload(district_client, "district", bad)
    response = post(district_client, "/district/run", {}, page="/district")
    page = _finish(district_client, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert "Сборка остановлена: книга района не прочитана" in page
    assert "<td>bad.xlsx</td>" in page
    assert app.config["DOCGEN_STORE"].run().state == "ошибка"


def test_without_libreoffice_a_preview_is_the_documents_text(
    app: Flask, district_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.web import preview
    from tests.conftest import ROOT

    monkeypatch.setattr(preview, "can_show_pages", lambda: False)
    output = app.config["DOCGEN_FOLDERS"].output
    (output / "sosh1").mkdir()
    import docgen

    made = docgen.render(
        ROOT / "data" / "examples" / "order_953.yaml", docgen.Options(output_dir=output / "sosh1")
    )
    store = app.config["DOCGEN_STORE"]
    run = store.start_run("rayon")
    store.finish_run(
        run, "готово", "", "", [("sosh1", f"sosh1/{made.docx.name}", "создан", "[]", "")]
    )
    page = district_client.get(f"/documents/{store.documents(run)[0].id}/preview").get_data(
        as_text=True
    )
    assert '<article class="paper">' in page and "<img" not in page
    assert '<p class="align-center"><strong>ПРИКАЗ</strong></p>' in page
    assert "Ушакову" in page
    assert '<table class="doc-table ruled">' in page  # the roadmap's table, with its borders


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [("date", "2024-13-45", "поле «дата»"), ("p1_gender", "", "человек 1")],
)
def test_an_order_the_library_refuses_is_told_in_the_forms_words(
    app: Flask, field: str, value: str, said: str
) -> None:
    add_user(app, "sekretar", "secretary")
    client = app.test_client()
    log_in(client, "sekretar")
    form = {
        "org_name": "МАОУ «СОШ № 2»",
        "kind": "приказ",
        "number": "1",
        "date": "2024-09-02",
        "title": "О порядке",
        "p1_surname": "Двирник",
        "p1_name": "А.",
        "p1_patronymic": "Н.",
        "p1_gender": "м",
        "p1_position": "директор",
        "t1_before": "Утвердить порядок.",
        "signer": "p1",
    }
    form[field] = value
    response = post(client, "/order", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert said in page
    assert "order.yaml" not in page


def test_docgen_serve_prints_where_to_go_and_the_first_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_cli

    served: dict[str, object] = {}
    monkeypatch.setattr("waitress.serve", lambda app, **kw: served.update(kw))
    code, out, _ = run_cli("serve", "--port", "8765", "--data", str(tmp_path / "data"))
    assert code == 0
    assert "откройте в браузере http://127.0.0.1:8765/" in out
    assert re.search(r"/setup и введите код \d{4}-\d{4}", out)
    assert served["host"] == "127.0.0.1" and served["port"] == 8765
    assert (tmp_path / "data" / "docgen.sqlite3").is_file()
    assert run_cli("serve", "--port", "0")[0] == 2


def test_an_unforeseen_fault_is_a_russian_page_not_a_traceback(
    app: Flask, district_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("диск отвалился")

    monkeypatch.setattr(app.config["DOCGEN_STORE"], "run", broken)
    response = district_client.get("/district")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Внутренняя ошибка docgen" in page and "диск отвалился" in page
    assert "Traceback" not in page


def test_a_document_downloads_as_pdf_where_libreoffice_is_installed(
    app: Flask, district_client: FlaskClient
) -> None:
    import os

    import docgen
    from docgen.web import preview
    from tests.conftest import ROOT

    if not preview.can_show_pages():
        if os.environ.get("DOCGEN_REQUIRE_PDF"):
            pytest.fail("LibreOffice and pdftoppm are required (DOCGEN_REQUIRE_PDF)")
        pytest.skip("LibreOffice or pdftoppm is not installed")
    output = app.config["DOCGEN_FOLDERS"].output
    made = docgen.render(
        ROOT / "data" / "examples" / "order_953.yaml", docgen.Options(output_dir=output / "sosh1")
    )
    store = app.config["DOCGEN_STORE"]
    run = store.start_run("rayon")
    store.finish_run(
        run, "готово", "", "", [("sosh1", f"sosh1/{made.docx.name}", "создан", "[]", "")]
    )
    number = store.documents(run)[0].id
    response = district_client.get(f"/documents/{number}/pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    from urllib.parse import unquote

    assert "Приказ_953_2022-07-18.pdf" in unquote(response.headers["Content-Disposition"])
    page = district_client.get(f"/documents/{number}/preview").get_data(as_text=True)
    assert 'alt="страница 1"' in page
    image = district_client.get(f"/documents/{number}/page/1.png")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert district_client.get(f"/documents/{number}/page/999.png").status_code == 404


def test_a_long_order_is_kept_in_the_data_folder_not_in_the_cookie(app: Flask) -> None:
    add_user(app, "sekretar", "secretary")
    client = app.test_client()
    log_in(client, "sekretar")
    long_text = "обеспечить участие обучающихся в мероприятиях проекта «Билет в будущее» " * 5
    form = {f"t{n}_before": f"{n}. {long_text}" for n in range(1, 9)}
    response = post(client, "/order", {**form, "number": "7-од"})
    assert response.status_code == 400  # no signer, no date: told, and the form is kept
    cookie = response.headers.get("Set-Cookie", "")
    assert len(cookie) < 1000
    page = client.get("/order").get_data(as_text=True)
    assert 'value="7-од"' in page and page.count("Билет в будущее") >= 8 * 5


def test_a_school_secretarys_first_form_has_the_school_and_its_people(
    app: Flask, district_client: FlaskClient, tmp_path: Path
) -> None:
    uploaded(district_client)
    response = post(
        district_client,
        "/accounts",
        {
            "role": "secretary",
            "school": "sosh1",
            "login": "sekretar1",
            "password": "пароль-секретаря",
            "again": "пароль-секретаря",
        },
    )
    assert response.status_code == 302
    client = app.test_client()
    log_in(client, "sekretar1", "пароль-секретаря")
    page = client.get("/order").get_data(as_text=True)
    assert (
        'value="Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 1 с. Тамбовка»"'
        in page
    )
    assert 'name="p1_surname" value="Лысенко"' in page  # the director first: she signs
    assert 'name="p2_surname" value="Кузнецова"' in page
    assert '<option value="p1" selected>человек 1: Лысенко</option>' in page
    form = {
        "number": "5-од",
        "date": "2024-09-03",
        "title": "О дежурстве",
        "t1_before": "Контроль возложить на",
        "t1_person": "p2",
        "t1_shown": "person",
        "t1_case": "вн",
        "t1_after": ".",
    }
    values = {
        **dict(re.findall(r'name="(p\d_\w+|org_name|signer_position)" value="([^"]*)"', page)),
        **form,
    }
    values.update({"signer": "p1", "p1_gender": "ж", "p2_gender": "ж", "kind": "приказ"})
    made = post(client, "/order", values)
    assert made.status_code == 200, made.get_data(as_text=True)
    text = _text(client.get("/order/download").data, tmp_path)
    assert "Контроль возложить на Кузнецову Д.С." in text and "О.Н. Лысенко" in text
