"""Render report HTML to PDF in a child process, bounded in memory and time.

A render runs in a process forked from a small server process that has WeasyPrint loaded
(``multiprocessing``'s *forkserver*: started once per web or worker process, single-threaded,
no Django, no database connection). The child gets an address-space limit and a CPU-time limit
before it parses anything, fetches only the project's static files (``StaticFilesFetcher``),
and is killed when it has not answered within the time limit. So a document that would grow
without bound, or loop, costs one child process, never the web or worker process.

Pure Python plus WeasyPrint (no Django): the caller passes the static folder and the limits.
"""

from __future__ import annotations

import multiprocessing
import resource
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

# Preloaded into the fork server, so each render forks with WeasyPrint already imported.
_PRELOAD = ["weasyprint", "reports.fetcher", "reports.render"]
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(_PRELOAD)

MB = 1024 * 1024


@dataclass(frozen=True)
class RenderLimits:
    """How much one render may use: wall-clock seconds and extra address space in bytes."""

    seconds: float = 60.0
    memory_bytes: int = 1024 * MB


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    fetched: list[str] = field(default_factory=list)  # static files the document loaded
    refused: list[str] = field(default_factory=list)  # URLs it asked for and did not get


class RenderFailed(RuntimeError):
    """The PDF could not be rendered (an error, too much memory, or too long)."""


class RenderTimedOut(RenderFailed):
    """The render did not finish within its time limit and was stopped."""


def render_pdf(
    html: str, static_dir: str | Path, *, pdf_variant: str | None, limits: RenderLimits
) -> RenderResult:
    """Render ``html`` to PDF bytes in a bounded child process.

    Relative URLs resolve against ``static_dir``; only files inside it are loaded. Raises
    ``RenderTimedOut`` after ``limits.seconds`` and ``RenderFailed`` when the child runs out of
    its memory allowance, crashes, or WeasyPrint raises.
    """
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_render_in_child,
        args=(sender, html, str(static_dir), pdf_variant, limits),
        name="report-render",
        daemon=True,
    )
    child.start()
    sender.close()  # the child holds the only write end now, so its death ends our wait
    try:
        if not receiver.poll(limits.seconds):
            raise RenderTimedOut(f"render took longer than {limits.seconds:g} s")
        try:
            outcome, payload = receiver.recv()
        except EOFError:
            child.join(1)
            raise RenderFailed(f"render ended without a result ({child.exitcode})") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome != "ok":
        raise RenderFailed(payload)
    return payload


def _render_in_child(
    sender: Connection, html: str, static_dir: str, pdf_variant: str | None, limits: RenderLimits
) -> None:
    """Set the limits, render, and send ``("ok", RenderResult)`` or ``("error", message)``."""
    _limit_resources(limits)
    try:
        from weasyprint import HTML

        from reports.fetcher import StaticFilesFetcher

        fetcher = StaticFilesFetcher(static_dir)
        document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(pdf_variant=pdf_variant)
        message = ("ok", RenderResult(pdf, fetcher.fetched, fetcher.refused))
    except MemoryError:
        message = ("error", "render needed more memory than allowed")
    except Exception as exc:  # reported to the parent, which raises RenderFailed
        message = ("error", f"{type(exc).__name__}: {exc}"[:500])
    sender.send(message)
    sender.close()


def _limit_resources(limits: RenderLimits) -> None:
    """Cap this process's address space (what it has now plus the allowance) and CPU time."""
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    _lower_limit(resource.RLIMIT_AS, in_use + limits.memory_bytes)
    _lower_limit(resource.RLIMIT_CPU, int(limits.seconds) + 2)
    _lower_limit(resource.RLIMIT_CORE, 0)


def _lower_limit(kind: int, value: int) -> None:
    """Set both limits of ``kind`` to ``value``, never above a hard limit already in force."""
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))
