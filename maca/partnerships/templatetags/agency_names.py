"""``{{ agency|agency_name }}``: an agency in a page or an e-mail as every
page names it, a sub-unit with the agency at the top of its tree ("Mill Lane
Surgery (Testshire Care Board)": ``partnerships.presenters.agency_name``).
Load the agency's ``parent`` with it (``select_related``).

Beside the agencies it names, so that any app's templates can load it."""

from __future__ import annotations

from django import template

from maca.partnerships.presenters import agency_name as _agency_name

register = template.Library()


@register.filter
def agency_name(agency) -> str:
    return _agency_name(agency) if agency is not None else ""
