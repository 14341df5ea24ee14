"""The morphological analyzer is created once per process, and only when first needed.

Each check runs in a fresh interpreter (``sys.executable -c …`` in the repository root), so
that nothing imported or inflected by other tests of this session can hide a construction.
No duration is asserted: speed is measured by ``benchmarks/inflection_speed.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, f"subprocess failed:\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# Counts MorphAnalyzer objects without touching pymorphy3 before docgen imports it.
_COUNT = """
import gc, sys
def analyzers():
    gc.collect()
    module = sys.modules.get("pymorphy3")
    if module is None:
        return 0
    return sum(1 for o in gc.get_objects() if isinstance(o, module.MorphAnalyzer))
"""


@pytest.fixture(scope="module")
def lazy() -> dict[str, Any]:
    return _run(
        _COUNT
        + """
import json
import docgen
import docgen.grammar._morph as morph

out = {"after_import_is_none": morph._analyzer is None,
       "after_import_count": analyzers()}
out["first"] = docgen.inflect("директор", "datv", kind="position")
first = morph._analyzer
out["after_first_is_set"] = first is not None
out["after_first_count"] = analyzers()
out["after_first_type"] = type(first).__module__ + "." + type(first).__name__
# Further inflections on new inputs (cache misses) that need the analyzer again.
out["second"] = docgen.inflect("учитель", "gent", kind="position")
out["third"] = docgen.inflect("Иванов Иван Иванович", "ablt", kind="person")
out["same_after_more"] = morph._analyzer is first and morph.analyzer() is first
out["after_more_count"] = analyzers()
print(json.dumps(out, ensure_ascii=False))
"""
    )


def test_import_does_not_construct_the_analyzer(lazy: dict[str, Any]) -> None:
    assert lazy["after_import_is_none"] is True
    assert lazy["after_import_count"] == 0


def test_first_inflection_constructs_it(lazy: dict[str, Any]) -> None:
    assert lazy["first"] == "директору"
    assert lazy["after_first_is_set"] is True
    assert lazy["after_first_type"] == "pymorphy3.analyzer.MorphAnalyzer"
    assert lazy["after_first_count"] == 1


def test_later_inflections_reuse_it(lazy: dict[str, Any]) -> None:
    assert lazy["second"] == "учителя"
    assert lazy["third"] == "Ивановым Иваном Ивановичем"
    assert lazy["same_after_more"] is True
    assert lazy["after_more_count"] == 1


def test_concurrent_first_use_constructs_one_analyzer() -> None:
    """Threads that inflect at the same moment share one analyzer (the lock in _morph)."""
    out = _run(
        """
import json, threading
import pymorphy3

constructed = []
original = pymorphy3.MorphAnalyzer.__init__

def counting_init(self, *args, **kwargs):
    constructed.append(1)
    original(self, *args, **kwargs)

pymorphy3.MorphAnalyzer.__init__ = counting_init

import docgen
import docgen.grammar._morph as morph

assert morph._analyzer is None
words = ["директор", "учитель", "методист", "инспектор", "секретарь", "воспитатель"]
start = threading.Barrier(len(words))
results, errors = {}, []

def work(word):
    try:
        start.wait()
        results[word] = docgen.inflect(word, "datv", kind="position")
    except Exception as exc:  # reported to the test, not swallowed
        errors.append(repr(exc))

threads = [threading.Thread(target=work, args=(w,)) for w in words]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"constructed": len(constructed), "errors": errors,
                  "results": results}, ensure_ascii=False))
"""
    )
    assert out["errors"] == []
    assert out["constructed"] == 1
    assert out["results"]["директор"] == "директору"
    assert out["results"]["учитель"] == "учителю"


@pytest.mark.parametrize("variable", [False, True])
def test_the_dictionary_is_found_without_reading_entry_points(variable: bool) -> None:
    """The dictionary package's folder is named directly, so that loading the analyzer does not
    read every installed package's entry points (importlib.metadata); the variable pymorphy3
    reads for another folder still wins."""
    out = _run(
        f"""
import json, os, sys
import pymorphy3_dicts_ru
if {variable}:
    os.environ["PYMORPHY2_DICT_PATH"] = pymorphy3_dicts_ru.get_path()
import docgen
import docgen.grammar._morph as morph
word = docgen.inflect("директор", "datv", kind="position")
print(json.dumps({{"word": word, "path": morph._analyzer._path,
                  "metadata": "importlib.metadata" in sys.modules,
                  "folder": pymorphy3_dicts_ru.get_path()}}))
"""
    )
    assert out["word"] == "директору"
    if variable:
        assert out["path"] is None  # left to pymorphy3, which reads the variable
    else:
        assert out["path"] == out["folder"]
        assert out["metadata"] is False
