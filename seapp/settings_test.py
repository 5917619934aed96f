"""Settings for the test suite: the production settings with a plain-HTTP test host."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from seapp.settings import *  # noqa: E402, F403

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
