"""Jinja's sandbox with bounds: templates and data texts come from outside, and a typo like
``{{ "-" * 10**9 }}`` or a loop in a loop must end in a located error, not hang the machine.

Jinja's own sandbox keeps templates away from Python's internals and caps ``range`` at 100 000
items; it does not bound how big a string, a list or a number may grow, nor how long a render
runs. :class:`BoundedSandbox` refuses the operations that build huge values in one step (string
and list repetition, powers, format widths, padding filters and methods), and :func:`bounded`
stops a render that runs too long or grows the process's memory too much, from a timer.
"""

from __future__ import annotations

import math
import operator
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from docgen.errors import TemplateError
from docgen.grammar.inflector import Inflector

#: The longest string or list one operation may make (a whole order is ~100 000 characters).
MAX_SIZE = 1_000_000
#: The largest number ``**`` may make, in bits (10**3000 has ~10 000 bits).
MAX_BITS = 10_000
#: The widest field a format may ask for.
MAX_WIDTH = 10_000
#: How long one render may run, and how much memory it may add, before it is stopped.
SECONDS = 60.0
MEGABYTES = 1024

_WIDTH = re.compile(r"\d{5,}|\*")  # a width or precision of 10 000 and more, or given by «*»


class LimitError(TemplateError):
    """A template or a data text asked for more than a document can need."""


def _too_big(what: str) -> LimitError:
    return LimitError(
        f"шаблон или текст данных просит слишком много: {what}; проверьте выражение "
        "(например, «*» со строкой или списком, «**», ширину в format, range)"
    )


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_format(spec: object) -> None:
    if isinstance(spec, str) and _WIDTH.search(
        "".join(re.findall(r"%[-#0 +]*[\d*]*(?:\.[\d*]+)?|\{[^{}]*\}", spec))
    ):
        raise _too_big("ширина поля в format больше 9999 знаков")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _repeat(left: Any, right: Any) -> Any:
    for sized, count in ((left, right), (right, left)):
        length, times = _size(sized), _int(count)
        if length is not None and times is not None and length * times > MAX_SIZE:
            raise _too_big(f"строка или список длиной {length} × {times}")
    return operator.mul(left, right)


