"""Project-level views: the home page, the health check, the expired-form and lockout pages."""

from django.conf import settings
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


def login_locked_out(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Explain in Dutch that an account is locked after too many wrong passwords.

    django-axes calls this (``AXES_LOCKOUT_CALLABLE``) for the site and the admin login alike,
    instead of the login page; status 429 (Too Many Requests).
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


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
