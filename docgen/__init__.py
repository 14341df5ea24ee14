"""docgen: official documents of Russian education administrations from templates and data."""

from __future__ import annotations

from docgen.errors import DocgenError, GrammarError, UnknownGenderError
from docgen.grammar import agree, inflect

__version__ = "0.1.0"

__all__ = ["DocgenError", "GrammarError", "UnknownGenderError", "__version__", "agree", "inflect"]
