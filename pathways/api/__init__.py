"""The JSON API (``/api/v1/``): views, the OpenAPI description and the profile format."""
