"""Forms sent twice: the key a thing made from a form is kept under (ADR 0026).

A form that makes something (an action, a progress update, an immediate
concern) carries a one-time value, written into the page when it is shown.
What the form makes is kept under a key made of that value and everything the
form sent with it, so that:

- the same page sent again with the same contents (a button pressed twice,
  the browser sending it again) finds what the first send made;
- the same page sent with anything changed (after the browser's Back button,
  which keeps the page's value) is another thing, under its own key.

The model holding the key has a nullable unique ``submission`` field and the
partnership as its tenant key.
"""

from __future__ import annotations

import json
import uuid


def submission_key(submission: uuid.UUID, contents: dict) -> uuid.UUID:
    """The key for the page's one-time value ``submission`` and what it sent
    (``contents``: plain values that JSON can write; order does not matter)."""
    return uuid.uuid5(submission, json.dumps(contents, sort_keys=True))


def made_from(model, *, partnership_id: int, key: uuid.UUID):
    """The row of ``model`` the same send already made, or None."""
    return model.objects.filter(partnership_id=partnership_id, submission=key).first()
