"""The rule-maintenance admin (/beheer/): model admin, admin pages, their forms and template tags.

Importing the package registers the model admins (Django's admin autodiscovery does so).
"""

from .model_admin import ImmutableAdmin

__all__ = ["ImmutableAdmin"]
