"""The examples keep the no-break spaces the real documents need, where ``test_seeds`` cannot see.

``tests/test_seeds.py`` compares normalized texts, in which a no-break space, a tab and a line
break are all one space: it cannot see a no-break space that went missing. Here the seeds'
phrases are set by docgen's typography (:func:`docgen.grammar.typography.typeset`), each line as
the seed extraction gives it, and every pair of words that typography joins with a no-break
space («в⍽соответствии», «№⍽2», «Ушакова⍽И.Г.», «2022⍽г.») must be joined so in the rendered
document too: by a no-break space, or by the end of a paragraph or table cell where the seed's
extraction ran a table row or a list onto one line. The document's text is read keeping its
no-break spaces, tabs and line breaks as they are.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.grammar.typography import NBSP, typeset
from docgen.options import Options
from docgen.rendering import render
from tests.docx_text import MARK_STYLE, W, normalized
from tests.test_seeds import CASES, EXAMPLES, SEEDS, needs_seeds

_TAGS = re.compile(r"<[^>]+>")
_PAIR = re.compile(rf"(?<!\S)(\S+){NBSP}(?=(\S+))")  # \S: neither a space nor a no-break one


def exact_text(docx: Path) -> str:
    """Paragraphs and table cells of the body, then the footnotes, one a line; inside them
    every character as the document has it: no-break spaces, tabs («\\t») and line breaks
    («\\n») kept."""
    with zipfile.ZipFile(docx) as archive:
        roots = [etree.fromstring(archive.read("word/document.xml"))]
        if "word/footnotes.xml" in archive.namelist():
            roots.append(etree.fromstring(archive.read("word/footnotes.xml")))
    out: list[str] = []
    for p in (p for root in roots for p in root.iter(f"{W}p")):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == MARK_STYLE:
            continue
        text = ""
        for node in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
            if node.tag == f"{W}t":
                text += node.text or ""
            elif node.tag == f"{W}tab":
                if node.getparent().tag == f"{W}r":  # a tab stop definition is not text
                    text += "\t"
            else:
                text += "\n"
        out.append(text)
    return "\n".join(out)


def joined_pairs(seed: str) -> list[tuple[str, str]]:
    """Every pair of words the seed's lines, set by docgen's typography, join by a no-break
    space."""
    pairs = []
    for line in seed.splitlines():
        plain = normalized(
            _TAGS.sub(" ", line).replace("**", "").replace("[bookmark: _GoBack]", "")
        )
        if plain:
            pairs.extend(_PAIR.findall(typeset(plain)))
    return pairs


def lost(pairs: list[tuple[str, str]], document: str) -> list[str]:
    """The pairs the document writes somewhere with a plain space or a tab between them.

    A pair the document never writes side by side at all is not counted: the extraction ran
    a row or a list onto one line there, or scrambled it (``tests/test_seeds.py`` checks the
    words themselves)."""
    return [f"{a}⍽{b}" for a, b in pairs if _side_by_side(a, "[ \t]", b, document)]


def kept(pairs: list[tuple[str, str]], document: str) -> int:
    """How many pairs the document joins by a no-break space or a paragraph's end."""
    return sum(_side_by_side(a, f"[{NBSP}\n]", b, document) for a, b in pairs)


def _side_by_side(a: str, between: str, b: str, document: str) -> bool:
    """The words ``a`` and ``b`` (whole words, as the seed has them) apart by ``between``."""
    pattern = rf"(?<!\S){re.escape(a)}{between}{re.escape(b)}(?!\S)"
    return re.search(pattern, document) is not None


@needs_seeds
@pytest.mark.parametrize(("data", "seed"), CASES)
def test_every_no_break_space_of_the_seed_is_in_the_document(
    tmp_path: Path, data: str, seed: str
) -> None:
    pairs = joined_pairs((SEEDS / f"{seed}.txt").read_text("utf-8"))
    assert len(pairs) > 50  # the seeds are full of them: № 2, 2022 г., в соответствии
    document = exact_text(render(EXAMPLES / data, Options(output_dir=tmp_path)).docx)
    assert lost(pairs, document) == []
    assert kept(pairs, document) >= 0.98 * len(pairs)  # the rest: rows the extraction scrambled


@needs_seeds
def test_a_lost_no_break_space_is_caught(tmp_path: Path) -> None:
    """The check is not vacuous: one no-break space turned into a plain space in the rendered
    document's XML is reported, with the words it should join."""
    docx = render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path)).docx
    pairs = joined_pairs((SEEDS / "001_ec8d607b2a6c2320.txt").read_text("utf-8"))
    assert ("Ушакову", "И.Г.,") in pairs
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                xml = content.decode("utf-8")
                assert f"Ушакову{NBSP}И.Г." in xml
                content = xml.replace(f"Ушакову{NBSP}И.Г.", "Ушакову И.Г.", 1).encode("utf-8")
            target.writestr(item, content)
    assert lost(pairs, exact_text(docx)) == []
    assert lost(pairs, exact_text(broken)) == ["Ушакову⍽И.Г.,"]
    assert "Ушакову⍽И.Г.," in lost(pairs, exact_text(broken))


def test_the_exact_text_keeps_tabs_and_no_break_spaces(tmp_path: Path) -> None:
    """The order's date and number are one line, apart by a tab; «г.» and «№» keep theirs."""
    document = exact_text(render(EXAMPLES / "order_953.yaml", Options(output_dir=tmp_path)).docx)
    assert f"«18» июля 2022{NBSP}г.\t№{NBSP}953" in document.splitlines()
