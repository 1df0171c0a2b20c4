"""The reminders against the two seed articles they are drawn from (../shared/seeds).

tests/fixtures/reminder_sources.toml records, per reminder, the passages that support it; here
each passage is found word for word in the paragraph it names, and every quotation inside a
reminder is found in the articles.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from legday.render.remind import REMINDERS

pytestmark = pytest.mark.corpus

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "reminder_sources.toml"
# How each article opens: the blog post with its title line, the news article with its lead.
OPENINGS = {"blog": "The surprising health benefits of", "article": "Leg exercise health benefits:"}


def plain(text: str) -> str:
    """Typographic quotes and apostrophes as the ASCII the reminders use; spaces collapsed."""
    for fancy, ascii_form in (("“", '"'), ("”", '"'), ("’", "'"), ("‘", "'"), ("\u00a0", " ")):
        text = text.replace(fancy, ascii_form)
    return " ".join(text.split())


@cache
def paragraphs() -> dict[str, list[str]]:
    """Each article's paragraphs in order, the blog's title line left out (as the README counts)."""
    found: dict[str, list[str]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        parts = [plain(p) for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))]
        parts = [p for p in parts if p]
        names = [name for name, opening in OPENINGS.items() if parts[0].startswith(opening)]
        assert len(names) == 1, f"{path.name} is neither seed article"
        found[names[0]] = parts[1:] if names[0] == "blog" else parts
    assert set(found) == set(OPENINGS)
    return found


RECORDS = tomllib.loads(SOURCES.read_text(encoding="utf-8"))["reminder"]
PASSAGES = [
    (record["text"], support["article"], support["paragraph"], support["quote"])
    for record in RECORDS
    for support in record["support"]
]


@pytest.mark.parametrize(
    ("reminder", "article", "paragraph", "quote"),
    PASSAGES,
    ids=[f"{text[:24]} {article} {number}" for text, article, number, _ in PASSAGES],
)
def test_each_recorded_passage_is_word_for_word_in_its_paragraph(
    reminder: str, article: str, paragraph: int, quote: str
) -> None:
    text = paragraphs()[article]
    assert 1 <= paragraph <= len(text)
    assert plain(quote) in text[paragraph - 1], f"not in {article} paragraph {paragraph}"


def test_quotes_are_word_for_word_from_the_articles() -> None:
    articles = " ".join(" ".join(parts) for parts in paragraphs().values())
    quotes = [q for r in REMINDERS for q in re.findall(r'"([^"]+)"', r.text)]
    assert quotes, "the researcher's line should be quoted"
    for quote in quotes:
        assert plain(quote) in articles
