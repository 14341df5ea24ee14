"""The web application's security: hashed passwords, session cookies, the secret key, CSRF
tokens on every form, upload and login limits, no request-made paths, and a school that never
sees another school's documents."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from docgen.web import security
from docgen.web.app import MAX_UPLOAD, create_app
from tests.conftest import EXAMPLES
from tests.web.conftest import CODE, PASSWORD, add_user, log_in, post, token, upload


def test_passwords_are_stored_as_argon2_hashes(app: Flask) -> None:
    client = app.test_client()
    form = {
        "code": CODE,
        "login": "admin",
        "password": "секретный-пароль",
        "again": "секретный-пароль",
    }
    post(client, "/setup", form)
    stored = app.config["DOCGEN_STORE"].user("admin").password
    assert stored.startswith("$argon2id$")
    assert "секретный" not in stored
    database = (Path(app.config["DOCGEN_FOLDERS"].root) / "docgen.sqlite3").read_bytes()
    assert "секретный-пароль".encode() not in database


def test_the_session_cookie_is_httponly_and_samesite(
    district_client: FlaskClient, app: Flask
) -> None:
    client = app.test_client()
    response = log_in(client, "rayon")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain HTTP on the local machine
    app.config["SESSION_COOKIE_SECURE"] = True  # what serve sets for a host on the network
    secure = log_in(app.test_client(), "rayon").headers["Set-Cookie"]
    assert "Secure" in secure


def test_the_server_sets_secure_cookies_off_the_local_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.web import server

    seen: dict[str, bool] = {}
    monkeypatch.setattr(
        "waitress.serve",
        lambda app, **kw: seen.setdefault(kw["host"], app.config["SESSION_COOKIE_SECURE"]),
    )
    server.serve("127.0.0.1", 8000, tmp_path / "a")
    server.serve("0.0.0.0", 8000, tmp_path / "b")
    assert seen == {"127.0.0.1": False, "0.0.0.0": True}


def test_the_secret_key_is_kept_private_in_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = create_app(data, setup_code=CODE)
    key = data / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "docgen.sqlite3").stat().st_mode) == 0o600  # password hashes
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert len(key.read_bytes()) >= 32
    again = create_app(data, setup_code=CODE)  # a restart keeps the sessions valid
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert (
        create_app(tmp_path / "other", setup_code=CODE).config["SECRET_KEY"]
        != first.config["SECRET_KEY"]
    )


FORMS = [
    ("/setup", None),
    ("/login", None),
    ("/logout", "district"),
    ("/district/upload", "district"),
    ("/district/run", "district"),
    ("/accounts", "district"),
    ("/accounts/1/delete", "district"),
    ("/password", "school"),
    ("/school/rows", "school"),
    ("/school/upload", "school"),
    ("/school/run", "school"),
    ("/order", "secretary"),
]


@pytest.mark.parametrize(("url", "role"), FORMS)
def test_every_form_is_refused_without_its_csrf_token(
    app: Flask, url: str, role: str | None
) -> None:
    client = app.test_client()
    if role is not None:
        add_user(app, role, role, "sosh1" if role == "school" else "")
        log_in(client, role)
    token(
        client, "/login" if role else "/setup"
    )  # the session has a token; the form does not send it
    for sent in ({}, {"csrf": "подделка"}):
        response = client.post(url, data={"login": "x", "password": "y", **sent})
        assert response.status_code == 400
        assert "Форма устарела" in response.get_data(as_text=True)


def test_every_post_form_of_every_page_carries_the_token(
    app: Flask, district_client: FlaskClient
) -> None:
    add_user(app, "sosh1", "school", "sosh1")
    add_user(app, "sekretar", "secretary")
    upload(district_client, "district", EXAMPLES / "district.xlsx")
    school, secretary = app.test_client(), app.test_client()
    log_in(school, "sosh1")
    log_in(secretary, "sekretar")
    pages = [(district_client, u) for u in ("/district", "/accounts", "/order")]
    pages += [(school, "/school"), (secretary, "/order"), (app.test_client(), "/login")]
    seen = 0
    for client, url in pages:
        html = client.get(url).get_data(as_text=True)
        forms = re.findall(r'<form[^>]*method="post".*?</form>', html, re.S)
        assert forms, url
        for form in forms:
            assert re.search(r'name="csrf" value="[\w-]{20,}"', form), (url, form[:200])
            seen += 1
    assert seen >= 12


def test_an_upload_over_the_limit_is_refused_in_russian(
    district_client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    assert MAX_UPLOAD == app.config["MAX_CONTENT_LENGTH"] == 20 * 1024 * 1024
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * (MAX_UPLOAD + 10))
    response = upload(district_client, "district", big)
    assert response.status_code == 413
    assert "Файл больше 20 МБ" in response.get_data(as_text=True)
    assert not app.config["DOCGEN_FOLDERS"].workbook.exists()


def test_login_attempts_are_limited(app: Flask) -> None:
    add_user(app, "rayon", "district")
    client = app.test_client()
    for _ in range(security.MAX_FAILURES):
        response = log_in(client, "rayon", "неверный-пароль")
        assert response.status_code == 401
        assert "Неверный логин или пароль" in response.get_data(as_text=True)
    locked = log_in(client, "rayon", PASSWORD)  # even the right password, for a while
    assert locked.status_code == 401
    assert "Слишком много неудачных попыток" in locked.get_data(as_text=True)
    assert log_in(app.test_client(), "другой", PASSWORD).status_code == 401


def test_login_attempts_from_one_address_are_limited_across_accounts(app: Flask) -> None:
    add_user(app, "rayon", "district")
    client = app.test_client()
    for n in range(security.MAX_ADDRESS_FAILURES):
        log_in(client, f"guess{n}", "x")
    assert "Слишком много" in log_in(client, "rayon", PASSWORD).get_data(as_text=True)


def test_the_setup_code_cannot_be_guessed_for_ever(app: Flask) -> None:
    client = app.test_client()
    form = {"login": "a", "password": "длинный-пароль", "again": "длинный-пароль"}
    for n in range(security.MAX_FAILURES + 1):
        post(client, "/setup", {**form, "code": f"0000-000{n}"})
    response = post(client, "/setup", {**form, "code": CODE})
    assert response.status_code == 400
    assert not app.config["DOCGEN_STORE"].has_users()


@pytest.mark.parametrize(
    "name", ["../../evil.xlsx", "/etc/evil.xlsx", "..\\..\\evil.xlsx", "con.xlsx"]
)
def test_an_uploaded_file_name_never_becomes_a_path(
    district_client: FlaskClient, app: Flask, tmp_path: Path, name: str
) -> None:
    response = upload(district_client, "district", EXAMPLES / "district.xlsx", name=name)
    assert response.status_code == 302
    folders = app.config["DOCGEN_FOLDERS"]
    assert folders.workbook.read_bytes() == (EXAMPLES / "district.xlsx").read_bytes()
    assert not list(tmp_path.rglob("evil*")) and not list(tmp_path.rglob("con.xlsx"))
    # a kind of file the workbook does not name is not saved at all
    response = district_client.post(
        "/district/upload",
        data={
            "kind": "../../evil",
            "csrf": token(district_client, "/district"),
            "file": ((EXAMPLES / "monitoring_plan.yaml").open("rb"), "evil.yaml"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert not list(tmp_path.rglob("evil*"))


def test_a_file_name_in_the_workbook_that_leaves_its_folder_is_not_offered(
    district_client: FlaskClient, app: Flask, tmp_path: Path
) -> None:
    from tests.conftest import edit_cell

    book = tmp_path / "district.xlsx"
    book.write_bytes((EXAMPLES / "district.xlsx").read_bytes())
    edit_cell(book, "Район", "B5", "../../outside.xlsx")
    upload(district_client, "district", book)
    page = district_client.get("/district").get_data(as_text=True)
    assert 'name="kind" value="monitoring"' not in page
    response = district_client.post(
        "/district/upload",
        data={
            "kind": "monitoring",
            "csrf": token(district_client, "/district"),
            "file": ((EXAMPLES / "district_monitoring.xlsx").open("rb"), "m.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert not list(tmp_path.rglob("outside.xlsx"))


def _documents(app: Flask) -> dict[str, int]:
    """Two schools' documents in the store and the output folder, as a run leaves them."""
    store = app.config["DOCGEN_STORE"]
    output = app.config["DOCGEN_FOLDERS"].output
    for school in ("sosh1", "licey2"):
        (output / school).mkdir(parents=True)
        (output / school / "Приказ.docx").write_bytes(
            (
                EXAMPLES.parent.parent / "docgen" / "templates" / "orders" / "prikaz.docx"
            ).read_bytes()
        )
    run = store.start_run("rayon")
    store.finish_run(
        run,
        "готово",
        "",
        "",
        [(s, f"{s}/Приказ.docx", "создан", "[]", "") for s in ("sosh1", "licey2")],
    )
    return {d.school: d.id for d in store.documents(run)}


