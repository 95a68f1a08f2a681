"""Importing a past audit from JSON, and exporting an audit as the same JSON
(docs/audit-json.md).

:func:`audit_import` checks the whole file (the format with
:mod:`maca.findings.audit_json`, then what the partnership already has) and
only then writes it, in one transaction, recorded as ``audit.imported``: all
or nothing. :func:`audit_export` writes the same format and records
``audit.exported``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases.models import Case, Flag
from maca.findings import audit_json
from maca.findings.audit_json import PastAudit, Problem
from maca.findings.models import (
    CaseDiscussion,
    Finding,
    FindingSource,
    FindingTag,
    Meeting,
    Recommendation,
    RecommendationFinding,
    RecommendationOrigin,
    RecommendationStatus,
    RecommendationTheme,
    Theme,
)
from maca.partnerships.models import Agency
from maca.partnerships.services import partnership_hold
from maca.programme.audit_cases import Selected
from maca.programme.models import Audit, Programme, Stage
from maca.programme.services import programme_create
from maca.selection.models import AuditCase, SelectionSource


class AuditImportError(Exception):
    """The file cannot be imported; ``problems`` says why, each at its JSON path."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
        self.problems = problems


def audit_import(*, actor, partnership, raw: bytes) -> Audit:
    """Import the audit in ``raw`` (the bytes of a JSON file) into ``partnership``,
    closed, or raise :class:`AuditImportError` having written nothing. The
    audit log names the file by its SHA-256 digest, not its name (a file's name
    may name a family, as a case list's may)."""
    data, problems = audit_json.decode(raw)
    if problems:
        raise AuditImportError(problems)
    themes = {theme.key: theme for theme in Theme.objects.for_partnership(partnership)}
    agencies = {agency.name: agency for agency in Agency.objects.filter(partnership=partnership)}
    past, problems = audit_json.parse(data, theme_keys=themes, agency_names=agencies)
    if problems:
        raise AuditImportError(problems)
    with transaction.atomic():
        # One import at a time per partnership: two runs of the same file at
        # once would both pass the check for an audit of its title.
        partnership_hold(partnership)
        # And, as planning does (``programme.services``), the year's programme
        # row: an audit planned under the same title meanwhile waits for this
        # one, and then finds it.
        Programme.objects.select_for_update().filter(partnership=partnership, year=past.year).first()
        problems = _clashes(partnership, past, themes)
        if problems:
            raise AuditImportError(problems)
        audit = _write(actor, partnership, past, themes, agencies, hashlib.sha256(raw).hexdigest())
        # The imported findings are read for their meaning in the background,
        # queued in this transaction (with the database backend, the task row
        # is written only if the import is).
        from maca.findings.tasks import fill_meanings

        fill_meanings.enqueue(partnership_id=partnership.pk)
        return audit


def _clashes(partnership, past: PastAudit, themes: dict[str, Theme]) -> list[Problem]:
    problems = []
    if Audit.objects.filter(partnership=partnership, programme__year=past.year, title__iexact=past.title).exists():
        problems.append(
            Problem(
                "$.audit.title",
                f"the partnership already has an audit called ‘{past.title}’ in {past.year}–{str(past.year + 1)[-2:]}",
            )
        )
    names = {theme.name.casefold(): key for key, theme in themes.items()}
    for index, (key, name) in enumerate(past.themes.items()):
        if key not in themes and name.casefold() in names:
            problems.append(
                Problem(
                    f"$.themes[{index}].name",
                    f"the partnership already has a theme called ‘{name}’ (id '{names[name.casefold()]}'): "
                    "use that id instead",
                )
            )
    return problems


