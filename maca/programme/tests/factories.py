import datetime as dt

import factory

from maca.programme.models import Audit, AuditKind, BoardPriority, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["partnership", "year"]

    year = 2026


class BoardPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPriority

    title = factory.Sequence(lambda n: f"Priority {n}")


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    programme = factory.SubFactory(ProgrammeFactory, partnership=factory.SelfAttribute("..partnership"))
    title = factory.Sequence(lambda n: f"Themed audit {n}")
    theme = "How agencies respond to neglect in families with young children."
    kind = AuditKind.THEMED
    target_cases = 6
    planned_selection_date = dt.date(2026, 9, 1)
    return_deadline = dt.date(2026, 10, 15)
    planned_meeting_date = dt.date(2026, 11, 5)
    tool = factory.LazyAttribute(lambda o: default_tool(o.partnership))


def default_tool(partnership):
    """One published case tool per partnership, shared by the audits tests make."""
    from maca.tools.models import AuditTool
    from maca.tools.tests.factories import published_tool

    existing = AuditTool.objects.filter(partnership=partnership, name="Test case audit tool").first()
    return existing or published_tool(partnership).tool
