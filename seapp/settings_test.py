"""Settings for the test suite: the project's settings with test-only values on top.

pytest uses this module (``DJANGO_SETTINGS_MODULE`` in ``pyproject.toml``), so a plain
``pytest`` works in a fresh checkout with nothing set. ``DATABASE_URL`` still chooses the
database, so the same suite runs on SQLite and on PostgreSQL.
"""

import os

# Tests never read a developer's .env: what they rely on is set here or by the test itself.
os.environ["ENV_FILE"] = ""
# The project's settings refuse to start without a secret key when DEBUG is off.
os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from seapp.settings import *  # noqa: E402, F403

# Fast hashing: tests create many users; real hashing costs ~0.3 s per password.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tasks run inside enqueue(), on SQLite and PostgreSQL alike, so a test sees their result.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No report rendering after every submission in tests; the tests of it switch it on.
REPORTS_PRERENDER = False
IMPACT_PREVIEW_PRECOMPUTE = False

# Mails stay in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# The test client and the live server speak plain HTTP (a plain-HTTP test host).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
