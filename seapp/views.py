"""Project-level views: the home page, the health check, the expired-form and lockout pages."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
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


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Redirect /favicon.ico, which browsers ask for whatever a page links, to the vendored
    icon ``static/img/favicon.svg``.

    A temporary redirect (302), cached for a day: the static name changes with its content hash.
    """
    response = HttpResponseRedirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


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
