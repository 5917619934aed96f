"""Middleware of the schools app: the Retry-After header of a rate-limited quick-scan answer."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RetryAfterMiddleware:
    """Add ``Retry-After`` (seconds) to a 429 answer of a request that ``schools.scan.allow``
    refused, from the ``retry_after_seconds`` it set on the request.

    One place for every refusal (the scan pages and the scan's PDF in ``reports``), so no view
    has to remember the header. A response that already has the header keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seconds = getattr(request, "retry_after_seconds", None)
        if response.status_code == 429 and seconds and not response.has_header("Retry-After"):
            response["Retry-After"] = str(int(seconds))
        return response