def _write(actor, partnership, past: PastAudit, themes, agencies, digest: str) -> Audit:
    added = []
    position = (Theme.objects.filter(partnership=partnership).aggregate(top=Max("position"))["top"] or 0) + 1
    for key, name in past.themes.items():
        if key not in themes:
            themes[key] = Theme.objects.create(
                partnership=partnership, key=key, name=name, position=position, updated_by=actor
            )
            position += 1
            added.append(key)

    programme = Programme.objects.filter(partnership=partnership, year=past.year).first()
    if programme is None:
        programme = programme_create(actor=actor, partnership=partnership, year=past.year)
    audit = Audit.objects.create(
        partnership=partnership,
        programme=programme,
        title=past.title,
        theme=past.theme,
        kind=past.kind,
        target_cases=len(past.cases),
        target_children=past.children,
        planned_meeting_date=past.meeting_date,
        stage=Stage.CLOSED,
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                partnership=partnership,
                reference=f"past-{audit.pk}-{case.number}",
                service_level=case.service_level,
                flags=case.flags,
                children_count=0,
                from_past_audit=True,
            )
            for case in past.cases
        ]
    )
    audit_cases = AuditCase.objects.bulk_create(
        [
            AuditCase(
                partnership=partnership,
                audit=audit,
                case=case,
                number=past_case.number,
                source=SelectionSource.IMPORTED,
            )
            for case, past_case in zip(cases, past.cases, strict=True)
        ]
    )
    by_number = {audit_case.number: audit_case for audit_case in audit_cases}
    meeting = Meeting.objects.create(partnership=partnership, audit=audit, held_on=past.meeting_date, created_by=actor)
    CaseDiscussion.objects.bulk_create(
        [
            CaseDiscussion(
                partnership=partnership,
                meeting=meeting,
                audit_case=by_number[case.number],
                agreed_grade=case.agreed_grade,
            )
            for case in past.cases
            if case.agreed_grade
        ]
    )
    now = timezone.now()
    findings = Finding.objects.bulk_create(
        [
            Finding(
                partnership=partnership,
                audit=audit,
                audit_case=by_number[finding.case] if finding.case is not None else None,
                agency=agencies[finding.agency] if finding.agency else None,
                polarity=finding.polarity,
                kind=finding.kind,
                text=finding.text,
                source=FindingSource.IMPORTED,
                created_by=actor,
                # A finding the file marks "confirmed": false stays unconfirmed, as it was.
                tags_confirmed_at=now if finding.confirmed else None,
                tags_confirmed_by=actor if finding.confirmed else None,
            )
            for finding in past.findings
        ]
    )
    FindingTag.objects.bulk_create(
        [
            FindingTag(partnership=partnership, finding=finding, theme=themes[key], confirmed_by=actor)
            for finding, past_finding in zip(findings, past.findings, strict=True)
            for key in past_finding.themes
        ]
    )
    for number, past_recommendation in enumerate(past.recommendations, start=1):
        status = past_recommendation.status
        recommendation = Recommendation.objects.create(
            partnership=partnership,
            audit=audit,
            text=past_recommendation.text,
            origin=RecommendationOrigin.IMPORTED,
            status=status,
            position=number,
            created_by=actor,
            confirmed_at=now if status == RecommendationStatus.CONFIRMED else None,
            confirmed_by=actor if status == RecommendationStatus.CONFIRMED else None,
            withdrawn_at=now if status == RecommendationStatus.WITHDRAWN else None,
            withdrawn_by=actor if status == RecommendationStatus.WITHDRAWN else None,
            withdrawn_reason=past_recommendation.reason,
        )
        RecommendationTheme.objects.bulk_create(
            [
                RecommendationTheme(partnership=partnership, recommendation=recommendation, theme=themes[key])
                for key in past_recommendation.themes
            ]
        )
        RecommendationFinding.objects.bulk_create(
            [
                RecommendationFinding(
                    partnership=partnership, recommendation=recommendation, finding=findings[position]
                )
                for position in past_recommendation.findings
            ]
        )
    record(
        actor=actor,
        action="audit.imported",
        partnership=partnership,
        target=audit,
        changes={
            "sha256": digest,
            "year": past.year,
            "cases": len(past.cases),
            "findings": len(past.findings),
            "recommendations": len(past.recommendations),
            "themes_added": added,
        },
    )
    return audit


