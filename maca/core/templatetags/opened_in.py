"""``{% opened_in_partnership %}``: put beside ``{% csrf_token %}`` in every
form that saves something in a partnership (``maca.core.opened_in``).

Loaded as a builtin in every template.

A form is always drawn for a request: a page drawn without one (an inclusion
tag whose context left it out, a template rendered with no request) is an
error, raised in development and the tests, not a form silently sent without
its partnership. In production it is logged as an error and the form is drawn
without the field: the middleware lets such a post through (and logs it), so
the person's work is saved rather than met with a server error. A request in
no partnership draws nothing."""

from __future__ import annotations

import logging

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString

from maca.core.opened_in import opened_in_field

register = template.Library()
logger = logging.getLogger(__name__)

DRAWN_WITHOUT_REQUEST = (
    "{% opened_in_partnership %} was drawn without the page's request, so its form would be sent "
    "without its partnership: render the template with the request (an inclusion tag passes it on)."
)


@register.simple_tag(takes_context=True)
def opened_in_partnership(context) -> SafeString:
    request = context.get("request")
    if request is None:
        if settings.DEBUG or settings.IS_TEST:
            raise ImproperlyConfigured(DRAWN_WITHOUT_REQUEST)
        logger.error(DRAWN_WITHOUT_REQUEST)
        return SafeString("")
    return opened_in_field(request)
