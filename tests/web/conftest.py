"""Fixtures of the web tests."""

from pathlib import Path

import pytest

from tests.web.support import Service, make_service


@pytest.fixture
def service(tmp_path: Path) -> Service:
    """A fresh service on the default day."""
    return make_service(tmp_path)