@pytest.mark.parametrize("suffix", ["", "/preview", "/page/1.png", "/pdf"])
def test_a_school_never_sees_another_schools_documents(app: Flask, suffix: str) -> None:
    ids = _documents(app)
    add_user(app, "sosh1", "school", "sosh1")
    add_user(app, "sekretar", "secretary")
    school = app.test_client()
    log_in(school, "sosh1")
    assert school.get(f"/documents/{ids['licey2']}{suffix}").status_code == 403
    if suffix == "":
        assert school.get(f"/documents/{ids['sosh1']}").status_code == 200
    secretary = app.test_client()
    log_in(secretary, "sekretar")
    assert secretary.get(f"/documents/{ids['sosh1']}{suffix}").status_code == 403
    assert (
        app.test_client().get(f"/documents/{ids['sosh1']}{suffix}").status_code == 302
    )  # to login


@pytest.mark.parametrize("url", ["/district", "/accounts", "/runs/1", "/runs/1/zip"])
def test_a_school_cannot_open_the_districts_pages(app: Flask, url: str) -> None:
    _documents(app)
    add_user(app, "sosh1", "school", "sosh1")
    school = app.test_client()
    log_in(school, "sosh1")
    response = school.get(url)
    assert response.status_code == 403
    assert "Нет доступа" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    ["/documents/..%2F..%2Fsecret_key", "/documents/1%2F..%2F..%2Fsecret_key", "/documents/-1"],
)
def test_a_path_in_the_address_is_not_a_document(district_client: FlaskClient, url: str) -> None:
    response = district_client.get(url)
    assert response.status_code == 404
    assert b"secret" not in response.data


