import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Images, renditions and documents go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
