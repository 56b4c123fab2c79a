import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
