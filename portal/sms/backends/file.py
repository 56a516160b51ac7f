"""Tests: each message is a JSON file in SMS_FILE_PATH (to, template, params, text), named so
that they sort in the order they were sent. `read_all` gives them back."""

import json
import time
from pathlib import Path

from django.conf import settings


class SmsBackend:
    def __init__(self, path=None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, message) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{message.pk}.json"
        record = {
            "to": message.to,
            "template": message.template,
            "params": message.params,
            "text": message.text,
            "key": message.key,
        }
        (self.path / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return name


def read_all(path=None) -> list[dict]:
    folder = Path(path or settings.SMS_FILE_PATH)
    if not folder.exists():
        return []
    return [json.loads(file.read_text(encoding="utf-8")) for file in sorted(folder.glob("*.json"))]
