"""``{% opened_in_partnership %}``: put beside ``{% csrf_token %}`` in every
form that saves something in a partnership (``maca.core.opened_in``).

Loaded as a builtin in every template."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from maca.core.opened_in import opened_in_field

register = template.Library()


@register.simple_tag(takes_context=True)
def opened_in_partnership(context) -> SafeString:
    return opened_in_field(context.get("request"))
