"""Tests for the project foundation: configuration, health check, pages, i18n, security."""

import re
import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from seapp.env import env_bool, env_int, env_list, env_str
from tests.checks import assert_shows, page_html
from tests.conftest import PLAIN_HTTP

BASE_DIR = Path(__file__).resolve().parent.parent

HEALTHZ_SCRIPT = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


# --- Environment helpers ----------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["true", "TRUE", "1", "yes", "On", " true "])
def test_env_bool_accepts_the_true_spellings(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=False) is True


@pytest.mark.parametrize("raw", ["false", "False", "0", "no", "off"])
def test_env_bool_accepts_the_false_spellings(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=True) is False


def test_env_bool_names_the_variable_and_the_accepted_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_bool("SOME_FLAG", default=False)
    assert str(excinfo.value) == (
        "SOME_FLAG must be one of true/false/1/0/yes/no/on/off, got 'maybe'"
    )


def test_env_helpers_fall_back_to_the_default_when_unset_or_blank(monkeypatch):
    monkeypatch.delenv("SOME_VALUE", raising=False)
    assert env_str("SOME_VALUE", default="x") == "x"
    assert env_int("SOME_VALUE", default=7) == 7
    assert env_list("SOME_VALUE", default=["a"]) == ["a"]
    monkeypatch.setenv("SOME_VALUE", "  ")
    assert env_bool("SOME_VALUE", default=True) is True


def test_env_helpers_without_default_demand_the_variable(monkeypatch):
    monkeypatch.delenv("SOME_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="^SOME_VALUE must be set"):
        env_str("SOME_VALUE")


def test_env_int_rejects_words_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "abc")
    with pytest.raises(ImproperlyConfigured, match="^SOME_NUMBER must be a whole number.*'abc'"):
        env_int("SOME_NUMBER", default=0)
    monkeypatch.setenv("SOME_NUMBER", "-12")
    assert env_int("SOME_NUMBER", default=0) == -12


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SOME_LIST", "localhost, 127.0.0.1,,[::1] ")
    assert env_list("SOME_LIST", default=[]) == ["localhost", "127.0.0.1", "[::1]"]


# --- Bad configuration reads as one clear line ------------------------------------------------


def _assert_one_clean_line(result, variable: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]


def test_a_bad_debug_value_stops_manage_py_with_one_line(run_python):
    result = run_python("manage.py", "check", DEBUG="maybe")
    _assert_one_clean_line(result, "DEBUG")
    assert "true/false/1/0/yes/no/on/off, got 'maybe'" in result.stderr


def test_a_non_numeric_hsts_value_stops_manage_py_with_one_line(run_python):
    result = run_python("manage.py", "check", SECURE_HSTS_SECONDS="abc")
    _assert_one_clean_line(result, "SECURE_HSTS_SECONDS")


def test_an_unknown_database_scheme_stops_manage_py_with_one_line(run_python):
    result = run_python("manage.py", "check", DATABASE_URL="foo://x")
    _assert_one_clean_line(result, "DATABASE_URL")


def test_a_missing_secret_key_with_debug_off_stops_manage_py(run_python):
    result = run_python("manage.py", "check", SECRET_KEY=None, DEBUG="false")
    _assert_one_clean_line(result, "SECRET_KEY")


