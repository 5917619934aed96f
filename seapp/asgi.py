"""ASGI entry point."""

from seapp.boot import load_settings_or_exit

load_settings_or_exit(exit_code=4)

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
