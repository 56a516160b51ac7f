import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, query) -> str:
    """`text`, escaped, with the words of `query` marked (<mark>); Chinese words are matched as
    written, anywhere in the text."""
    text = escape(str(text or ""))
    words = sorted({escape(w) for w in str(query or "").split() if w}, key=len, reverse=True)
    if not words:
        return mark_safe(text)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", text))  # noqa: S308
