"""Records for the permission matrix (maca/tests/test_permission_matrix.py)."""


def build(world) -> dict:
    """A message to Testshire that could not be sent after the last try."""
    from maca.notifications.tests.factories import undelivered_email

    return {"undelivered_email": undelivered_email(partnership=world.partnership)}
