"""English and Simplified Chinese, chosen by the browser, with a switcher."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

CATALOGUE = Path(settings.BASE_DIR) / "portal/locale/zh_Hans/LC_MESSAGES/django.po"


@pytest.mark.django_db
def test_a_chinese_browser_gets_chinese(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")

    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "跳到主要内容" in page  # our skip link
    assert "登录" in page


@pytest.mark.django_db
def test_an_english_browser_gets_english(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="en">' in page
    assert "Skip to main content" in page


@pytest.mark.django_db
def test_the_switcher_overrides_the_browser(client):
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans">' in page


def test_the_chinese_catalogue_has_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_every_shipped_string_is_in_the_chinese_catalogue(tmp_path):
    """Re-extract the strings from a copy of the code; nothing new may appear untranslated."""
    base = Path(settings.BASE_DIR)
    for app in ["portal", "home", "participation", "education", "rewards", "regulations"]:
        shutil.copytree(base / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(base / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale=zh_Hans", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
    )
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(tmp_path / CATALOGUE.relative_to(base))],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