def test_debug_mode_runs_without_a_secret_key(run_python):
    result = run_python("manage.py", "check", SECRET_KEY=None, DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_make_runs_env_file_lets_manage_py_start_without_any_variable_set(run_python, tmp_path):
    env_file = tmp_path / ".env"
    written = run_python("-m", "seapp.devenv", str(env_file))
    assert written.returncode == 0, written.stderr
    assert "DEBUG=true" in env_file.read_text(encoding="utf-8")

    result = run_python("manage.py", "check", SECRET_KEY=None, ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr


def test_the_dev_env_file_is_written_once_and_a_developers_edits_are_kept(run_python, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nLOG_LEVEL=WARNING\n", encoding="utf-8")
    run_python("-m", "seapp.devenv", str(env_file))
    assert env_file.read_text(encoding="utf-8") == "DEBUG=true\nLOG_LEVEL=WARNING\n"


def test_the_environment_wins_over_the_env_file(run_python, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# development\nexport DEBUG=true\nLOG_LEVEL='DEBUG'\n", encoding="utf-8")
    result = run_python("manage.py", "check", ENV_FILE=str(env_file), LOG_LEVEL="loud")
    _assert_one_clean_line(result, "LOG_LEVEL")
    assert "'loud'" in result.stderr


def test_a_malformed_env_file_line_stops_manage_py_with_one_line(run_python, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nthis is not a setting\n", encoding="utf-8")
    result = run_python("manage.py", "check", ENV_FILE=str(env_file))
    _assert_one_clean_line(result, "line 2: expected NAME=value")


def test_the_production_defaults_pass_the_deploy_check_with_only_the_required_variables(
    run_python,
):
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="seapp.example.be",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


HEADERS_SCRIPT = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
plain = client.get("/accounts/login/")
print("plain", plain.status_code, plain.headers.get("Location", ""))
secure = client.get("/accounts/login/", secure=True)
print("secure", secure.status_code)
print("hsts", secure.headers.get("Strict-Transport-Security", ""))
print("csp", secure.headers.get("Content-Security-Policy", ""))
print("csrf-cookie-secure", bool(secure.cookies["csrftoken"]["secure"]))
"""


def _headers(run_python, **variables: str) -> dict[str, str]:
    """Run ``HEADERS_SCRIPT`` with the production settings and DEBUG off (plus ``variables``);
    return what it printed, by name."""
    result = run_python(
        "-c",
        HEADERS_SCRIPT,
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="seapp.settings",
        **variables,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_with_debug_off_pages_redirect_to_https_and_carry_hsts_csp_and_secure_cookies(
    run_python,
):
    lines = _headers(run_python)
    assert lines["plain"] == "301 https://testserver/accounts/login/"
    assert lines["secure"] == "200"
    assert lines["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in lines["csp"]
    assert "unsafe-inline" not in lines["csp"]
    assert "frame-ancestors 'none'" in lines["csp"]
    assert lines["csrf-cookie-secure"] == "True"


def test_a_plain_http_test_host_can_turn_the_https_defaults_off(run_python):
    lines = _headers(run_python, **PLAIN_HTTP)
    assert lines["plain"].startswith("200")
    assert lines["hsts"] == ""
    assert lines["csrf-cookie-secure"] == "False"


# --- Health check -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_503_when_the_database_is_unreachable(run_python):
    # Port 1 on the loopback refuses connections: a real, fast-failing database.
    result = run_python(
        "-c",
        HEALTHZ_SCRIPT,
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        DJANGO_SETTINGS_MODULE="seapp.settings",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '503 {"status": "error", "database": "unreachable"}'


# --- Pages in Dutch, with English available ---------------------------------------------------


@pytest.mark.django_db
def test_the_home_page_speaks_dutch_and_offers_a_skip_link(client):
    response = client.get(reverse("home"))
    html = page_html(response)
    assert_shows(
        html,
        '<html lang="nl-be">',
        '<a class="skip-link" href="#inhoud">Naar de inhoud</a>',
        '<main id="inhoud"',
        "Welke sociale economie past bij uw school?",
        'aria-label="Hoofdmenu"',
        "Aanmelden om te beginnen",
        "mailto:sociale.economie@wse.vlaanderen.be",
        "Departement Werk en Sociale Economie",
    )


@pytest.mark.django_db
def test_the_home_page_is_in_english_for_an_english_browser(client):
    response = client.get(reverse("home"), headers={"accept-language": "en"})
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Which social economy route suits your school?" in html
    assert "Skip to content" in html


def test_the_english_translation_is_compiled():
    with translation.override("en"):
        assert translation.gettext("Naar de inhoud") == "Skip to content"


@pytest.mark.django_db
def test_the_login_page_speaks_dutch(client):
    response = client.get(reverse("login"))
    html = page_html(response)
    assert "<h1>Aanmelden</h1>" in html
    assert "Wachtwoord vergeten?" in html
    assert "Gebruikersnaam" in html


@pytest.mark.django_db
def test_a_failed_login_shows_an_error_summary_that_links_to_the_fields(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    html = page_html(response)
    summary = re.search(r'<div class="alert alert-danger[^"]*" role="alert".*?</div>', html, re.S)
    assert summary is not None
    assert 'href="#id_username"' in summary.group(0)
    assert 'href="#id_password"' in summary.group(0)


@pytest.mark.django_db
def test_a_user_can_log_in_and_sees_the_signed_in_menu(client, user):
    response = client.post(
        reverse("login"),
        {"username": "an.peeters", "password": "een-lang-wachtwoord-42"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("schools:school-list")
    assert "Mijn scholen" in html
    assert "An Peeters" in html
    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert ">Aanmelden<" not in html
    assert reverse("admin:index") not in html


@pytest.mark.django_db
def test_staff_users_see_the_admin_link(client, staff_user):
    client.force_login(staff_user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("admin:index")}">Beheer</a>' in html


@pytest.mark.django_db
def test_logging_out_takes_a_post_and_returns_home(client, user):
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert ">Aanmelden<" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_password_reset_page_speaks_dutch(client):
    response = client.get(reverse("password_reset"))
    assert "<h1>Wachtwoord vergeten</h1>" in page_html(response)


@pytest.mark.django_db
def test_a_password_reset_mail_is_sent_in_dutch(client, user, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "an.peeters@school.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Nieuw wachtwoord voor Sociale economie voor schoolgebouwen"
    assert "/accounts/reset/" in mailoutbox[0].body


@pytest.mark.django_db
def test_an_unknown_page_shows_a_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Er ging iets mis" in html
    assert "sociale.economie@wse.vlaanderen.be" in html


@pytest.mark.django_db
def test_the_admin_lives_under_beheer_with_a_dutch_header(client, staff_user):
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    response = client.get("/beheer/")
    assert "Beheer sociale economie voor schoolgebouwen" in page_html(response)


@pytest.mark.django_db
def test_two_users_cannot_share_an_email_address(django_user_model, user):
    with pytest.raises(IntegrityError):
        django_user_model.objects.create_user(
            username="andere", email="an.peeters@school.example", password="x"
        )


# --- No CDN -----------------------------------------------------------------------------------


def test_templates_load_no_script_or_stylesheet_from_another_host():
    external = re.compile(r"""<(script|link)\b[^>]*\b(src|href)=["'](https?:)?//""", re.I)
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in (BASE_DIR / "templates").rglob("*.html")
        if external.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_form_posted_without_its_token_gets_a_dutch_expired_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("logout"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Uw formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer nog eens." in html
    assert "An Peeters" in html  # rendered as a normal page, for the signed-in user
    assert "CSRF" not in html
