"""Records for publication tests: an audit with cases, findings and names held."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from maca.findings.models import Finding, FindingTag, Meeting, Recommendation, RecommendationStatus, Theme
from maca.findings.services import theme_update
from maca.programme.models import Audit, AuditTransition, Stage
from maca.publications import services
from maca.publications.models import Kind, Pseudonym
from maca.publications.pseudonyms import ensure_pseudonyms, names_set
from maca.returns.tests.builders import audit_with_returns

STRENGTH = "The health visitor saw the baby at home and recorded what the home was like."
CONCERN = "Nobody asked who the father was or whether he lived in the home."


def audit_with_findings(world, *, cases: int = 2, child_names: dict[int, list[str]] | None = None):
    """An audit of ``cases`` cases (police and health), each with a strength
    and a concern tagged with themes, a recommendation, and the names of the
    first case's child held (``child_names`` by case number)."""
    audit = audit_with_returns(world, cases=cases)
    # Findings are agreed at the meeting: the audit is there (the recurrence
    # pages and the briefings count an audit's findings from its meeting on).
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    audit.refresh_from_db()
    qa = world["qa"].user
    p = world.partnership
    voice = Theme.objects.get(partnership=p, key="voice_of_child")
    family = Theme.objects.get(partnership=p, key="think_family")
    confirmed = timezone.now()  # the themes a person confirmed, as the recurrence pages count them
    for audit_case in audit.audit_cases.order_by("number"):
        strength = Finding.objects.create(
            partnership=p,
            audit=audit,
            audit_case=audit_case,
            agency=world.health,
            polarity="strength",
            text=STRENGTH,
            tags_confirmed_at=confirmed,
        )
        concern = Finding.objects.create(
            partnership=p,
            audit=audit,
            audit_case=audit_case,
            agency=world.police,
            polarity="concern",
            text=CONCERN,
            tags_confirmed_at=confirmed,
        )
        FindingTag.objects.create(partnership=p, finding=strength, theme=voice, confirmed_by=qa)
        FindingTag.objects.create(partnership=p, finding=concern, theme=family, confirmed_by=qa)
    # Confirmed at the meeting: only a confirmed recommendation is drafted.
    Recommendation.objects.create(
        partnership=p,
        audit=audit,
        text="Agencies should ask about fathers at every assessment.",
        status=RecommendationStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        confirmed_by=qa,
        created_by=qa,
    )
    ensure_pseudonyms(actor=qa, audit=audit)
    for number, names in (child_names if child_names is not None else {1: ["Kayden Ashworth"]}).items():
        pseudonym = Pseudonym.objects.filter(audit=audit, audit_case__number=number, relation="").first()
        names_set(actor=qa, pseudonym=pseudonym, names=names)
    return audit


def six_step_for(world, audit=None):
    audit = audit or audit_with_findings(world)
    return services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )


def publish(world, publication, *, submitter="qa", approver="admin"):
    """Submit, approve and publish the publication's draft (the approver role
    is set to the approver's)."""
    from maca.publications.models import PublicationSettings

    approving = world[approver]
    PublicationSettings.objects.update_or_create(
        partnership=world.partnership, defaults={"approver_role": approving.membership.role}
    )
    version = publication.versions.get(status="draft")
    version = services.version_submit(actor=world[submitter].user, version=version, expected_version=version.version)
    version = services.version_approve(
        actor=approving.user, membership=approving.membership, version=version, expected_version=version.version
    )
    version = services.version_publish(actor=world[submitter].user, version=version, expected_version=version.version)
    PublicationSettings.objects.filter(partnership=world.partnership).delete()
    return version


def audit_ended(world, audit, *, days_ago: int) -> None:
    """The audit closed ``days_ago`` days ago, as the retention run reads it
    (the time of its move to ‘Closed’)."""
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.CLOSED)
    transition = AuditTransition.objects.create(
        partnership=world.partnership,
        audit=audit,
        from_stage=Stage.MEETING,
        to_stage=Stage.CLOSED,
        actor=world["qa"].user,
        reason="The audit is finished.",
    )
    AuditTransition.objects.filter(pk=transition.pk).update(occurred_at=timezone.now() - dt.timedelta(days=days_ago))


def rename_theme(world, key: str, name: str) -> None:
    """The partnership's admin renames the theme ``key`` to ``name``."""
    theme = Theme.objects.get(partnership=world.partnership, key=key)
    theme_update(
        actor=world["admin"].user,
        theme=theme,
        name=name,
        description=theme.description,
        is_retired=theme.is_retired,
        expected_version=theme.version,
    )


def meeting_held(audit, day: dt.date) -> None:
    """The audit's meeting took place on ``day``, as the meeting record says."""
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    Meeting.objects.update_or_create(audit=audit, defaults={"partnership": audit.partnership, "held_on": day})


def version_on(page: str) -> str:
    """The version of the document the page's first form was opened with."""
    return re.search(r'name="version" value="(\d+)"', page).group(1)
