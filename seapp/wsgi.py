"""WSGI entry point (`gunicorn seapp.wsgi`)."""

from seapp.boot import load_settings_or_exit

# Exit code 4 is gunicorn's APP_LOAD_ERROR: the arbiter stops instead of respawning workers
# that would fail the same way.
load_settings_or_exit(exit_code=4)

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
