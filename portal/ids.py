"""Row ids as they arrive from outside (URLs, forms, API paths): which numbers can be an id."""

# The largest id a row can have (a 64-bit BigAutoField, DEFAULT_AUTO_FIELD). A larger number names
# no row; sent to SQLite it raises OverflowError, so it is refused before any query.
MAX_ID = 2**63 - 1


def is_row_id(value) -> bool:
    """Whether `value` could be a row's id: a whole number from 1 to MAX_ID."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID
