from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"


@pytest.fixture
def mini_spec():
    from generator.spec import RawSpec, load

    path = FIXTURES / "mini-v1.0.0.json"
    return load(RawSpec(str(path), path.read_bytes(), "v1.0.0"))
