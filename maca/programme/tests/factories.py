"""Programme years, priorities and audits for tests, made through the services
(so each is recorded as in the product). An audit starts planned: move it on
with ``audit_move`` (``maca.returns.tests.builders.move``) and change its plan
with :func:`replan`."""

import datetime as dt

import factory

from maca.programme import services
from maca.programme.models import Audit, AuditKind, BoardPriority, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    year = 2026

    @classmethod
    def _create(cls, model_class, *, partnership, year, notes="", actor=None):
        existing = Programme.objects.filter(partnership=partnership, year=year).first()
        return existing or services.programme_create(actor=actor, partnership=partnership, year=year, notes=notes)


class BoardPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPriority

    title = factory.Sequence(lambda n: f"Priority {n}")

    @classmethod
    def _create(cls, model_class, *, partnership, title, description="", actor=None):
        return services.priority_create(actor=actor, partnership=partnership, title=title, description=description)


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    programme = factory.SubFactory(ProgrammeFactory, partnership=factory.SelfAttribute("..partnership"))
    title = factory.Sequence(lambda n: f"Themed audit {n}")
    theme = "How agencies respond to neglect in families with young children."
    kind = AuditKind.THEMED
    target_cases = 6
    # In its programme's year (April to March), as planning requires: 2026's are
    # 1 September, 15 October and 5 November 2026.
    planned_selection_date = factory.LazyAttribute(lambda o: dt.date(o.programme.year, 9, 1))
    return_deadline = factory.LazyAttribute(lambda o: dt.date(o.programme.year, 10, 15))
    planned_meeting_date = factory.LazyAttribute(lambda o: dt.date(o.programme.year, 11, 5))
    tool = factory.LazyAttribute(lambda o: default_tool(o.partnership))

    @classmethod
    def _create(cls, model_class, *, partnership, programme, priorities=(), actor=None, **fields):
        assert programme.partnership_id == partnership.pk
        return services.audit_create(actor=actor, programme=programme, priorities=priorities, **fields)


def replan(audit: Audit, *, actor=None, **changes) -> Audit:
    """Change some of an audit's plan through the service, as its edit page does
    (the rest of the plan, and its priorities, are kept)."""
    audit.refresh_from_db()
    fields = {key: getattr(audit, key) for key in services.PLANNING_FIELDS} | changes
    return services.audit_update(
        actor=actor,
        audit=audit,
        expected_version=audit.version,
        priorities=list(audit.priorities.all()),
        **fields,
    )


def default_tool(partnership):
    """One published case tool per partnership, shared by the audits tests make."""
    from maca.tools.models import AuditTool
    from maca.tools.tests.factories import published_tool

    existing = AuditTool.objects.filter(partnership=partnership, name="Test case audit tool").first()
    return existing or published_tool(partnership).tool
