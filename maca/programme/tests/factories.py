"""Programme years, priorities and audits for tests, made through the services
(so each is recorded as in the product). An audit starts planned: move it on
with ``audit_move`` (``maca.returns.tests.builders.move``) and change its plan
with :func:`replan`.

An audit is in the 2026–27 programme unless its test says otherwise. One planned
around today (``return_deadline=today - 1 day``, as a test of a deadline passed
writes it) whose dates that programme no longer allows, once the calendar has
moved on, is put in this year's programme instead (:func:`_year_for_dates`), so
that the suite passes on any day (docs/architecture.md, "Running the tests on a
later date")."""

import datetime as dt

import factory
from django.utils import timezone

from maca.programme import services
from maca.programme.models import Audit, AuditKind, BoardPriority, Programme, meeting_range, plan_dates_range, year_of

DEFAULT_YEAR = 2026


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    year = DEFAULT_YEAR

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
    def _generate(cls, strategy, params):
        if "programme" not in params and "partnership" in params:
            given = {name: params[name] for name in services.PLANNED_DATES if params.get(name) is not None}
            year = _year_for_dates(given)
            if year != DEFAULT_YEAR:
                params = params | _missing_dates(year, given)
                params["programme"] = ProgrammeFactory(partnership=params["partnership"], year=year)
        return super()._generate(strategy, params)

    @classmethod
    def _create(cls, model_class, *, partnership, programme, priorities=(), actor=None, **fields):
        assert programme.partnership_id == partnership.pk
        return services.audit_create(actor=actor, programme=programme, priorities=priorities, **fields)


def year_past(today: dt.date | None = None) -> int:
    """The latest programme year whose audits, as this factory plans them
    (1 September to 5 November), are all behind ``today``: 2026 on 7 December
    2026, 2027 on 2 April 2028. A test that plans such an audit and then moves
    its deadline to a few days ago keeps it within its year's ranges on any day."""
    today = today or timezone.localdate()
    return today.year if today > dt.date(today.year, 11, 5) else today.year - 1


def _fits(year: int, dates: dict[str, dt.date]) -> bool:
    """Whether planning allows ``dates`` for an audit of programme year ``year``."""
    for name, day in dates.items():
        first, last = (meeting_range if name == "planned_meeting_date" else plan_dates_range)(year)
        if not first <= day <= last:
            return False
    return True


def _year_for_dates(dates: dict[str, dt.date]) -> int:
    """The programme year of an audit a test plans with ``dates`` and no
    programme: 2026–27 while it allows them; else the latest year up to this
    one that does (a test that plans around today means this year's)."""
    if _fits(DEFAULT_YEAR, dates):
        return DEFAULT_YEAR
    for year in range(year_of(timezone.localdate()), DEFAULT_YEAR - 50, -1):
        if _fits(year, dates):
            return year
    return DEFAULT_YEAR  # none: planning says why


def _missing_dates(year: int, given: dict[str, dt.date]) -> dict[str, dt.date]:
    """The planned dates a test left out, as the factory's (1 September,
    15 October, 5 November of ``year``) moved to keep the plan's order
    (selection, then deadline, then meeting) with those it gave."""
    selection = given.get("planned_selection_date") or min([dt.date(year, 9, 1), *given.values()])
    meeting = given.get("planned_meeting_date") or max([dt.date(year, 11, 5), *given.values()])
    deadline = given.get("return_deadline") or min(max(dt.date(year, 10, 15), selection), meeting)
    return {
        name: day
        for name, day in zip(services.PLANNED_DATES, (selection, deadline, meeting), strict=True)
        if name not in given
    }


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
