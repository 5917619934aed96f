"""The only URL fetcher the PDF renderer gets: the project's own static files, nothing else.

WeasyPrint's default fetcher opens any URL a document or stylesheet names (``http:``,
``file:``, ``data:``, ``ftp:``), so text that reached CSS could make the server fetch a URL,
embed a local file or read ``/dev/zero`` forever. ``StaticFilesFetcher`` serves a ``file:``
URL only when it names a regular file inside the static folder (after resolving ``..`` and
symbolic links) with a known suffix and a bounded size; every other URL is refused and
recorded in ``refused``. WeasyPrint then leaves that resource out and goes on.

Pure Python plus WeasyPrint (no Django), so the render child process can use it as it is.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

# What a report may load: its stylesheet, fonts and images.
ALLOWED_SUFFIXES = {
    ".css": "text/css",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
# The largest static file the renderer reads (the biggest font is under 1 MB).
MAX_FILE_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """The renderer asked for a URL outside the project's static files."""


class StaticFilesFetcher(URLFetcher):
    """Serve files under ``static_dir`` to WeasyPrint; refuse every other URL.

    ``fetched`` lists the URLs served and ``refused`` the URLs refused, in order, so the
    caller can log them and tests can check what a render asked for.
    """

    def __init__(self, static_dir: str | Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.static_dir = Path(static_dir).resolve()
        self.fetched: list[str] = []
        self.refused: list[str] = []

    @property
    def base_url(self) -> str:
        """The ``file:`` URL of the static folder, for relative URLs in the report."""
        return self.static_dir.as_uri() + "/"

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
            body = path.read_bytes()
        except (RefusedURL, OSError) as exc:
            self.refused.append(url)
            raise RefusedURL(f"not a static file of the project: {url[:200]}") from exc
        self.fetched.append(url)
        content_type = ALLOWED_SUFFIXES[path.suffix.lower()]
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})

    def resolve(self, url: str) -> Path:
        """Return the static file ``url`` names; raise ``RefusedURL`` for anything else."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(url)
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.static_dir):
            raise RefusedURL(url)
        if path.suffix.lower() not in ALLOWED_SUFFIXES or not path.is_file():
            raise RefusedURL(url)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RefusedURL(url)
        return path
