"""Project-level views: the home page, the health check and the expired-form page."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Render the landing page, with the questionnaire's size and a time estimate."""
    from schools.questionnaire import QUESTION_COUNT, STEP_CODES, time_estimate_minutes

    low, high = time_estimate_minutes()
    return render(
        request,
        "home.html",
        {
            "question_count": QUESTION_COUNT,
            "step_count": len(STEP_CODES),
            "minutes_low": low,
            "minutes_high": high,
        },
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain a refused form in Dutch (``CSRF_FAILURE_VIEW``), usually an expired one.

    Django's own view renders ``403_csrf.html`` without the request, so the page header would
    not know who is signed in; this one renders it like any other page.
    """
    return render(request, "403_csrf.html", status=403)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the app can reach its database.

    Returns 200 when `SELECT 1` succeeds and 503 when the database cannot be reached
    (OperationalError is a subclass of DatabaseError).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
