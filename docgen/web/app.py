"""The web application's pages: the district, a school and a secretary, each seeing only what
its role may. The pages map a form onto the library and a ``DocgenError`` onto a table of
problems with their sheet and cell; nothing a request sends becomes a file path (documents are
found by their number in the store, files are saved under fixed names)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import yaml
from flask import (
    Flask,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers.response import Response as BaseResponse

import docgen
from docgen.errors import DocgenError
from docgen.web import orders, preview, security
from docgen.web.store import ROLES, Document, Store, User

F = TypeVar("F", bound=Callable[..., Any])
MAX_UPLOAD = 20 * 1024 * 1024  # a district workbook is a few hundred kilobytes
DISTRICT_FILE = "district.xlsx"


@dataclass(frozen=True)
class Folders:
    """The data folder's parts; every path the application writes is one of these."""

    root: Path

    @property
    def district(self) -> Path:
        return self.root / "district"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def previews(self) -> Path:
        return self.root / "previews"

    @property
    def orders(self) -> Path:
        return self.root / "orders"

    @property
    def workbook(self) -> Path:
        return self.district / DISTRICT_FILE

    @property
    def check(self) -> Path:
        return self.district / "check.json"


def create_app(data: Path, *, setup_code: str | None = None) -> Flask:
    """The application over the data folder ``data`` (made if missing)."""
    data = data.resolve()
    folders = Folders(data)
    if not data.exists():
        data.mkdir(parents=True, mode=0o700)  # accounts and documents: the owner's only
    for folder in (folders.district, folders.output, folders.previews, folders.orders):
        folder.mkdir(parents=True, exist_ok=True)
    database = data / "docgen.sqlite3"
    database.touch(mode=0o600, exist_ok=True)
    store = Store(database)
    store.interrupted()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=security.secret_key(data),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="docgen_session",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        SETUP_CODE=setup_code or security.setup_code(),
        DOCGEN_STORE=store,
        DOCGEN_FOLDERS=folders,
    )
    app.jinja_env.globals.update(
        ROLES=ROLES, CASES=orders.CASES, SHOWN=orders.SHOWN, can_pdf=preview.can_show_pages()
    )
    app.jinja_env.filters["fromjson"] = json.loads
    _routes(app, store, folders)
    return app


def _csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = security.new_token()
    return str(token)


def _page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, user=g.get("user"), csrf=_csrf_token(), **context), status