def test_the_district_deletes_an_account_but_not_its_own(
    app: Flask, district_client: FlaskClient
) -> None:
    add_user(app, "sosh1", "school", "sosh1")
    store = app.config["DOCGEN_STORE"]
    school, me = store.user("sosh1"), store.user("rayon")
    assert (
        post(district_client, f"/accounts/{me.id}/delete", {}, page="/accounts").status_code == 302
    )
    assert store.user("rayon") is not None
    assert (
        post(district_client, f"/accounts/{school.id}/delete", {}, page="/accounts").status_code
        == 302
    )
    assert store.user("sosh1") is None
    assert "Учётная запись «sosh1» удалена" in district_client.get("/accounts").get_data(
        as_text=True
    )
    # a deleted account's session is over
    add_user(app, "sosh2", "school", "sosh2")
    client = app.test_client()
    log_in(client, "sosh2")
    store.delete_user(store.user("sosh2").id)
    assert client.get("/school").headers["Location"].startswith("/login")
    # nor does it pass to an account made after it (ids are never reused)
    add_user(app, "licey2", "school", "licey2")
    assert client.get("/school").headers["Location"].startswith("/login")


def test_a_user_changes_the_password_the_district_gave(app: Flask) -> None:
    add_user(app, "sosh1", "school", "sosh1")
    client = app.test_client()
    log_in(client, "sosh1")
    new = {"password": "свой-новый-пароль", "again": "свой-новый-пароль"}
    wrong = post(client, "/password", {**new, "old": "не тот"})
    assert wrong.status_code == 400 and "Текущий пароль неверен" in wrong.get_data(as_text=True)
    short = post(client, "/password", {"old": PASSWORD, "password": "корот", "again": "корот"})
    assert "не короче 8 символов" in short.get_data(as_text=True)
    assert post(client, "/password", {**new, "old": PASSWORD}).status_code == 302
    assert log_in(app.test_client(), "sosh1").status_code == 401
    assert log_in(app.test_client(), "sosh1", "свой-новый-пароль").status_code == 302
