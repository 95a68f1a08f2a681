"""``{% opened_in_partnership %}``: put beside ``{% csrf_token %}`` in every
form that saves something in a partnership (``maca.core.opened_in``).

Loaded as a builtin in every template.

A form is always drawn for a request: a page drawn without one (an inclusion
tag whose context left it out, a template rendered with no request) is an
error, raised, not a form silently sent without its partnership. A request in
no partnership draws nothing."""

from __future__ import annotations

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString

from maca.core.opened_in import opened_in_field

register = template.Library()


@register.simple_tag(takes_context=True)
def opened_in_partnership(context) -> SafeString:
    request = context.get("request")
    if request is None:
        raise ImproperlyConfigured(
            "{% opened_in_partnership %} was drawn without the page's request, so its form would be sent "
            "without its partnership: render the template with the request (an inclusion tag passes it on)."
        )
    return opened_in_field(request)