def _power(left: Any, right: Any) -> Any:
    base, exponent = _int(left), _int(right)
    if base is not None and exponent is not None and abs(base) > 1 and exponent > 0:
        if exponent * math.log2(abs(base)) > MAX_BITS:
            raise _too_big(f"число {base} в степени {exponent}")
    elif isinstance(left, float) or isinstance(right, float):
        try:
            return operator.pow(left, right)
        except (OverflowError, ZeroDivisionError) as exc:
            raise _too_big(f"степень {left} ** {right}") from exc
    return operator.pow(left, right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_format(left)
    return operator.mod(left, right)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": _repeat, "**": _power, "%": _modulo}

#: str methods whose integer arguments are lengths of the result.
_PADDING = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """Filters whose numeric argument is the size of what they make (center, indent, batch,
    slice, lipsum's count) or whose first argument is a format."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        if name == "format" and args:
            _check_format(args[0])
        for value in (*args[1:], *kwargs.values()):
            number = _int(value)
            if number is not None and abs(number) > MAX_WIDTH and name != "format":
                raise _too_big(f"фильтр {name} с числом {number}")
        return original(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):
        if hasattr(original, attribute):
            setattr(checked, attribute, getattr(original, attribute))
    return checked


def _bounded_lipsum(original: Callable[..., Any]) -> Callable[..., Any]:
    def lipsum(n: Any = 5, html: Any = True, min: Any = 20, max: Any = 100) -> Any:
        if any((_int(v) or 0) > 1000 for v in (n, min, max)):
            raise _too_big(f"lipsum({n})")
        return original(n, html, min, max)

    return lipsum


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with the operations that can build huge values in one step bounded.

    Immutable too: what a template sees is read-only data, so no template or data text can
    change what the next document sees (``.clear()``, ``.append()`` of lists and dicts are
    refused), and the grammar engine behind the views is out of its reach.
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, Inflector) or isinstance(value, Inflector):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("center", "indent", "batch", "slice", "format"):
            if name in self.filters:
                self.filters[name] = _bounded_filter(name, self.filters[name])
        lipsum = self.globals.get("lipsum")
        if callable(lipsum):
            self.globals["lipsum"] = _bounded_lipsum(lipsum)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        try:
            return _BINOPS[operator](left, right)
        except KeyError:
            return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        bound = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(bound, str):
            if name in _PADDING and any((_int(a) or 0) > MAX_SIZE for a in args):
                raise _too_big(f"{name} с шириной больше {MAX_SIZE}")
            if name == "replace" and args and args[0] == "" and len(args) > 1:
                new = _size(args[1]) or 0
                if (len(bound) + 1) * new > MAX_SIZE:
                    raise _too_big("replace пустой строки")
        return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``"{:9999999}".format(1)``: the format is checked before it is run."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(getattr(value, "__self__", None))
        return wrapped


_ACTIVE = threading.local()


def _rss() -> int | None:
    """The process's resident memory in bytes (Linux), or None where it cannot be read.

    Read again from a descriptor kept open (one system call, not an open, a read and a close
    for every document and every check); a forked worker opens its own, since the one it
    inherits shows its parent."""
    global _STATM
    try:
        pid = os.getpid()
        if _STATM is None or _STATM[0] != pid:
            if _STATM is not None:
                with suppress(OSError):
                    os.close(_STATM[1])
            flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
            _STATM = (pid, os.open("/proc/self/statm", flags))
        pages = int(os.pread(_STATM[1], 128, 0).split()[1])
    except (OSError, ValueError, IndexError, AttributeError):  # no /proc, no pread (Windows)
        return None
    return pages * _PAGE


#: The process that opened /proc/self/statm, and the descriptor.
_STATM: tuple[int, int] | None = None
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@contextmanager
def bounded(seconds: float | None = None, megabytes: int | None = None) -> Iterator[None]:
    """Stop what runs inside with a :class:`LimitError` once it takes longer than ``seconds``
    or adds more than ``megabytes`` to the process's memory; checked 20 times a second.

    Works in the main thread (a command, a bulk worker); elsewhere, and when already inside
    one, it only runs what is inside: the bounds of :class:`BoundedSandbox` still hold.
    """
    seconds = SECONDS if seconds is None else seconds
    megabytes = MEGABYTES if megabytes is None else megabytes
    if (
        getattr(_ACTIVE, "on", False)
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return
    start, base = time.monotonic(), _rss()

    def check(signum: int, frame: Any) -> None:
        if time.monotonic() - start > seconds:
            raise LimitError(
                f"документ заполняется дольше {seconds:g} с и остановлен: проверьте циклы "
                "({% for %}) и range в шаблоне и в текстах данных"
            )
        now = _rss()
        if base is not None and now is not None and now - base > megabytes * 2**20:
            raise LimitError(
                f"документ занял больше {megabytes} МБ памяти и остановлен: проверьте циклы "
                "и повторения строк в шаблоне и в текстах данных"
            )

    previous = signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
    _ACTIVE.on = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _ACTIVE.on = False


#: What a template or a data text can raise besides Jinja's and docgen's own errors: a wrong
#: type, a division by zero, a macro that calls itself, a value too big for memory.
RENDER_FAULTS: tuple[type[BaseException], ...] = (
    TypeError,
    ValueError,
    LookupError,
    ArithmeticError,
    RecursionError,
    MemoryError,
)


def fault_text(exc: BaseException) -> str:
    """The fault in words a template's author can act on."""
    if isinstance(exc, ZeroDivisionError):
        return "деление на ноль"
    if isinstance(exc, RecursionError):
        return "макрос вызывает сам себя без конца (слишком глубокая рекурсия)"
    if isinstance(exc, MemoryError):
        return "не хватило памяти: проверьте циклы и повторения строк"
    if isinstance(exc, OverflowError) and "range" in str(exc).lower():
        return "range больше 100 000 чисел: так много строк документу не нужно"
    if isinstance(exc, OverflowError):
        return "слишком большое число"
    if isinstance(exc, TypeError) and "no loader for this environment" in str(exc):
        return (
            "шаблон DOCX не может подключать другие файлы ({% include %}, {% import %}, "
            "{% extends %}): всё нужное должно быть в нём самом"
        )
    return str(exc)


_UNSAFE = re.compile(r"access to attribute '(.+?)' of '(.+?)' object is unsafe\.?")
_UNCALLABLE = re.compile(r"<(?:built-in )?(?:method|function) (\w+)\b.*> is not safely callable")


def refusal_text(exc: SecurityError) -> str:
    """Jinja's sandbox refusals in Russian: the name it refused, and why (a template reads the
    data and changes nothing); anything else as Jinja says it."""
    text = str(exc)
    found = _UNSAFE.fullmatch(text) or _UNCALLABLE.fullmatch(text)
    if found is None:
        return text
    name = found[1]
    if name in _MUTATING:
        return f"«{name}» меняет данные, а шаблон может их только читать"
    return f"обращение к служебному атрибуту «{name}» запрещено"


#: The methods by which the immutable sandbox knows a list, dict, set or deque is changed.
_MUTATING = frozenset(
    {"add", "append", "appendleft", "clear", "difference_update", "discard", "extend"}
    | {"extendleft", "insert", "pop", "popitem", "popleft", "remove"}
    | {"reverse", "rotate", "setdefault", "sort", "symmetric_difference_update", "update"}
)
