"""Domain exceptions. The CLI turns each into a message and an exit code."""

from __future__ import annotations


class NearmeError(Exception):
    """A problem caused by the user's input, reported without a traceback."""

    exit_code = 2


class SettingsError(NearmeError):
    """A setting (from the environment or a command-line option) is invalid."""


class ContentError(NearmeError):
    """The content directory holds problems; `problems` lists every one of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class UsageError(NearmeError):
    """The command was called wrongly."""
