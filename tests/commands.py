"""Run the ``advise`` command as a user would, for the tests of its output and its refusals."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


def advise(*args: str) -> str:
    """Run ``advise`` with ``args``; return what it wrote to stdout."""
    out = io.StringIO()
    call_command("advise", *args, stdout=out)
    return out.getvalue()


def refuse(*args: str) -> list[str]:
    """Run ``advise`` expecting a refusal (exit status 2); return its stderr lines."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("advise", *args, stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2
    return err.getvalue().splitlines()
