"""The authentication backend: Django's model backend, with the user's department tie.

Every page asks whether the viewer is department staff (``schools.access.is_department``).
``get_user``, which runs once per request to load the logged-in user, fetches that answer in
the same query (an ``EXISTS`` on the user's groups), so no page spends a query on it; that
query's SQL is compiled once per process (``pathways.prepared``).
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from pathways.prepared import PreparedQuery
from pathways.roles import DEPARTMENT

from .access import DEPARTMENT_TIE
from .models import User

# Compiled once per process: this query runs on every request of a signed-in user.
_USER = PreparedQuery(
    lambda _shape, pk: User._default_manager.annotate(
        **{DEPARTMENT_TIE: Exists(Group.objects.filter(user=OuterRef("pk"), name=DEPARTMENT))}
    ).filter(pk=pk)
)


class UserBackend(ModelBackend):
    """``ModelBackend`` whose loaded user knows whether it belongs to the department group."""

    def get_user(self, user_id):
        found = _USER.fetch(pk=int(user_id))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
