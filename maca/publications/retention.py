"""What publications keep no longer than the partnership decides
(``maca.core.retention``): the names held for an audit's people, once the
audit has ended. Pseudonyms and published outputs stay; a name typed into a
version never published (its text, or the reason of a correction), or into
the reason a version was sent back, is replaced by its pseudonym first, and
the words a person chose to keep through the safety check are forgotten."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone

from maca.core.fields import reveal, seal
from maca.publications.document import Document
from maca.publications.models import Pseudonym, PublicationVersion, SafetyOverride, Status
from maca.publications.pseudonyms import held_names, in_year_report, year_held_names
from maca.publications.safety import SafetyCheck, replace_held_names
from maca.selection.retention import audits_finished_before

# Written in a draft of the year's report where a name held in two of its
# audits stood, when the first audit's names are forgotten: whose child it
# meant cannot be told, so the person revising the draft words it again.
NAME_TAKEN_OUT = "[name taken out]"


def forget_names_after_audit(*, partnership, before) -> int:
    finished = list(audits_finished_before(partnership, before))
    held = Pseudonym.objects.filter(partnership=partnership, audit_id__in=finished).exclude(names="")
    audits = {p.audit for p in held.select_related("audit__programme") if reveal(p.names)}
    changed = 0
    forgotten = []
    for audit in audits:
        names = held_names(audit)
        forgotten.append((audit, names))
        # The year's report speaks of every audit of its year: there, each
        # pseudonym is written after its audit's title, as its check proposes.
        # A name held in another audit of the year too may mean that audit's
        # child (the check proposes no pseudonym for it): it is taken out, not
        # given this audit's pseudonym.
        shared = {name for name, label in year_held_names(partnership.pk, audit.programme.year).items() if not label}
        in_report = {
            name: NAME_TAKEN_OUT if name in shared else in_year_report(audit.title, label)
            for name, label in names.items()
        }
        check = SafetyCheck(names=tuple(names), pseudonyms=tuple({*names.values(), *in_report.values()}))

        def pseudonyms_in(version, names=names, in_report=in_report):
            return names if version.publication.audit_id else in_report

        # The audit's own outputs, and the year's report, which names every
        # audit of its year and is checked against their names.
        outputs = Q(publication__audit=audit) | Q(
            publication__audit__isnull=True, publication__year=audit.programme.year
        )
        versions = (
            PublicationVersion.objects.filter(outputs, partnership=partnership)
            .exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
            .select_related("publication")
        )
        for version in versions:
            document = Document.from_json(version.document)
            for address, text in list(document.fields()):
                if text:
                    new, count = replace_held_names(text, check.find(text), pseudonyms_in(version))
                    if count:
                        document.set(address, new)
            changes = {}
            if document.as_json() != version.document:
                changes["document"] = document.as_json()
            # A correction not yet published will show its reason to every reader: a name held
            # since the correction was started goes the same way as in its text.
            if version.correction_reason:
                reason, count = replace_held_names(
                    version.correction_reason, check.find(version.correction_reason), pseudonyms_in(version)
                )
                if count:
                    changes["correction_reason"] = reason
            if changes:
                # A change by maca: a page opened on the draft before cannot put the names back unseen.
                changed += PublicationVersion.objects.filter(pk=version.pk).update(**changes, version=F("version") + 1)
        # Why a version was sent back is review comment, kept with every version
        # (published ones too): a name typed into it goes the same way.
        commented = (
            PublicationVersion.objects.filter(outputs, partnership=partnership)
            .exclude(sent_back_reason="")
            .select_related("publication")
        )
        for version in commented:
            new, count = replace_held_names(
                version.sent_back_reason, check.find(version.sent_back_reason), pseudonyms_in(version)
            )
            if count:
                changed += PublicationVersion.objects.filter(pk=version.pk).update(sent_back_reason=new)
        # Forgetting the names is a change to them, by maca: a form opened on them before is told so.
        holding = [p.pk for p in Pseudonym.objects.filter(audit=audit).exclude(names="") if reveal(p.names)]
        changed += Pseudonym.objects.filter(pk__in=holding).update(
            names=seal([]), version=F("version") + 1, names_changed_by=None, names_changed_at=timezone.now()
        )
    # Every word kept through the check for an ended audit's outputs is
    # forgotten, whether or not names were typed for its people; each one
    # forgotten is counted, so the run is in the partnership's log (and a
    # second run, with nothing left to forget, is not).
    for override in SafetyOverride.objects.filter(partnership=partnership, version__publication__audit_id__in=finished):
        if reveal(override.found):
            changed += SafetyOverride.objects.filter(pk=override.pk).update(found=seal(""))
    # A word kept through the check in a year's report is forgotten when it
    # is a name held for one of the audits whose names went now.
    for audit, names in forgotten:
        check = SafetyCheck(names=tuple(names), pseudonyms=())
        kept = SafetyOverride.objects.filter(
            partnership=partnership,
            version__publication__audit__isnull=True,
            version__publication__year=audit.programme.year,
        )
        for override in kept:
            found = reveal(override.found) or ""
            if found and check.find(found):
                changed += SafetyOverride.objects.filter(pk=override.pk).update(found=seal(""))
    return changed
