"""Sessions in the database, renewed on every request without writing back
what the request did not change.

``SESSION_SAVE_EVERY_REQUEST`` slides the idle time-out: every request saves
its session. Django's database store saves the whole session as the request
read it, so two requests at once (a save, and the live theme suggestions or
the keep-alive that typing sends beside it) could put back a copy from before
the other's change: the "Saved" message, or a post kept for after sign-in,
was lost. Here a request that changed nothing in its session only moves the
session's expiry; one that changed it writes it, as before.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None or self.modified:
            return super().save(must_create=must_create)
        key = self.session_key
        expires = self.get_expiry_date()  # reads the session if nothing has (an expired one loses its key)
        using = router.db_for_write(self.model)
        renewed = (
            self.model.objects.using(using)
            .filter(session_key=key, expire_date__gt=timezone.now())
            .update(expire_date=expires)
            if self.session_key == key
            else 0
        )
        if not renewed:
            # Ended meanwhile (signed out in another tab) or expired: never
            # renewed, as Django's own store never renews one.
            raise UpdateError
