"""Nothing a person types is lost because their session ended.

A page whose form is worth keeping marks its view with ``@keeps_unsaved_post``
and puts ``unsaved_editor_field(request)`` in its form. When such a form is
posted after the session has ended, the sign-in check keeps the post (sealed,
in the new anonymous session) instead of dropping it, and sends the person to
sign in. Back on the same page, the view calls ``take_unsaved_post(request)``
and saves what it gets, through its usual checks and optimistic locking.

What was typed is handed back only to the person who typed it: someone else
signing in on the same browser gets nothing, and the kept post is dropped.
The form names that person with a value signed for them and that page
(``django.core.signing``), so a post made up on the same browser, naming
someone by their id, is dropped too.
"""

from __future__ import annotations

import json

from django.core import signing
from django.http import QueryDict
from django.utils.html import format_html

from maca.core.crypto import DecryptionError, decrypt, encrypt
from maca.core.opened_in import FIELD

SESSION_KEY = "maca_unsaved_post"
# Starts with an underscore, so it can never clash with a question's key.
EDITOR_FIELD = "_editor"
NOT_KEPT = {"csrfmiddlewaretoken"}
EDITOR_SALT = "maca.core.unsaved.editor"


def keeps_unsaved_post(view):
    view.keeps_unsaved_post = True
    return view


def _editor_value(user_id, path: str) -> str:
    """Who the form is drawn for, on which page: signed, so not made up."""
    return signing.dumps({"user": user_id, "path": path}, salt=EDITOR_SALT)


def unsaved_editor_field(request) -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', EDITOR_FIELD, _editor_value(request.user.pk, request.path)
    )


def keep_post(request) -> None:
    """Called for a signed-out person's post to a page that keeps it."""
    data = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    # Free text about a child: sealed like the identifiers, never in the clear in the session table.
    request.session[SESSION_KEY] = {"path": request.path, "post": encrypt(json.dumps(data))}


def take_unsaved_post(request) -> QueryDict | None:
    """The post kept for this page and this person, once; None if there is none."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    try:
        data = json.loads(decrypt(kept["post"]))
    except (DecryptionError, KeyError, ValueError):
        return None
    post = QueryDict(mutable=True)
    for name, values in data.items():
        post.setlist(name, values)
    try:
        editor = signing.loads(post.get(EDITOR_FIELD, ""), salt=EDITOR_SALT)
    except signing.BadSignature:
        return None
    if editor != {"user": request.user.pk, "path": request.path}:
        return None
    carried = post.get(FIELD)
    current = getattr(request, "partnership", None)
    if carried is not None and carried != str(getattr(current, "pk", "")):
        # Typed on a page opened in another partnership than the one the
        # person works in after signing in again: never saved into this one
        # (``maca.core.opened_in``), as the middleware refuses such a post.
        return None
    return post
