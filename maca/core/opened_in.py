"""Nothing is saved into a partnership other than the one a page was opened in.

A person who works in two partnerships may leave a form open in one tab,
switch partnership in another, then send the form. A form whose address names
a record of the first partnership then answers 404, but one that makes
something new (an audit, an agency, an invitation...) would save it into the
partnership they have switched to. So every form sent while working in a
partnership carries the partnership its page was opened in
(``{% opened_in_partnership %}`` beside ``{% csrf_token %}``, or
:func:`opened_in_field` in a form built in Python), and
``maca.accounts.middleware.OpenedInPartnershipMiddleware`` refuses a post
whose partnership is no longer the current one, saving nothing.

A form without the field (signing in and out, switching partnership,
accepting an invitation, the platform admin) is never refused.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

FIELD = "opened_in_partnership"


def opened_in_field(request) -> SafeString:
    """The hidden field naming the request's current partnership; nothing
    for a request without one (signed out, or in no partnership)."""
    partnership = getattr(request, "partnership", None) if request is not None else None
    if partnership is None:
        return SafeString("")
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, partnership.pk)
