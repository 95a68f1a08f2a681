"""Records for the permission matrix (maca/tests/test_permission_matrix.py)."""


def build(world) -> dict:
    """A case list uploaded to Testshire, waiting for its column mapping."""
    from maca.cases.tests.factories import uploaded_case_import

    return {"case_import": uploaded_case_import(partnership=world.partnership, actor=world["qa"].user)}
