"""Writing publications: drafting, editing section by section, the safety check's
replacements and overrides, submitting, approving, publishing, correcting (and
abandoning a correction).
Each function runs in one transaction and writes its audit record in it. The
audit log says which section changed, never what it says.

One module per concept; the public names are re-exported here, so callers
keep using ``from maca.publications import services`` then
``services.publication_create(...)``."""

from django.core.exceptions import ValidationError

from maca.publications.services.approval import version_approve, version_publish, version_return, version_submit
from maca.publications.services.corrections import (
    CHANGE_REASON,
    can_be_abandoned,
    correction_abandon,
    correction_reason_change,
    correction_reason_problem,
    correction_start,
)
from maca.publications.services.drafts import (
    can_be_discarded,
    draft_document,
    existing_publication,
    publication_create,
    publication_discard,
)
from maca.publications.services.editing import (
    MAX_SECTION,
    figures_refresh,
    hit_override,
    hit_replace,
    section_update,
    theme_names_update,
)
from maca.publications.services.partnership_settings import MAX_LOGO, MAX_LOGO_PIXELS, settings_update

__all__ = [
    "CHANGE_REASON",
    "MAX_LOGO",
    "MAX_LOGO_PIXELS",
    "MAX_SECTION",
    # Raised by every function here; callers catch it as ``services.ValidationError`` too.
    "ValidationError",
    "can_be_abandoned",
    "can_be_discarded",
    "correction_abandon",
    "correction_reason_change",
    "correction_reason_problem",
    "correction_start",
    "draft_document",
    "existing_publication",
    "figures_refresh",
    "hit_override",
    "hit_replace",
    "publication_create",
    "publication_discard",
    "section_update",
    "settings_update",
    "theme_names_update",
    "version_approve",
    "version_publish",
    "version_return",
    "version_submit",
]