def audit_export(*, actor, audit: Audit) -> dict:
    """The audit in the format of docs/audit-json.md, recorded as ``audit.exported``."""
    partnership = audit.partnership
    meeting = Meeting.objects.filter(audit=audit).first()
    audit_cases = list(
        AuditCase.objects.current().filter(audit=audit).select_related("case", "discussion").order_by("number")
    )
    findings = list(
        Finding.objects.current()
        .filter(audit=audit)
        .select_related("audit_case", "agency")
        .prefetch_related("tags__theme")
        .order_by("id")
    )
    recommendations = list(
        Recommendation.objects.filter(audit=audit)
        .prefetch_related("theme_links__theme", "finding_links")
        .order_by("position", "id")
    )
    # Only a confirmed finding's themes are written: one nobody confirmed says so
    # ("confirmed": false) and has none.
    confirmed = {finding.pk for finding in findings if finding.tags_confirmed_at is not None}
    used: dict[str, Theme] = {}
    for finding in findings:
        for tag in finding.tags.all() if finding.pk in confirmed else ():
            used[tag.theme.key] = tag.theme
    for recommendation in recommendations:
        for link in recommendation.theme_links.all():
            used[link.theme.key] = link.theme
    positions = {finding.pk: index for index, finding in enumerate(findings)}
    # How many children the cases concerned, by the app's one rule: their total
    # when every case records its number; the figure an imported audit brought
    # (its cases record none) when no case does; otherwise not known. The
    # children planned for an audit are a plan, never written as that count.
    children = Selected.of_cases(
        (audit_case.case.children_count for audit_case in audit_cases),
        imported=sum(1 for audit_case in audit_cases if audit_case.source == SelectionSource.IMPORTED),
        stated=audit.target_children or 0,
    )
    flags = set(Flag.values)

    def grade(audit_case) -> str:
        discussion = getattr(audit_case, "discussion", None)
        return discussion.agreed_grade_label if discussion else ""

    data = {
        "format": audit_json.FORMAT,
        "version": audit_json.VERSION,
        "audit": {
            "title": audit.title,
            "theme": audit.theme,
            "kind": audit.kind,
            "year": audit.programme.year,
            "meeting_date": _meeting_date(audit, meeting),
            "children": children.known_children,
        },
        "themes": [
            {"id": theme.key, "name": theme.name}
            for theme in sorted(used.values(), key=lambda theme: (theme.position, theme.name))
        ],
        "cases": [
            {
                "number": audit_case.number,
                "service_level": audit_case.case.service_level,
                "flags": [flag for flag in audit_case.case.flags if flag in flags],
                "agreed_grade": grade(audit_case),
            }
            for audit_case in audit_cases
        ],
        "findings": [
            {
                "case": finding.audit_case.number if finding.audit_case_id else None,
                "polarity": finding.polarity,
                "kind": finding.kind,
                "agency": finding.agency.name if finding.agency_id else None,
                "text": finding.text,
                "themes": [tag.theme.key for tag in finding.tags.all()] if finding.pk in confirmed else [],
                **({} if finding.pk in confirmed else {"confirmed": False}),
            }
            for finding in findings
        ],
        "recommendations": [
            {
                "text": recommendation.text,
                "status": recommendation.status,
                **_withdrawal(recommendation),
                "themes": [
                    link.theme.key
                    for link in sorted(
                        recommendation.theme_links.all(), key=lambda link: (link.theme.position, link.theme.name)
                    )
                ],
                "findings": sorted(
                    positions[link.finding_id]
                    for link in recommendation.finding_links.all()
                    if link.finding_id in positions
                ),
            }
            for recommendation in recommendations
        ],
    }
    if data["audit"]["meeting_date"] is not None:
        data["audit"]["meeting_date"] = data["audit"]["meeting_date"].isoformat()
    record(
        actor=actor,
        action="audit.exported",
        partnership=partnership,
        target=audit,
        changes={"format": "json", "cases": len(audit_cases), "findings": len(findings)},
    )
    return data


def _withdrawal(recommendation: Recommendation) -> dict:
    """Why a withdrawn recommendation was withdrawn, when that was recorded."""
    reason = recommendation.withdrawn_reason.strip()
    return {"reason": reason} if recommendation.status == RecommendationStatus.WITHDRAWN and reason else {}


def _meeting_date(audit: Audit, meeting) -> dt.date | None:
    """The day the audit's meeting was held; not yet recorded, the day it was
    planned, once that has come. A day still to come is left out: the file is
    of a past audit, and its import refuses a meeting after today."""
    if meeting is not None and meeting.held_on:
        return meeting.held_on
    planned = audit.planned_meeting_date
    return planned if planned and planned <= timezone.localdate() else None
