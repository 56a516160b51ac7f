"""Two versions of a regulation compared article by article. Articles are matched by their id
(their identity survives renumbering and rewording); the text is compared character by
character, which suits Chinese (no spaces between words) as well as English."""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _marked(old: str, new: str) -> str:
    """`new` with what was added in <ins> and what was removed from `old` in <del>."""
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(old[i1:i2])}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(new[j1:j2])}</ins>")
        if tag == "equal":
            parts.append(escape(new[j1:j2]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 — every piece escaped


def compare(old_articles: list[dict], new_articles: list[dict]) -> list[dict]:
    """One row per article in either version, in the newer version's order (removed articles
    where they were): change is "same", "changed", "added" or "removed"."""
    old_by_id = {article["id"]: article for article in old_articles}
    new_ids = {article["id"] for article in new_articles}
    rows = []
    for article in new_articles:
        before = old_by_id.get(article["id"])
        if before is None:
            rows.append(
                {
                    "article": article,
                    "before": None,
                    "change": "added",
                    "text": _marked("", article["text"]),
                }
            )
            continue
        same = before["text"] == article["text"] and before["heading"] == article["heading"]
        rows.append(
            {
                "article": article,
                "before": before,
                "change": "same" if same else "changed",
                "heading": _marked(before["heading"], article["heading"]),
                "text": _marked(before["text"], article["text"]),
            }
        )
    for position, article in enumerate(old_articles):
        if article["id"] not in new_ids:
            rows.insert(
                min(position, len(rows)),
                {
                    "article": article,
                    "before": article,
                    "change": "removed",
                    "text": _marked(article["text"], ""),
                },
            )
    return rows
