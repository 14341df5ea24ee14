"""SHA-256 of every example output: proof that a refactoring changed no byte.

Builds everything the README's quick start builds (every YAML example, the XLSX examples, the
district report and the example district) and what import, new-workbook and inflect write into a temporary folder through the CLI, in this
process, and prints one line per file: its digest and its path inside the output folder.

    python benchmarks/example_digests.py                    # print the digests
    python benchmarks/example_digests.py --save FILE        # keep them
    python benchmarks/example_digests.py --check FILE       # exit 1 and list what differs

The bulk manifest records absolute input paths and so differs between folders; it is left out
(its content is covered by the bulk tests).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SKIP = {  # not outputs: the manifest, the lock and the caches
    ".docgen-manifest.json",
    ".docgen-lock",
    ".docgen-overdue.json",
    ".docgen-sheets.jsonl",
    ".docgen-templates.json",
    ".docgen-planned.json",
}


def build(out: Path) -> dict[str, str]:
    """Run the example commands into `out` and return {relative path: sha256}."""
    from docgen.cli import main

    runner = CliRunner()
    commands = [
        ["render", *map(str, sorted(EXAMPLES.glob("*.yaml"))), "-o", str(out / "render")],
        [
            "render",
            str(EXAMPLES / "order_template.xlsx"),
            str(EXAMPLES / "plan_template.xlsx"),
            "-o",
            str(out / "render_xlsx"),
        ],
        ["report", str(EXAMPLES / "monitoring.xlsx"), "-o", str(out / "report")],
        [
            "report",
            str(EXAMPLES / "monitoring.xlsx"),
            "--school",
            "sosh2",
            "-o",
            str(out / "report_school"),
        ],
        [
            "bulk",
            str(EXAMPLES / "district.xlsx"),
            "-o",
            str(out / "district"),
            "--jobs",
            "1",
            "--today",  # the summary's «Просрочено» sheet is as of a fixed day
            "2025-03-01",
        ],
        [
            "agenda",
            str(EXAMPLES / "order_953.yaml"),
            str(EXAMPLES / "school_roadmap_sosh2.yaml"),
            "-o",
            str(out / "agenda"),
            "--today",
            "2025-03-01",
        ],
        [
            "import",
            str(out / "render" / "План_УО-Заречного-МО_2022-2024.docx"),
            "-o",
            str(out / "import" / "plan.yaml"),
        ],
        [
            "import",
            str(out / "render" / "План_УО-Заречного-МО_2022-2024.docx"),
            "-o",
            str(out / "import" / "plan.xlsx"),
        ],
        ["new-workbook", str(out / "new" / "district.xlsx")],
        [
            "inflect",
            "--file",
            str(EXAMPLES / "phrases.tsv"),
            "--all",
            "-o",
            str(out / "inflect" / "phrases.txt"),
        ],
    ]
    for args in commands:
        result = runner.invoke(main, args)
        if result.exit_code != 0:
            raise SystemExit(
                f"docgen {' '.join(args)} failed ({result.exit_code}):\n{result.output}"
            )
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in SKIP
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the digests to this JSON file")
    parser.add_argument("--check", type=Path, help="compare with digests saved before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        digests = build(Path(tmp))
    if args.save:
        args.save.write_text(json.dumps(digests, ensure_ascii=False, indent=1) + "\n", "utf-8")
    if args.check:
        before: dict[str, str] = json.loads(args.check.read_text("utf-8"))
        changed = sorted(
            k for k in before.keys() | digests.keys() if before.get(k) != digests.get(k)
        )
        for name in changed:
            print(
                f"differs: {name} ({before.get(name, 'absent')[:12]} -> "
                f"{digests.get(name, 'absent')[:12]})"
            )
        print(f"{len(digests)} files, {len(changed)} differ")
        return 1 if changed else 0
    if not args.save:
        for name, value in digests.items():
            print(value, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