def _requires(*roles: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = g.get("user")
            if user is None:
                return redirect(url_for("login", next=request.path))
            if user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def problems_of(
    error: DocgenError, shown: dict[str, str] | None = None, folder: Path | None = None
) -> list[dict[str, str]]:
    """Every problem of an error as a row: file, sheet, cell, row, key path, message; a file
    saved under a fixed name is called by the name it was uploaded with (``shown``), and the
    server's own folder (``folder``) is left out of the messages."""
    inner = getattr(error, "problems", None) or [error]
    rows = []
    for problem in inner:
        where = problem.location
        rows.append(
            {
                "file": (shown or {}).get(Path(where.file).name, Path(where.file).name)
                if where.file
                else "",
                "sheet": where.sheet or "",
                "cell": where.cell or "",
                "place": " ".join(
                    part
                    for part in (
                        f"строка {where.row}" if where.row else "",
                        where.key_path or "",
                        f"строка шаблона {where.line}" if where.line else "",
                    )
                    if part
                ),
                "message": problem.message.replace(f"{folder}{os.sep}", "")
                if folder
                else problem.message,
            }
        )
    return rows


def check_district(folders: Folders) -> dict[str, Any]:
    """Read the district workbook and every school's data without writing a document: the
    schools found, and the problems with their sheet and cell."""
    from docgen.district import workbook as district

    result: dict[str, Any] = {"checked": time.time(), "schools": [], "problems": []}
    shown = _uploaded_names(folders)
    try:
        found = district.read(folders.workbook)
    except DocgenError as exc:
        result["problems"] = problems_of(exc, shown, folders.district)
        return result
    result["name"] = found.name
    result["schools"] = [[s.key, s.short_name] for s in found.schools]
    result["full_names"] = {s.key: str(s.row.value("name") or s.short_name) for s in found.schools}
    result["monitoring"] = found.monitoring is not None
    # the library's ``bulk --check``: each school's data, the plan, the monitoring, the lint;
    # warnings (no monitoring workbook yet: only the reports wait for it) are said, not fatal
    checked = district.check_read(found, docgen.BulkOptions(output_dir=folders.output))
    result["warnings"] = [
        row for warning in checked.warnings for row in problems_of(warning, shown, folders.district)
    ]
    names = {s.key: s.short_name for s in found.schools}
    for job in checked.failed:
        for problem in job.problems:
            result["problems"].extend(
                {"school": names.get(job.key, job.name), "key": job.key, **row}
                for row in problems_of(problem, shown, folders.district)
            )
    return result


#: The files the district's workbooks may name, as the district page calls them.
NAMED = {
    "plan": "муниципальный план",
    "monitoring": "книга мониторинга",
    "monitoring_plan": "план мониторинга (его называет книга мониторинга)",
}
_PLAIN_NAME = re.compile(r"[\w\- .]{1,100}\.(xlsx|yaml|yml|json)", re.IGNORECASE)


def named_files(folders: Folders) -> dict[str, str]:
    """The files the district's workbooks name beside them, by kind, if each is a plain file
    name: an upload is saved under that name (never under a name the request gives), so that
    the workbooks find it as they would on the district's computer."""
    from docgen.district.workbook import named_files as named

    if not folders.workbook.exists():
        return {}
    try:
        found = named(folders.workbook)
    except DocgenError:
        return {}
    return {
        kind: name
        for kind, name in found.items()
        if _PLAIN_NAME.fullmatch(name)
        and name.lower() not in (DISTRICT_FILE, "check.json", "uploaded.json")
    }


def _routes(app: Flask, store: Store, folders: Folders) -> None:
    running = threading.Lock()

    @app.before_request
    def load_user() -> BaseResponse | None:
        user_id = session.get("user")
        g.user = store.user(id=user_id) if isinstance(user_id, int) else None
        if request.method == "POST" and not security.same_token(
            session.get("csrf"), request.form.get("csrf")
        ):
            abort(400, "Форма устарела: обновите страницу и отправьте её ещё раз.")
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:"
        )
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> tuple[str, int]:
        return _page(
            "error.html",
            413,
            title="Файл слишком большой",
            message=f"Файл больше {MAX_UPLOAD // (1024 * 1024)} МБ. Книга района обычно "
            "занимает меньше мегабайта: проверьте, что выбран нужный файл.",
        )

    @app.errorhandler(DocgenError)
    def docgen_error(exc: DocgenError) -> tuple[str, int]:
        return _page("error.html", 400, title="Не получилось", message=str(exc))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return http_error(exc)
        app.logger.exception("unexpected error")
        return _page(
            "error.html",
            500,
            title="Внутренняя ошибка docgen",
            message=f"{type(exc).__name__}: {exc}. Сообщите администратору района; "
            "подробности — в окне, где запущен сервер.",
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int]:
        titles = {
            400: "Неверный запрос",
            403: "Нет доступа",
            404: "Не найдено",
            405: "Так нельзя",
        }
        messages = {
            403: "У вашей учётной записи нет доступа к этой странице или документу.",
            404: "Такой страницы или документа нет.",
        }
        code = exc.code or 500
        description = exc.description if code == 400 else messages.get(code, "")
        return _page(
            "error.html", code, title=titles.get(code, "Ошибка"), message=description or ""
        )

    @app.route("/")
    def home() -> BaseResponse:
        if not store.has_users():
            return redirect(url_for("setup"))
        user = g.user
        if user is None:
            return redirect(url_for("login"))
        return redirect(
            url_for({"district": "district", "school": "school", "secretary": "order"}[user.role])
        )

    @app.route("/setup", methods=["GET", "POST"])
    def setup() -> Any:
        if store.has_users():
            return redirect(url_for("login"))
        error = ""
        if request.method == "POST":
            form = request.form
            login_name = form.get("login", "").strip()
            error = security.password_problem(form.get("password", ""), form.get("again", ""))
            if not security.same_token(app.config["SETUP_CODE"], form.get("code", "").strip()):
                store.fail("setup", request.remote_addr or "")
                error = "Код первого входа не совпадает с кодом в окне, где запущен сервер."
            elif (
                store.address_failures(request.remote_addr or "", time.time() - security.WINDOW_S)
                > security.MAX_FAILURES
            ):
                error = "Слишком много неудачных попыток. Подождите 15 минут."
            elif not login_name:
                error = "Укажите логин."
            if not error:
                user_id = store.add_user(
                    login_name,
                    security.hash_password(form["password"]),
                    "district",
                    "",
                    form.get("name", "").strip(),
                )
                session.clear()
                session["user"] = user_id
                flash("Учётная запись администратора района создана.")
                return redirect(url_for("district"))
        return _page("setup.html", 400 if error else 200, error=error)

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        if not store.has_users():
            return redirect(url_for("setup"))
        error = ""
        if request.method == "POST":
            login_name = request.form.get("login", "").strip()
            user_id, error = security.check_login(
                store, login_name, request.form.get("password", ""), request.remote_addr or ""
            )
            if user_id is not None:
                session.clear()  # a new session: nothing from before the login is kept
                session["user"] = user_id
                session.permanent = True
                return redirect(url_for("home"))
        return _page("login.html", 401 if error else 200, error=error)

    @app.route("/logout", methods=["POST"])
    def logout() -> BaseResponse:
        session.clear()
        return redirect(url_for("login"))

    @app.route("/password", methods=["GET", "POST"])
    @_requires("district", "school", "secretary")
    def password() -> Any:
        error = ""
        if request.method == "POST":
            form = request.form
            _, error = security.check_login(
                store, g.user.login, form.get("old", ""), request.remote_addr or ""
            )
            if error:
                error = error.replace("Неверный логин или пароль.", "Текущий пароль неверен.")
            else:
                error = security.password_problem(form.get("password", ""), form.get("again", ""))
            if not error:
                store.set_password(g.user.id, security.hash_password(form["password"]))
                flash("Пароль изменён.")
                return redirect(url_for("home"))
        return _page("password.html", 400 if error else 200, error=error)

    # district
    @app.route("/district")
    @_requires("district")
    def district() -> Any:
        checked = json.loads(folders.check.read_text("utf-8")) if folders.check.exists() else None
        named = named_files(folders)
        return _page(
            "district.html",
            checked=checked,
            has_workbook=folders.workbook.exists(),
            named=[
                (kind, NAMED[kind], name, (folders.district / name).is_file())
                for kind, name in named.items()
            ],
            run=store.run(),
            can_pdf=preview.can_show_pages(),
        )

    @app.route("/district/upload", methods=["POST"])
    @_requires("district")
    def upload() -> BaseResponse:
        kind = request.form.get("kind", "")
        file = request.files.get("file")
        named = named_files(folders)
        if kind != "district" and kind not in named:
            flash("Сначала загрузите книгу района: в ней указаны нужные ей файлы.", "error")
            return redirect(url_for("district"))
        if file is None or not file.filename:
            flash("Выберите файл.", "error")
            return redirect(url_for("district"))
        content = file.read()
        target = folders.workbook if kind == "district" else folders.district / named[kind]
        if target.suffix.lower() == ".xlsx" and not content.startswith(b"PK"):
            flash(f"«{file.filename}» — не книга Excel (.xlsx).", "error")
            return redirect(url_for("district"))
        what = "книга района" if kind == "district" else NAMED[kind]
        from docgen.office.files import atomic_write_bytes

        atomic_write_bytes(target, content)
        names = _uploaded_names(folders)
        names[target.name] = Path(file.filename.replace("\\", "/")).name  # shown, never a path
        atomic_write_bytes(
            folders.district / "uploaded.json", json.dumps(names, ensure_ascii=False).encode()
        )
        _save_check(folders)
        flash(f"Загружено: {what} («{file.filename}»). Книга района проверена.")
        return redirect(url_for("district"))

    @app.route("/district/run", methods=["POST"])
    @_requires("district")
    def start_run() -> BaseResponse:
        if not folders.workbook.exists():
            flash("Сначала загрузите книгу района.", "error")
            return redirect(url_for("district"))
        if not running.acquire(blocking=False):
            flash("Документы уже собираются: дождитесь конца.", "error")
            return redirect(url_for("district"))
        run_id = store.start_run(g.user.login)
        threading.Thread(
            target=_bulk,
            args=(store, folders, run_id, running, request.form.get("pdf") == "1", ()),
            daemon=True,
        ).start()
        return redirect(url_for("run", run_id=run_id))

    @app.route("/runs/<int:run_id>")
    @_requires("district")
    def run(run_id: int) -> Any:
        found = store.run(run_id)
        if found is None:
            abort(404)
        documents = store.documents(run_id)
        names = _school_names(folders)
        grouped: dict[str, list[Document]] = {}
        for document in documents:
            grouped.setdefault(document.school, []).append(document)
        order = [key for key in names if key in grouped] + sorted(set(grouped) - set(names))
        schools = {key: grouped[key] for key in order}  # in the workbook's order
        counts = {
            status: sum(1 for d in documents if d.status == status and d.path)
            for status in ("создан", "обновлён", "без изменений", "ошибка")
        }
        return _page(
            "run.html",
            run=found,
            schools=schools,
            names=names,
            counts=counts,
            names_of=_names_of,
        )

    @app.route("/runs/<int:run_id>/zip")
    @_requires("district")
    def run_zip(run_id: int) -> Any:
        found = store.run(run_id)
        if found is None or found.state == "идёт":
            abort(404)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for document in store.documents(run_id):
                for relative in (document.path, document.pdf):
                    path = _inside(folders.output, relative)
                    if path is not None:
                        bundle.write(path, relative)
            summary = folders.output / "Сводка.xlsx"
            if summary.is_file():
                bundle.write(summary, summary.name)
        buffer.seek(0)
        return send_file(
            buffer,
            mimetype="application/zip",
            as_attachment=True,
            download_name=f"Документы_района_{time.strftime('%Y-%m-%d', time.localtime(found.started))}.zip",
        )

    @app.route("/accounts", methods=["GET", "POST"])
    @_requires("district")
    def accounts() -> Any:
        error = ""
        schools = _school_names(folders)
        if request.method == "POST":
            form = request.form
            role = form.get("role", "")
            login_name = form.get("login", "").strip()
            school = form.get("school", "") if role in ("school", "secretary") else ""
            error = security.password_problem(form.get("password", ""), form.get("again", ""))
            if role not in ("school", "secretary", "district"):
                error = "Выберите роль."
            elif role == "school" and school not in schools:
                error = "Выберите школу из книги района."
            elif school and school not in schools:
                error = "Такой школы нет в книге района."
            elif not login_name:
                error = "Укажите логин."
            elif store.user(login_name) is not None:
                error = f"Логин «{login_name}» уже занят."
            if not error:
                store.add_user(
                    login_name,
                    security.hash_password(form["password"]),
                    role,
                    school,
                    form.get("name", "").strip(),
                )
                flash(f"Учётная запись «{login_name}» создана.")
                return redirect(url_for("accounts"))
        return _page(
            "accounts.html",
            400 if error else 200,
            error=error,
            users=store.users(),
            schools=schools,
            form=request.form,
        )

    @app.route("/accounts/<int:user_id>/delete", methods=["POST"])
    @_requires("district")
    def delete_account(user_id: int) -> BaseResponse:
        found = store.user(id=user_id)
        if found is None:
            abort(404)
        if found.id == g.user.id:
            flash("Свою учётную запись удалить нельзя.", "error")
            return redirect(url_for("accounts"))
        store.delete_user(found.id)
        flash(f"Учётная запись «{found.login}» удалена.")
        return redirect(url_for("accounts"))

    # documents: found by their number in the store, never by a path from the request
    def _document(document_id: int) -> tuple[Document, Path]:
        document = store.document(document_id)
        if document is None:
            abort(404)
        user = g.user
        if user.role != "district" and not (
            user.role == "school" and user.school == document.school
        ):
            abort(403)
        path = _inside(folders.output, document.path)
        if path is None:
            abort(404)
        return document, path

    @app.route("/documents/<int:document_id>")
    @_requires("district", "school")
    def download(document_id: int) -> Any:
        _, path = _document(document_id)
        return send_file(path, as_attachment=True, download_name=path.name)

    @app.route("/documents/<int:document_id>/pdf")
    @_requires("district", "school")
    def download_pdf(document_id: int) -> Any:
        document, path = _document(document_id)
        made = _inside(folders.output, document.pdf) if document.pdf else None
        if made is None:
            if not preview.can_show_pages():
                abort(404)
            made = folders.previews / f"{document_id}.pdf"
            try:
                _to_pdf(path, made)
            except DocgenError as exc:
                return _page("error.html", 500, title="PDF не создан", message=str(exc.message))
        return send_file(made, as_attachment=True, download_name=path.with_suffix(".pdf").name)

    @app.route("/documents/<int:document_id>/preview")
    @_requires("district", "school")
    def show(document_id: int) -> Any:
        document, path = _document(document_id)
        pages = 0
        if preview.can_show_pages():
            try:
                pages = len(preview.page_images(path, folders.previews))
            except Exception:  # LibreOffice or pdftoppm failed: the text instead of pictures
                app.logger.exception("preview of document %s", document_id)
                pages = 0
        html = None if pages else preview.as_html(path.read_bytes())
        return _page(
            "preview.html",
            document=document,
            name=path.name,
            pages=pages,
            html=html,
            school=_school_names(folders).get(document.school, document.school),
        )

    @app.route("/documents/<int:document_id>/page/<int:number>.png")
    @_requires("district", "school")
    def page(document_id: int, number: int) -> Any:
        _, path = _document(document_id)
        pages = preview.page_images(path, folders.previews)
        if not 1 <= number <= len(pages):
            abort(404)
        return send_file(pages[number - 1], mimetype="image/png")

    # school
    @app.route("/school")
    @_requires("school")
    def school() -> Any:
        from docgen.district.rows import school_rows

        key = g.user.school
        rows: dict[str, Any] = {"people": [], "changes": []}
        error = None
        if folders.workbook.exists():
            try:
                rows = school_rows(folders.workbook, key)
            except DocgenError as exc:
                error = problems_of(exc)
        documents = store.school_documents(key)
        checked = json.loads(folders.check.read_text("utf-8")) if folders.check.exists() else {}
        own = [p for p in checked.get("problems", []) if p.get("key") == key]
        return _page(
            "school.html",
            school_name=_school_names(folders).get(key, key),
            rows=rows,
            error=error,
            documents=documents,
            problems=own,
            has_workbook=folders.workbook.exists(),
            run=store.run(),
        )

    @app.route("/school/rows", methods=["POST"])
    @_requires("school")
    def school_save() -> BaseResponse:
        from docgen.district.rows import EDITABLE, replace_school_rows

        if not folders.workbook.exists():
            flash("Район ещё не загрузил свою книгу.", "error")
            return redirect(url_for("school"))
        sheet = request.form.get("sheet", "")
        if sheet not in EDITABLE:
            abort(400)
        fields = [f for f in EDITABLE[sheet].columns if f != "school"]
        count_text = request.form.get("count", "0")
        if not count_text.isdigit():
            abort(400)
        count = min(int(count_text), 500)
        new_rows = []
        for n in range(count + 1):
            row = {f: request.form.get(f"{sheet}-{n}-{f}", "").strip() for f in fields}
            if request.form.get(f"{sheet}-{n}-delete") or not any(row.values()):
                continue
            new_rows.append(row)
        if not running.acquire(blocking=False):
            flash("Сейчас идёт сборка документов: сохраните через минуту.", "error")
            return redirect(url_for("school"))
        try:
            replace_school_rows(folders.workbook, g.user.school, {sheet: new_rows})
            _save_check(folders)
        finally:
            running.release()
        flash("Изменения сохранены в книге района.")
        return redirect(url_for("school"))

    @app.route("/school/upload", methods=["POST"])
    @_requires("school")
    def school_upload() -> BaseResponse:
        from docgen.district.rows import part_rows, replace_school_rows

        file = request.files.get("file")
        if file is None or not file.filename or not folders.workbook.exists():
            flash("Выберите файл Excel (.xlsx) со своими листами «Люди» и «Изменения».", "error")
            return redirect(url_for("school"))
        if not running.acquire(blocking=False):
            flash("Сейчас идёт сборка документов: загрузите через минуту.", "error")
            return redirect(url_for("school"))
        try:
            rows = part_rows(
                file.read(), Path(file.filename.replace("\\", "/")).name, g.user.school
            )
            replace_school_rows(folders.workbook, g.user.school, rows)
            _save_check(folders)
        except DocgenError as exc:
            flash(str(exc), "error")
            return redirect(url_for("school"))
        finally:
            running.release()
        flash(f"Строки из «{file.filename}» сохранены в книге района.")
        return redirect(url_for("school"))

    @app.route("/school/run", methods=["POST"])
    @_requires("school")
    def school_run() -> BaseResponse:
        if not folders.workbook.exists() or not running.acquire(blocking=False):
            flash("Сейчас собрать нельзя: идёт другая сборка. Попробуйте через минуту.", "error")
            return redirect(url_for("school"))
        run_id = store.start_run(g.user.login)
        thread = threading.Thread(
            target=_bulk,
            args=(store, folders, run_id, running, False, (g.user.school,)),
            daemon=True,
        )
        thread.start()
        flash("Документы школы собираются; обновите страницу через несколько секунд.")
        return redirect(url_for("school"))

    # secretary
    @app.route("/order", methods=["GET", "POST"])
    @_requires("secretary", "district")
    def order() -> Any:
        form = (
            orders.form_values(request.form)
            if request.method == "POST"
            else _last_form(folders, g.user)
        )
        if request.method == "GET" and not form.values and g.user.school:
            form = _school_form(folders, g.user.school)
        problems: list[dict[str, str]] = []
        made = None
        if request.method == "POST":
            data, missing = orders.order_data(form)
            problems = [{"message": m} for m in missing]
            if not missing:
                try:
                    made = _render_order(folders, g.user, data)
                except DocgenError as exc:
                    problems = [orders.in_form_terms(row) for row in problems_of(exc)]
            _keep_form(folders, g.user, form)
        html = preview.as_html(made.read_bytes()) if made else None
        return _page(
            "order.html",
            400 if problems else 200,
            form=form,
            problems=problems,
            made=_last_form(folders, g.user).get("_made") if made else None,
            html=html,
            people=orders.PEOPLE,
            points=orders.POINTS,
            kinds=orders.KINDS,
            genders=orders.GENDERS,
        )

    @app.route("/order/download")
    @app.route("/order/download.<any(pdf):suffix>")
    @_requires("secretary", "district")
    def order_download(suffix: str = "docx") -> Any:
        made = _made_order(folders, g.user)
        if made is None:
            abort(404)
        if suffix == "pdf":
            target = made.with_suffix(".pdf")
            try:
                _to_pdf(made, target)
            except DocgenError as exc:
                return _page("error.html", 500, title="PDF не создан", message=exc.message)
            made = target
        name = _last_form(folders, g.user).get("_made") or "Приказ.docx"
        return send_file(
            made,
            as_attachment=True,
            download_name=str(Path(str(name)).with_suffix("." + suffix).name),
        )


