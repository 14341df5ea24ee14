"""pydantic's complaints in Russian, each at the place of the value it is about."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, Tag, ValidationError

from docgen.errors import (
    DataError,
    DocgenError,
)
from docgen.loading._common import KeyPath, Locator, show
from docgen.model import Control, Executor, FieldError, Point, Signer

# -------------------------------------------------------------------------- schema errors mapped

_EXPECTED = {
    "string_type": "текст",
    "int_type": "целое число",
    "int_parsing": "целое число",
    "float_type": "число",
    "float_parsing": "число",
    "bool_type": "да или нет (true / false)",
    "bool_parsing": "да или нет (true / false)",
    "list_type": "список",
    "dict_type": "набор «ключ: значение»",
    "model_type": "набор «ключ: значение»",
    "model_attributes_type": "набор «ключ: значение»",
    "date_type": "дата",
    "date_parsing": "дата",
    "date_from_datetime_parsing": "дата",
}
_BOUNDS = {
    "greater_than": ("больше", "gt"),
    "greater_than_equal": ("не меньше", "ge"),
    "less_than": ("меньше", "lt"),
    "less_than_equal": ("не больше", "le"),
}
#: Models that also accept a bare string (a point's text, a person's key).
_TEXT_OR_MAPPING: tuple[type[BaseModel], ...] = (Point, Control, Signer, Executor)


def schema_problems(
    exc: ValidationError, locator: Locator, root: type[BaseModel]
) -> Iterator[DocgenError]:
    """Every error of the schema, in Russian, at the place of its value."""
    for error in exc.errors(include_url=False):
        typed: KeyPath = tuple("self" if part == "self_" else part for part in error["loc"])
        is_key = bool(typed) and typed[-1] == "[key]"
        if is_key:
            typed = typed[:-1]
        path = tuple(part for part in typed if not _is_tag(part))
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            path = (*path, cause.field)
        if locator.is_suppressed(path):
            continue
        message = _message(error, path, _Schema(root, typed))
        if is_key:
            message = f"ключ «{path[-1]}»: {message}"
        yield DataError(message, locator.locate(path))


def _is_tag(part: str | int) -> bool:
    """Union members named by the model's discriminators ("@section", "@text") are no keys."""
    return isinstance(part, str) and part.startswith("@")


@dataclass(frozen=True)
class _Schema:
    """The schema at the place of one error, for messages that list what is allowed there."""

    root: type[BaseModel]
    typed: KeyPath

    def annotation(self, drop: int = 0) -> Any:
        typed = self.typed[: len(self.typed) - drop] if drop else self.typed
        return _annotation_at(self.root, typed)


def _message(error: Mapping[str, Any], path: KeyPath, schema: _Schema) -> str:
    """pydantic's message in Russian, for the kinds a person meets."""
    kind = str(error["type"])
    value = error.get("input")
    context: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return "обязательное поле не заполнено"
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        known = _known_fields(schema.annotation(drop=1))
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return f"неизвестное поле «{name}» (опечатка? похоже на «{close[0]}»)"
        return f"неизвестное поле «{name}» (опечатка?); поля здесь: {', '.join(known)}"
    if kind == "value_error":
        return str(context.get("error") or error.get("msg", ""))
    if kind == "enum":
        annotation = schema.annotation()
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            allowed = ", ".join(str(member.value) for member in annotation)
        else:
            allowed = str(context.get("expected", ""))
        return f"недопустимое значение {show(value)}; допустимые значения: {allowed}"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return "поле не может быть пустым"
        return "нужен хотя бы один пункт" if path[-1:] == ("points",) else "нужен хотя бы один"
    if kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        return f"число {show(value)} не подходит: нужно {word} {context.get(key)}"
    if kind == "string_pattern_mismatch":
        return "допустимы только буквы, цифры, «_» и «-», без пробелов"
    if kind in _EXPECTED:
        if value is None:
            return "значение не заполнено"
        what = _EXPECTED[kind]
        annotation = schema.annotation()
        if kind == "model_type" and annotation in _TEXT_OR_MAPPING:
            what = "текст или набор «ключ: значение»"
        return f"ожидается {what}, а не {show(value)}"
    return str(error.get("msg", kind))


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, …]`` and ``X | None`` → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _annotation_at(root: type[BaseModel], path: KeyPath) -> Any:
    """The type the schema expects at ``path`` (None when the path leaves the schema)."""
    annotation: Any = root
    for part in path:
        annotation = _unwrap(annotation)
        origin = typing.get_origin(annotation)
        if _is_tag(part):
            annotation = _member(annotation, str(part))
            if annotation is None:
                return None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found = next(
                (
                    info
                    for name, info in annotation.model_fields.items()
                    if part in (name, info.alias)
                ),
                None,
            )
            if found is None:
                return None
            annotation = found.annotation
        elif origin is list and isinstance(part, int):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return None
    return _unwrap(annotation)


def _member(union: Any, tag: str) -> Any:
    """The member of a discriminated union that carries ``Tag(tag)``."""
    for member in typing.get_args(union):
        metadata = getattr(member, "__metadata__", ())
        if any(isinstance(m, Tag) and m.tag == tag for m in metadata):
            return typing.get_args(member)[0]
    return None


def _known_fields(model: Any) -> list[str]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [info.alias or name for name, info in model.model_fields.items()]
    return []
