"""Text as people type or paste it."""

import re

# C0 control characters other than tab, newline and carriage return, and the two non-characters:
# invisible, meaningless in a report, and not allowed in XML 1.0 even escaped (text pasted from
# word processors carries some, e.g. a vertical tab).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