def _school_form(folders: Folders, key: str) -> orders.OrderForm:
    """The first form of a school's secretary: the school and its people, from the workbook."""
    from docgen.district.rows import school_rows

    if not (folders.workbook.exists() and folders.check.exists()):
        return orders.OrderForm()
    checked = json.loads(folders.check.read_text("utf-8"))
    try:
        people = school_rows(folders.workbook, key)["people"]
    except DocgenError:
        people = []
    return orders.prefilled(checked.get("full_names", {}).get(key, ""), people)


def _last_form(folders: Folders, user: User) -> orders.OrderForm:
    """The user's last order form, kept in the data folder (a session cookie holds 4 KB, less
    than an order's points in Cyrillic)."""
    path = folders.orders / f"{user.id}.json"
    values = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    return orders.OrderForm({str(k): str(v) for k, v in values.items()})


def _keep_form(folders: Folders, user: User, form: orders.OrderForm, **more: str) -> None:
    from docgen.office.files import atomic_write_text

    values = {**_last_form(folders, user).values, **form.values, **more}
    atomic_write_text(folders.orders / f"{user.id}.json", json.dumps(values, ensure_ascii=False))


def _made_order(folders: Folders, user: User) -> Path | None:
    path = folders.orders / f"{user.id}.docx"
    return path if path.is_file() else None


