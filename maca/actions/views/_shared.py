"""What the action plan's views share: finding an action in the user's scope."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from maca.actions import selectors


def _action_for(request, pk: int):
    return get_object_or_404(selectors.action_for(request.membership, pk), pk=pk)
