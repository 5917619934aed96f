"""Render report HTML to PDF in a child process, bounded in memory and time.

A render runs in a process forked from a small server process that has WeasyPrint loaded
(``multiprocessing``'s *forkserver*: started once per web or worker process, single-threaded,
no Django, no database connection). The child gets an address-space limit and a CPU-time limit
before it parses anything, fetches only the project's static files (``StaticFilesFetcher``),
and is killed when it has not answered within the time limit. So a document that would grow
without bound, or loop, costs one child process, never the web or worker process.

The report's own stylesheet and its fonts (``REPORT_STYLESHEETS``) are the same for every
render: the fork server parses them once when it starts (``reports.render_preload``), and each
child inherits the parsed stylesheet and the font configuration instead of parsing the CSS and
unpacking six fonts again (about a third of a two-page note's CPU time).

Pure Python plus WeasyPrint (no Django): the caller passes the static folder and the limits.
"""

from __future__ import annotations

import atexit
import multiprocessing
import resource
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

# Preloaded into the fork server, so each render forks with WeasyPrint already imported and
# the report's stylesheet parsed. (Each child still runs the entry script's module level again,
# as multiprocessing does: keep entry scripts light, their work under `if __name__ == ...`.)
_PRELOAD = ["weasyprint", "reports.fetcher", "reports.render", "reports.render_preload"]
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(_PRELOAD)

MB = 1024 * 1024

# The stylesheets every report uses, relative to the static folder; the report's HTML does not
# link them, the renderer applies them (parsed once per process, see ``house_style``).
REPORT_STYLESHEETS = ("css/report.css",)


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
    style_inherited: bool = False  # the stylesheets came parsed from the fork server


class RenderFailed(RuntimeError):
    """The PDF could not be rendered (an error, too much memory, or too long)."""


class RenderTimedOut(RenderFailed):
    """The render did not finish within its time limit and was stopped."""


def render_pdf(
    html: str,
    static_dir: str | Path,
    *,
    pdf_variant: str | None,
    limits: RenderLimits,
    stylesheets: tuple[str, ...] = (),
) -> RenderResult:
    """Render ``html`` to PDF bytes in a bounded child process.

    Relative URLs resolve against ``static_dir``; only files inside it are loaded.
    ``stylesheets`` (paths relative to ``static_dir``) apply to the document besides the ones
    it links; they are parsed once per process (``house_style``). Raises
    ``RenderTimedOut`` after ``limits.seconds`` and ``RenderFailed`` when the child runs out of
    its memory allowance, crashes, or WeasyPrint raises.
    """
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_render_in_child,
        args=(sender, html, str(static_dir), pdf_variant, limits, tuple(stylesheets)),
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
    sender: Connection,
    html: str,
    static_dir: str,
    pdf_variant: str | None,
    limits: RenderLimits,
    stylesheets: tuple[str, ...],
) -> None:
    """Set the limits, render, and send ``("ok", RenderResult)`` or ``("error", message)``."""
    _limit_resources(limits)
    try:
        from weasyprint import HTML

        from reports.fetcher import StaticFilesFetcher

        inherited = _house_style_key(static_dir, stylesheets) in _house_styles
        style = house_style(static_dir, stylesheets)
        fetcher = StaticFilesFetcher(static_dir)
        document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(
            pdf_variant=pdf_variant, stylesheets=style.stylesheets, font_config=style.font_config
        )
        message = (
            "ok",
            RenderResult(
                pdf, style.fetched + fetcher.fetched, style.refused + fetcher.refused, inherited
            ),
        )
    except MemoryError:
        message = ("error", "render needed more memory than allowed")
    except Exception as exc:  # reported to the parent, which raises RenderFailed
        message = ("error", f"{type(exc).__name__}: {exc}"[:500])
    sender.send(message)
    sender.close()


@dataclass(frozen=True)
class HouseStyle:
    """Stylesheets parsed once, with the font configuration their ``@font-face`` rules fill."""

    stylesheets: list  # of weasyprint.CSS
    font_config: object  # weasyprint.text.fonts.FontConfiguration
    fetched: list[str]  # static files parsing them loaded (the CSS and its fonts)
    refused: list[str]


_house_styles: dict[tuple[str, tuple[str, ...]], HouseStyle] = {}


def house_style(static_dir: str | Path, stylesheets: tuple[str, ...]) -> HouseStyle:
    """Return ``stylesheets`` (relative to ``static_dir``) parsed, once per process.

    Called in the fork server before any render (``reports.render_preload``), so every child
    inherits the result; a child asked for other stylesheets parses them itself. The font
    configuration stays referenced here, so its folder of unpacked fonts outlives every child
    (a child ends with ``os._exit`` and runs no finalizer).
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from reports.fetcher import StaticFilesFetcher

    key = _house_style_key(static_dir, stylesheets)
    if key not in _house_styles:
        fetcher = StaticFilesFetcher(static_dir)
        font_config = FontConfiguration()
        parsed = [
            CSS(url=fetcher.base_url + name, url_fetcher=fetcher, font_config=font_config)
            for name in stylesheets
        ]
        if not _house_styles:
            # Let the font configurations remove their folder while the interpreter is whole.
            atexit.register(_house_styles.clear)
        _house_styles[key] = HouseStyle(parsed, font_config, fetcher.fetched, fetcher.refused)
    return _house_styles[key]


def _house_style_key(static_dir: str | Path, stylesheets: tuple[str, ...]) -> tuple:
    return (str(Path(static_dir).resolve()), tuple(stylesheets))


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