def _render_order(folders: Folders, user: User, data: dict[str, Any]) -> Path:
    """The order rendered by the library from the form's data, kept as the user's last order."""
    with tempfile.TemporaryDirectory(prefix="docgen-order-", dir=folders.orders) as work:
        source = Path(work, "order.yaml")
        source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        result = docgen.render(source, docgen.Options(output_dir=Path(work, "out"), lint=False))
        target = folders.orders / f"{user.id}.docx"
        shutil.copyfile(result.docx, target)
        _keep_form(folders, user, orders.OrderForm(), _made=result.docx.name)
        for leftover in target.parent.glob(f"{user.id}.pdf"):
            leftover.unlink()
    return target


def _to_pdf(docx: Path, target: Path) -> None:
    from docgen.office import pdf

    if target.is_file() and target.stat().st_mtime >= docx.stat().st_mtime:
        return
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as work:
        source = Path(work, "document.docx")
        shutil.copyfile(docx, source)
        made = pdf.convert(source, Path(work, "document.pdf"))
        shutil.copyfile(made, target)


def _inside(folder: Path, relative: str) -> Path | None:
    """A file the store names, if it is inside ``folder`` and exists."""
    if not relative:
        return None
    from docgen.district.bulk import within

    path = within(folder, relative)
    return path if path is not None and path.is_file() else None


