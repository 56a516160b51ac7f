""".env.example documents every variable the settings read."""

import re
from pathlib import Path

from django.conf import settings


def test_every_environment_variable_read_by_the_settings_is_in_env_example():
    base = Path(settings.BASE_DIR)
    source = "".join(path.read_text() for path in (base / "portal/settings").glob("*.py"))
    read = set(re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (base / ".env.example").read_text(), re.M))

    assert read, "the pattern found no variables; the test would pass vacuously"
    assert read - documented == set()
