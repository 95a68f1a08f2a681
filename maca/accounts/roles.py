"""Who may do what: the one place where roles and their capabilities are defined.

Views ask ``membership.can(Capability.X)``; templates ask
``{% if can.manage_members %}``. docs/roles.md explains each role in words and
is checked against this table by a test.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership admin"
    QA_OFFICER = "qa_officer", "QA officer"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    AGENCY_AUDITOR = "agency_auditor", "Agency auditor"
    BOARD_MEMBER = "board_member", "Board member"
    INDEPENDENT_SCRUTINEER = "independent_scrutineer", "Independent scrutineer"


class Capability(StrEnum):
    # Partnership administration
    MANAGE_AGENCIES = "manage_agencies"
    MANAGE_MEMBERS = "manage_members"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_RETENTION = "manage_retention"
    VIEW_SENT_EMAIL = "view_sent_email"
    # Audit programme and case selection
    VIEW_PROGRAMME = "view_programme"
    MANAGE_PROGRAMME = "manage_programme"
    IMPORT_CASES = "import_cases"
    SELECT_CASES = "select_cases"
    NOMINATE_CASES = "nominate_cases"
    VIEW_ALL_CASES = "view_all_cases"
    VIEW_AGENCY_CASES = "view_agency_cases"
    VIEW_SCRUTINISED_CASES = "view_scrutinised_cases"
    # Agency audits
    MANAGE_TOOLS = "manage_tools"
    EDIT_RETURNS = "edit_returns"
    SUBMIT_RETURNS = "submit_returns"
    REVIEW_RETURNS = "review_returns"
    TRACK_RESPONSES = "track_responses"
    SEND_REMINDERS = "send_reminders"
    VIEW_FIGURES = "view_figures"
    # The meeting and findings
    RECORD_MEETING = "record_meeting"
    MANAGE_THEMES = "manage_themes"
    VIEW_FINDINGS = "view_findings"
    RESPOND_TO_CONCERNS = "respond_to_concerns"
    RECORD_FEEDBACK = "record_feedback"
    # The action plan
    VIEW_ACTIONS = "view_actions"
    UPDATE_ACTIONS = "update_actions"
    MANAGE_ACTIONS = "manage_actions"
    # Publications
    VIEW_PUBLICATIONS = "view_publications"
    MANAGE_PUBLICATIONS = "manage_publications"
    REPORT_PRACTICE = "report_practice"


C = Capability

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.PARTNERSHIP_ADMIN: frozenset(Capability),
    Role.QA_OFFICER: frozenset(
        {
            C.VIEW_PROGRAMME,
            C.MANAGE_PROGRAMME,
            C.IMPORT_CASES,
            C.SELECT_CASES,
            C.NOMINATE_CASES,
            C.VIEW_ALL_CASES,
            C.MANAGE_TOOLS,
            C.REVIEW_RETURNS,
            C.TRACK_RESPONSES,
            C.SEND_REMINDERS,
            C.RECORD_MEETING,
            C.MANAGE_THEMES,
            C.VIEW_FINDINGS,
            C.VIEW_FIGURES,
            C.VIEW_ACTIONS,
            C.MANAGE_ACTIONS,
            C.VIEW_PUBLICATIONS,
            C.MANAGE_PUBLICATIONS,
        }
    ),
    Role.AGENCY_LEAD: frozenset(
        {
            C.VIEW_PROGRAMME,
            C.VIEW_PUBLICATIONS,
            C.REPORT_PRACTICE,
            C.NOMINATE_CASES,
            C.VIEW_AGENCY_CASES,
            C.EDIT_RETURNS,
            C.SUBMIT_RETURNS,
            C.RESPOND_TO_CONCERNS,
            C.RECORD_FEEDBACK,
            C.VIEW_ACTIONS,
            C.UPDATE_ACTIONS,
        }
    ),
    Role.AGENCY_AUDITOR: frozenset(
        {C.VIEW_PROGRAMME, C.VIEW_AGENCY_CASES, C.EDIT_RETURNS, C.VIEW_ACTIONS, C.UPDATE_ACTIONS, C.VIEW_PUBLICATIONS}
    ),
    Role.BOARD_MEMBER: frozenset(
        {C.VIEW_PROGRAMME, C.VIEW_FIGURES, C.VIEW_FINDINGS, C.VIEW_ACTIONS, C.VIEW_PUBLICATIONS}
    ),
    Role.INDEPENDENT_SCRUTINEER: frozenset(
        {C.VIEW_PROGRAMME, C.VIEW_SCRUTINISED_CASES, C.VIEW_FINDINGS, C.VIEW_ACTIONS, C.VIEW_PUBLICATIONS}
    ),
}

# Roles that belong to one agency: their case-level access stops at its edges.
AGENCY_ROLES = frozenset({Role.AGENCY_LEAD, Role.AGENCY_AUDITOR})

# Roles that can see case-level data must sign in with a second factor.
CASE_DATA_CAPABILITIES = frozenset(
    {
        C.VIEW_ALL_CASES,
        C.VIEW_AGENCY_CASES,
        C.VIEW_SCRUTINISED_CASES,
        C.RECORD_MEETING,
        C.RESPOND_TO_CONCERNS,
        C.RECORD_FEEDBACK,
    }
)
MFA_REQUIRED_ROLES = frozenset(role for role, caps in ROLE_CAPABILITIES.items() if caps & CASE_DATA_CAPABILITIES)


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(Role(role), frozenset())


# Only agency leads and agency auditors belong to an agency: for anyone else an
# agency would be kept and listed though it grants nothing, so it is refused.
NO_AGENCY_FOR_ROLE = "Leave the agency empty: only agency leads and auditors belong to an agency"


def role_requires_agency(role: str) -> bool:
    return Role(role) in AGENCY_ROLES


def role_requires_mfa(role: str) -> bool:
    return Role(role) in MFA_REQUIRED_ROLES
