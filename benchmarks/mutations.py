"""Deliberate bugs in chosen modules, one at a time: does some test fail on each?

    python benchmarks/mutations.py            # every mutant (about 15 minutes on 2 cores)
    python benchmarks/mutations.py names- typo-dash   # only the mutants whose ids start so

Each mutant is one small edit of the source text (a flipped comparison, a term dropped from a
digest, a negated condition, a changed constant, a swapped style), chosen by hand where a bug
would reach a user's document: the grammar (names, numerals, dates), typography, the bulk run's
manifest, the loading of data files, and the report's figures and charts. The repository is
copied to a temporary folder once; each mutant is written into the copy, the test files that
guard that module run there with ``-x -q`` (the copy's ``docgen`` comes first on the path, the
working tree is never touched), and the file is restored. A mutant is *killed* when the tests
fail, *survived* when they pass, *invalid* when its text is not found exactly once (the source
moved on: fix the mutant). The summary is printed and written to ``benchmarks/mutations.json``.

Last result: 59 of 62 killed (95.2 %); ``benchmarks/README.md`` lists the survivors and why they
are equivalent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GRAMMAR = ("tests/grammar",)
TYPOGRAPHY = (
    "tests/grammar/test_typography.py",
    "tests/grammar/test_edge_cases.py",
    "tests/test_seeds.py",
    "tests/test_seed_nbsp.py",
)
LOADING = ("tests/loading", "tests/test_errors.py")
MANIFEST = (
    "tests/district/test_rerun_after_update.py",
    "tests/district/test_rerun_inputs.py",
    "tests/district/test_bulk.py",
    "tests/district/test_manifest_journal.py",
)
REPORTS = (
    "tests/reports/test_marks.py",
    "tests/reports/test_charts.py",
    "tests/reports/test_content.py",
)


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


def m(id: str, file: str, old: str, new: str, tests: tuple[str, ...]) -> Mutant:
    return Mutant(id, file, old, new, tests)


NAMES = "docgen/grammar/names.py"
NUMERALS = "docgen/grammar/numerals.py"
DATES = "docgen/grammar/dates.py"
TYPO = "docgen/grammar/typography.py"
MANI = "docgen/district/manifest.py"
COMMON = "docgen/loading/_common.py"
READ = "docgen/loading/_read.py"
CHECKS = "docgen/loading/_checks.py"
FIGURES = "docgen/reports/figures.py"
CHARTS = "docgen/reports/charts.py"

MUTANTS: list[Mutant] = [
    # --- names: which gender, and how the parts decline
    m(
        "names-guess-wins",
        NAMES,
        "gender = gender or person.gender_hint()",
        "gender = person.gender_hint() or gender",
        GRAMMAR,
    ),
    m("names-ich-lost", NAMES, 'last.endswith(("вич", "ич"))', 'last.endswith(("вич",))', GRAMMAR),
    m(
        "names-chna-lost",
        NAMES,
        '("вна", "чна", "ична", "инична")',
        '("вна", "ична", "инична")',
        GRAMMAR,
    ),
    m(
        "names-patronymic-after-name",
        NAMES,
        "if self.patronymic and (g := gender_of_patronymic(self.patronymic)):",
        "if False and self.patronymic and (g := gender_of_patronymic(self.patronymic)):",
        GRAMMAR,
    ),
    m(
        "names-first-name-ignored",
        NAMES,
        "if self.name and (g := gender_of_first_name(self.name)):",
        "if False and self.name and (g := gender_of_first_name(self.name)):",
        GRAMMAR,
    ),
    m(
        "names-female-name-is-male",
        NAMES,
        'if genders == {"femn"}:\n        return "f"',
        'if genders == {"femn"}:\n        return "m"',
        GRAMMAR,
    ),
    m(
        "names-surname-ending-ignored",
        NAMES,
        "gender = gender_of_surname(person.surname) if person.surname else None",
        "gender = None",
        GRAMMAR,
    ),
    m(
        "names-same-forms-still-ask",
        NAMES,
        "if as_man == as_woman:",
        "if as_man != as_woman:",
        GRAMMAR,
    ),
    m(
        "names-initials-break",
        NAMES,
        "initials = NBSP.join(self.initials.split())",
        'initials = " ".join(self.initials.split())',
        GRAMMAR,
    ),
    m(
        "names-initials-surname-space",
        NAMES,
        'return f"{initials}{NBSP}{self.surname}" if self.surname else initials',
        'return f"{initials} {self.surname}" if self.surname else initials',
        GRAMMAR,
    ),
    m(
        "names-double-surname-any-part",
        NAMES,
        "return genders.pop() if len(genders) == 1 else None",
        "return genders.pop() if len(genders) >= 1 else None",
        GRAMMAR,
    ),
    m(
        "names-turkic-declines",
        NAMES,
        "if len(words) > 1 and words[-1].lower() in _TURKIC_PATRONYMIC:",
        "if len(words) > 2 and words[-1].lower() in _TURKIC_PATRONYMIC:",
        GRAMMAR,
    ),
    m(
        "names-petrovich-gender",
        NAMES,
        'PGender.MALE if gender == "m" else PGender.FEMALE',
        'PGender.MALE if gender != "m" else PGender.FEMALE',
        GRAMMAR,
    ),
    # --- numerals
    m("numerals-eleven", NUMERALS, "if last == 1 and last_two != 11:", "if last == 1:", GRAMMAR),
    m(
        "numerals-teens",
        NUMERALS,
        "if 2 <= last <= 4 and not 12 <= last_two <= 14:",
        "if 2 <= last <= 4:",
        GRAMMAR,
    ),
    m(
        "numerals-four-is-many",
        NUMERALS,
        "if 2 <= last <= 4 and not 12 <= last_two <= 14:",
        "if 2 <= last <= 3 and not 12 <= last_two <= 14:",
        GRAMMAR,
    ),
    m(
        "numerals-animate-accs",
        NUMERALS,
        'if animate and tag == "accs" and value in (2, 3, 4):\n            return _same(PLUR, "accs")',
        'if not animate and tag == "accs" and value in (2, 3, 4):\n            return _same(PLUR, "accs")',
        GRAMMAR,
    ),
    m(
        "numerals-oblique-plural",
        NUMERALS,
        'if tag not in ("nomn", "accs"):',
        'if tag not in ("nomn", "accs", "gent"):',
        GRAMMAR,
    ),
    m(
        "numerals-rounding-half-even",
        NUMERALS,
        "number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)",
        "number.quantize(Decimal(1).scaleb(-digits))",
        GRAMMAR,
    ),
    # --- dates
    m(
        "dates-numeric-no-pad",
        DATES,
        'f"{day.day:02d}.{day.month:02d}.{day.year:04d}"',
        'f"{day.day}.{day.month:02d}.{day.year:04d}"',
        GRAMMAR,
    ),
    m(
        "dates-quoted-no-pad",
        DATES,
        'f"«{day.day:02d}» {month} {day.year}{YEAR_MARK}"',
        'f"«{day.day}» {month} {day.year}{YEAR_MARK}"',
        GRAMMAR,
    ),
    m("dates-month-range", DATES, "not 1 <= number <= 12", "not 1 <= number <= 13", GRAMMAR),
    m(
        "dates-long-is-quoted",
        DATES,
        'if style == "long":\n        return f"{day.day} ',
        'if style == "long":\n        return f"{day.day:02d} ',
        GRAMMAR,
    ),
    # --- typography
    m(
        "typo-no-number-sign-nbsp",
        TYPO,
        'lambda m: m.group(1) + NBSP),\n    (re.compile(rf"(?<=\\d)',
        'lambda m: m.group(1) + " "),\n    (re.compile(rf"(?<=\\d)',
        TYPOGRAPHY,
    ),
    m(
        "typo-percent-space",
        TYPO,
        '(re.compile(rf"(?<=\\d)(?:{_SPACE}?)(?=%)"), NBSP),',
        '(re.compile(rf"(?<=\\d)(?:{_SPACE}?)(?=%)"), " "),',
        TYPOGRAPHY,
    ),
    m("typo-unit-year-lost", TYPO, r"км|кг|мин\.|ч\.|час", r"км|кг|мин\.|ч\.|час|года", TYPOGRAPHY),
    m("typo-dash-em", TYPO, 'DASH = "\\u2013"', 'DASH = "\\u2014"', TYPOGRAPHY),
    m("typo-dash-no-nbsp", TYPO, 'f"{NBSP}{DASH} "),', 'f" {DASH} "),', TYPOGRAPHY),
    m(
        "typo-range-spaced",
        TYPO,
        "def _range(match: re.Match[str]) -> str:\n    return DASH",
        'def _range(match: re.Match[str]) -> str:\n    return " " + DASH + " "',
        TYPOGRAPHY,
    ),
    m(
        "typo-short-words",
        TYPO,
        r'_SHORT = r"(?:[а-яё]{1,2}|',
        r'_SHORT = r"(?:[а-яё]{1,1}|',
        TYPOGRAPHY,
    ),
    m(
        "typo-quote-open",
        TYPO,
        'return "«" if before.isspace() or before in "([{„«–—-/" else "»"',
        'return "«" if before.isspace() else "»"',
        TYPOGRAPHY,
    ),
    m(
        "typo-nested-quotes",
        TYPO,
        'if depth % 2 == 0:\n                out.append((index, index + 1, "„"))',
        'if depth % 2 == 1:\n                out.append((index, index + 1, "„"))',
        TYPOGRAPHY,
    ),
    m(
        "typo-double-stop",
        TYPO,
        '(re.compile(r"(?<=[^.]\\.)\\.(?!\\.)"), ""),',
        '(re.compile(r"(?<=\\.)\\.(?!\\.)"), ""),',
        TYPOGRAPHY,
    ),
    m("typo-keep-last-words-width", TYPO, "_ONE_LINE = 60", "_ONE_LINE = 600", TYPOGRAPHY),
    m(
        "typo-phone-groups",
        TYPO,
        "{5: (1, 2, 2), 6: (2, 2, 2), 7: (3, 2, 2)}",
        "{5: (1, 2, 2), 6: (2, 2, 2), 7: (3, 4)}",
        TYPOGRAPHY,
    ),
    m(
        "typo-pieces-owner",
        TYPO,
        "owner = owners[start] if start < len(owners) else (owners[-1] if owners else 0)",
        "owner = owners[-1] if owners else 0",
        TYPOGRAPHY,
    ),
    # --- the bulk run's manifest
    m("manifest-no-template", MANI, "        cached_file_digest(template),\n", "", MANIFEST),
    m(
        "manifest-no-exceptions",
        MANI,
        "        *(cached_file_digest(p) for p in options.render.exceptions),\n",
        "",
        MANIFEST,
    ),
    m(
        "manifest-no-pdf",
        MANI,
        '        "pdf" if options.pdf else "",\n    )\n\n\n@dataclass',
        "    )\n\n\n@dataclass",
        MANIFEST,
    ),
    m(
        "manifest-no-fingerprint",
        MANI,
        "    return digest(\n        fingerprint.build(),\n        path,",
        "    return digest(\n        path,",
        MANIFEST,
    ),
    m("manifest-no-school", MANI, "        path,\n        school,\n", "        path,\n", MANIFEST),
    m(
        "manifest-edited-output-kept",
        MANI,
        "        return file_digest(self.folder / path) == entry.output\n\n    def record",
        "        return True\n\n    def record",
        MANIFEST,
    ),
    m(
        "manifest-run-ignores-files",
        MANI,
        "if not files or any(file_digest(Path(path)) != value for path, value in files.items()):",
        "if not files:",
        MANIFEST,
    ),
    m(
        "manifest-record-keeps-run",
        MANI,
        "        self.run = {}  # something was made",
        "        pass  # something was made",
        MANIFEST,
    ),
    m(
        "manifest-journal-not-replayed",
        MANI,
        "        manifest._replay()\n",
        "",
        MANIFEST,
    ),
    m(
        "manifest-digest-no-length",
        MANI,
        '        hasher.update(len(data).to_bytes(8, "big"))\n',
        "",
        MANIFEST,
    ),
    # --- loading: the place of every value
    m(
        "loading-yaml-line-off",
        READ,
        "return int(node.start_mark.line) + 1",
        "return int(node.start_mark.line)",
        LOADING,
    ),
    m(
        "loading-utf8-line-off",
        READ,
        'line = data[: exc.start].count(b"\\n") + 1',
        'line = data[: exc.start].count(b"\\n")',
        LOADING,
    ),
    m(
        "loading-json-line-off",
        READ,
        'line = text[: exc.position].count("\\n") + 1',
        'line = text[: exc.position].count("\\n")',
        LOADING,
    ),
    m("loading-path-format", COMMON, 'text += f"[{part}]"', 'text += f".{part}"', LOADING),
    m(
        "loading-locate-no-parent",
        COMMON,
        "for end in range(len(path), -1, -1):",
        "for end in range(len(path), len(path) - 1, -1):",
        LOADING,
    ),
    m("loading-no-key-path", COMMON, "if self.key_paths and path:", "if False:", LOADING),
    m(
        "loading-suppressed",
        COMMON,
        "return any(path[: len(done)] == done for done in self.suppressed)",
        "return False",
        LOADING,
    ),
    m(
        "loading-sort-columns",
        COMMON,
        "return sheet, row, column",
        "return sheet, column, row",
        LOADING,
    ),
    m(
        "loading-show-bool",
        COMMON,
        'return "да" if value else "нет"',
        'return "нет" if value else "да"',
        LOADING,
    ),
    m(
        "loading-no-typo-hint",
        CHECKS,
        'hint = f" (опечатка? похоже на «{close[0]}»)" if close else ""\n        where',
        'hint = ""\n        where',
        LOADING,
    ),
    m(
        "loading-unknown-person-ok",
        CHECKS,
        "        for path, key in _person_references(document):\n            if key not in keys:",
        "        for path, key in _person_references(document):\n            if False:",
        LOADING,
    ),
    # --- reports: what is reached and how the chart draws it
    m(
        "reports-mark-flipped",
        FIGURES,
        "value >= indicator.target if indicator.better is Better.MORE else value <= indicator.target",
        "value >= indicator.target",
        REPORTS,
    ),
    m(
        "reports-mark-strict",
        FIGURES,
        "value >= indicator.target if indicator.better",
        "value > indicator.target if indicator.better",
        REPORTS,
    ),
    m(
        "charts-missed-solid",
        CHARTS,
        'MISSED: Final = Style(fill="FFFFFF", pattern="wdUpDiag")',
        'MISSED: Final = Style(fill="595959")',
        REPORTS,
    ),
    m(
        "charts-missed-as-reached",
        CHARTS,
        'elif fig.mark is Mark.MISSED:\n            kinds.append("missed")',
        'elif fig.mark is Mark.MISSED:\n            kinds.append("achieved")',
        REPORTS,
    ),
    m(
        "charts-styles-swapped",
        CHARTS,
        '("missed", "не достигнут", MISSED),\n        ("achieved", "достигнут", ACHIEVED),',
        '("missed", "не достигнут", ACHIEVED),\n        ("achieved", "достигнут", MISSED),',
        REPORTS,
    ),
    m(
        "charts-worst-on-top",
        CHARTS,
        "reverse = indicator.better is Better.MORE",
        "reverse = indicator.better is not Better.MORE",
        REPORTS,
    ),
]


def run(mutant: Mutant, copy: Path) -> tuple[str, float]:
    source = copy / mutant.file
    original = source.read_text("utf-8")
    if original.count(mutant.old) != 1:
        return "invalid", 0.0
    source.write_text(original.replace(mutant.old, mutant.new), "utf-8")
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *mutant.tests],
            cwd=copy,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )
        outcome = "survived" if result.returncode == 0 else "killed"
    except subprocess.TimeoutExpired:
        outcome = "killed"  # a mutant that hangs the tests is caught too
    finally:
        source.write_text(original, "utf-8")
    return outcome, time.monotonic() - started


def main(argv: list[str]) -> int:
    prefixes = argv[1:]
    chosen = [m for m in MUTANTS if not prefixes or any(m.id.startswith(p) for p in prefixes)]
    with tempfile.TemporaryDirectory(prefix="docgen-mutants-") as folder:
        copy = Path(folder) / "repo"
        shutil.copytree(
            ROOT,
            copy,
            ignore=shutil.ignore_patterns(".git", ".venv", "output", "__pycache__", "*.egg-info"),
        )
        # the copy's own docgen must be the one imported, not the editable install's
        probe = subprocess.run(
            [sys.executable, "-c", "import docgen; print(docgen.__file__)"],
            cwd=copy,
            capture_output=True,
            text=True,
            check=True,
        )
        assert probe.stdout.startswith(str(copy)), probe.stdout
        results = {}
        for mutant in chosen:
            outcome, seconds = run(mutant, copy)
            results[mutant.id] = outcome
            print(f"{outcome:9} {seconds:6.1f} s  {mutant.id}", flush=True)
    valid = [outcome for outcome in results.values() if outcome != "invalid"]
    killed = valid.count("killed")
    rate = killed / len(valid) if valid else 0.0
    print(f"killed {killed} of {len(valid)} ({rate:.1%}); invalid {len(results) - len(valid)}")
    if not prefixes:
        (ROOT / "benchmarks" / "mutations.json").write_text(
            json.dumps(
                {"killed": killed, "valid": len(valid), "mutants": results},
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            "utf-8",
        )
    return 0 if all(outcome != "invalid" for outcome in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
