"""The fault tests' figures: recorded in each test's report, printed at the end of the run by
tests/conftest.py (where pytest-xdist's controller, which collects nothing, sees the hook)."""

from collections.abc import Callable

import pytest


@pytest.fixture(name="figure")
def _figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Records one line of figures, printed under its own heading at the end of the run."""
    return lambda line: request.node.user_properties.append(("figure", line))
