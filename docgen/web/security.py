"""Passwords, the session's secret key, CSRF tokens and the limit on login attempts.

Passwords are hashed with argon2id (argon2-cffi, the OWASP recommendation); the secret key that
signs the session cookie is made once and kept in the data folder, readable by its owner only;
every form carries a token tied to the session, compared in constant time.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from docgen.web.store import Store

_HASHER = PasswordHasher()
#: Failed logins of one account (or from one address) within WINDOW_S that lock it for a while.
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
WINDOW_S = 15 * 60
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMIES: dict[int, str] = {}


def _dummy() -> str:
    """A hash to verify against when the login does not exist, so that the answer takes as
    long as for a real account (made once per hasher, on first need)."""
    key = id(_HASHER)
    if key not in _DUMMIES:
        _DUMMIES[key] = hash_password(secrets.token_hex(16))
    return _DUMMIES[key]


def check_login(store: Store, login: str, password: str, address: str) -> tuple[int | None, str]:
    """The user's id, or why not: wrong login or password, or too many attempts."""
    since = time.time() - WINDOW_S
    if (
        store.failures(login, since) >= MAX_FAILURES
        or store.address_failures(address, since) >= MAX_ADDRESS_FAILURES
    ):
        return None, (
            "Слишком много неудачных попыток входа. Вход закрыт на 15 минут; "
            "если вы забыли пароль, обратитесь к администратору района."
        )
    user = store.user(login)
    if user is None:
        verify_password(_dummy(), password)
        store.fail(login, address)
        return None, "Неверный логин или пароль."
    if not verify_password(user.password, password):
        store.fail(login, address)
        return None, "Неверный логин или пароль."
    store.forget_failures(login)
    return user.id, ""


def password_problem(password: str, again: str) -> str:
    """What is wrong with a new password, or an empty string."""
    if len(password) < MIN_PASSWORD:
        return f"Пароль должен быть не короче {MIN_PASSWORD} символов."
    if password != again:
        return "Пароли не совпадают."
    return ""


def secret_key(folder: Path) -> bytes:
    """The key that signs session cookies: made once, kept in the data folder (mode 600)."""
    path = folder / "secret_key"
    if path.exists():
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key)
    return key


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; any text (a forged token may be Cyrillic) is just unequal."""
    if not (expected and given):
        return False
    return hmac.compare_digest(str(expected).encode(), str(given).encode())


def setup_code() -> str:
    """The one-time code the console shows, which the first visitor types to create the
    district's administrator (so that nobody else on the network can take the server first)."""
    digits = f"{secrets.randbelow(10**8):08d}"
    return f"{digits[:4]}-{digits[4:]}"
