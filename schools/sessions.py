"""The session engine (``SESSION_ENGINE``): Django's database sessions, read by a prepared query.

Every request of a signed-in user reads its session; the read is compiled to SQL once per
process (``pathways.prepared``). An expired session is not loaded, as with Django's own
engine; writing, flushing and clearing expired sessions are Django's.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.utils import timezone

from pathways.prepared import PreparedQuery

_SESSION = PreparedQuery(
    lambda _shape, key: db.SessionStore.get_model_class().objects.filter(session_key=key)
)


class SessionStore(db.SessionStore):
    """Django's database session store whose read skips the ORM's compilation."""

    def _get_session_from_db(self):
        key = self.session_key
        found = _SESSION.fetch(key=key) if key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
