"""Text as people type or paste it."""

import re

# C0 control characters other than tab, newline and carriage return, and the two non-characters:
# invisible, meaningless in a report, and not allowed in XML 1.0 even escaped (text pasted from
# word processors carries some, e.g. a vertical tab).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


# --- Search in Chinese ---------------------------------------------------------------------------
# Chinese is written without spaces, so a full-text index sees "小区井盖破损" as one word and a
# search for "井盖" finds nothing. Pages therefore also index their Chinese text as overlapping
# pairs of characters (and single characters), and a search turns its Chinese words into the
# same pairs, all required: "井盖破损" looks for 井盖, 盖破 and 破损. Works the same with SQLite's
# and PostgreSQL's full-text search, which both see each pair as a word.

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def cjk_ngrams(text: str) -> str:
    """The Chinese characters of `text` as single characters and overlapping pairs, for an
    index: "井盖破损" → "井 盖 破 损 井盖 盖破 破损"."""
    words = []
    for run in CJK_RUN.findall(text or ""):
        words += list(run)
        if len(run) > 1:
            words += _pairs(run)
    return " ".join(words)


def search_terms(query: str) -> str:
    """A search as the index sees it: words only (no quotes, operators or symbols, which a
    full-text engine would read as syntax), lower case, Chinese words as their pairs."""
    terms = []
    for word in re.findall(r"\w+", query or ""):
        for part in re.split(f"({CJK_RUN.pattern})", word):
            if not part:
                continue
            terms += _pairs(part) if CJK_RUN.fullmatch(part) else [part.lower()]
    return " ".join(terms)
