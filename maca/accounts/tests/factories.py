import factory

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.partnerships.tests.factories import PartnershipFactory

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@testshire.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """A membership given through the service (recorded in the partnership's log)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.QA_OFFICER
    agency = None

    @classmethod
    def _create(cls, model_class, *, user, partnership, role, agency=None, job_title="", actor=None):
        from maca.accounts.services import membership_create

        return membership_create(
            actor=actor, user=user, partnership=partnership, role=role, agency=agency, job_title=job_title
        )


def give_authenticator(user, secret: str = TOTP_SECRET):
    """Set up a TOTP authenticator, as a person does on first sign-in."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return user


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    """The code an authenticator app would show now (``offset`` periods away)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def sign_in_with_second_factor(client, user):
    """Sign ``client`` in as ``user`` as if they had typed their password and a
    code: the session counts as having passed the second factor."""
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication

    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    record_authentication(SimpleNamespace(session=session), user, "mfa", type="totp")
    session.save()
    return client
