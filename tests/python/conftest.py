# Fixtures of the Python module's tests: a fresh temporary database per test.
import os
import sys

import pytest

import caspian

SOURCE_DIR = os.environ.get(
    "CASPIAN_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


@pytest.fixture
def db():
    with caspian.open() as database:
        yield database


@pytest.fixture
def python():
    """The interpreter running the tests, for subprocesses that import caspian the same way."""
    return sys.executable
