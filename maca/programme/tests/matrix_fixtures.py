"""Records for the permission matrix (maca/tests/test_permission_matrix.py)."""


def build(world) -> dict:
    """This year's programme of the partnership, where "Plan an audit"
    (``programme:audit_new``, with no year given) puts a new audit; on any day,
    not only in 2026–27, whose programme the other apps' audits are in
    (docs/architecture.md, "Running the tests on a later date")."""
    from django.utils import timezone

    from maca.programme.models import year_of
    from maca.programme.tests.factories import ProgrammeFactory

    return {"this_years_programme": ProgrammeFactory(partnership=world.partnership, year=year_of(timezone.localdate()))}