def _names_of(documents: list[Document]) -> str:
    return ", ".join(Path(d.path).name for d in documents if d.path)


def _school_names(folders: Folders) -> dict[str, str]:
    """The schools of the last check: key → short name."""
    if not folders.check.exists():
        return {}
    checked = json.loads(folders.check.read_text("utf-8"))
    return {key: name for key, name in checked.get("schools", [])}


def _uploaded_names(folders: Folders) -> dict[str, str]:
    """What each saved file was called on the user's computer, for the messages."""
    path = folders.district / "uploaded.json"
    if not path.is_file():
        return {}
    names = json.loads(path.read_text("utf-8"))
    return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}


def _save_check(folders: Folders) -> None:
    from docgen.office.files import atomic_write_text

    atomic_write_text(
        folders.check, json.dumps(check_district(folders), ensure_ascii=False, default=str)
    )


def _bulk(
    store: Store,
    folders: Folders,
    run_id: int,
    running: threading.Lock,
    pdf: bool,
    only: tuple[str, ...],
) -> None:
    """The bulk run, in a thread of the server: progress into the store as it goes."""
    done = 0

    def total(count: int) -> None:
        store.progress(run_id, total=count)

    def step(outcome: Any) -> None:
        nonlocal done
        done += 1
        store.progress(run_id, done=done)

    try:
        options = docgen.BulkOptions(
            output_dir=folders.output,
            jobs=1,  # a forked pool inside a threaded server is not safe
            pdf=pdf,
            render=docgen.Options(output_dir=folders.output),
            only=only,
        )
        try:
            result = docgen.bulk(folders.workbook, options, progress=step, total=total)
        except DocgenError as exc:
            problems = problems_of(exc, _uploaded_names(folders), folders.district)
            store.finish_run(run_id, "ошибка", json.dumps(problems, ensure_ascii=False), "", [])
            return
        shown = _uploaded_names(folders)
        rows = [
            (
                o.school,
                o.path,
                o.status.value,
                json.dumps(
                    [row for p in o.problems for row in problems_of(p, shown, folders.district)],
                    ensure_ascii=False,
                ),
                o.pdf or "",
            )
            for o in result.outcomes
        ]
        failed = len({o.school for o in result.failed_schools})
        message = f"школ с ошибками: {failed}" if failed else ""
        warnings = [row for w in result.warnings for row in problems_of(w, shown, folders.district)]
        store.finish_run(
            run_id, "готово", message, "", rows, json.dumps(warnings, ensure_ascii=False)
        )
    except Exception as exc:  # the page says so; the server goes on
        store.finish_run(
            run_id,
            "ошибка",
            json.dumps(
                [{"message": f"внутренняя ошибка docgen: {type(exc).__name__}: {exc}"}],
                ensure_ascii=False,
            ),
            "",
            [],
        )
    finally:
        running.release()
