"""The fault tests print what they measured at the end of the run (also without `-s`)."""

from tests.chaos.faults import FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    """The soak's figures (and any other fault test's) under their own heading."""
    if FIGURES:
        terminalreporter.section("chaos and soak figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
