"""The web application under Flask's test client: a fresh data folder, its setup code known, and
helpers that log in and send forms with their CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from docgen.web.app import create_app
from docgen.web.security import hash_password
from tests.conftest import EXAMPLES

CODE = "1111-2222"
PASSWORD = "пароль-района-1"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with its smallest cost: the same algorithm and checks, without spending the
    shared CPU on the deliberately slow default (64 MB, 3 passes) for every test account."""
    from argon2 import PasswordHasher

    from docgen.web import security

    monkeypatch.setattr(
        security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    application = create_app(tmp_path / "data", setup_code=CODE)
    application.config["TESTING"] = True
    yield application


def token(client: FlaskClient, url: str = "/login") -> str:
    """The CSRF token of the page ``url`` (every form carries it)."""
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, f"{url} has no CSRF token"
    return found.group(1)


def post(client: FlaskClient, url: str, data: dict[str, Any], page: str | None = None) -> Any:
    return client.post(url, data={**data, "csrf": token(client, page or url)})


def add_user(app: Flask, login: str, role: str, school: str = "") -> None:
    app.config["DOCGEN_STORE"].add_user(login, hash_password(PASSWORD), role, school, login)


def log_in(client: FlaskClient, login: str, password: str = PASSWORD) -> Any:
    return post(client, "/login", {"login": login, "password": password})


@pytest.fixture
def district_client(app: Flask) -> FlaskClient:
    add_user(app, "rayon", "district")
    client = app.test_client()
    assert log_in(client, "rayon").status_code == 302
    return client


def upload(client: FlaskClient, kind: str, path: Path, name: str | None = None) -> Any:
    with path.open("rb") as file:
        return client.post(
            "/district/upload",
            data={
                "kind": kind,
                "csrf": token(client, "/district"),
                "file": (file, name or path.name),
            },
            content_type="multipart/form-data",
        )


def uploaded(client: FlaskClient) -> None:
    """The example district, its monitoring workbook and that workbook's plan, uploaded."""
    assert upload(client, "district", EXAMPLES / "district.xlsx").status_code == 302
    assert upload(client, "monitoring", EXAMPLES / "district_monitoring.xlsx").status_code == 302
    assert upload(client, "monitoring_plan", EXAMPLES / "monitoring_plan.yaml").status_code == 302
