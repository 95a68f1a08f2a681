from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maca.accounts"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from maca.accounts import signals  # noqa: F401  (sign-in events to the audit log)
        from maca.core import row_security, sealed

        # allauth encrypts these through our MFA adapter (maca.accounts.adapter), so
        # key rotation must re-encrypt them: the authenticator app's secret and the
        # seed of the recovery codes.
        sealed.register("mfa.Authenticator", "data", key="secret")
        sealed.register("mfa.Authenticator", "data", key="seed")

        from maca.accounts.emails import build_invitation_email
        from maca.notifications import builders

        builders.register("invitation", build_invitation_email)

        # An agency role grants access only through an active agency: its
        # deactivation ends its people's access and withdraws its invitations.
        from maca.accounts.selectors import people_of_agency
        from maca.accounts.services import agency_access_end
        from maca.partnerships import extensions

        extensions.register_agency_deactivated(agency_access_end)
        extensions.register_agency_people(people_of_agency)

        # Row-level security (PostgreSQL): a person sees their own memberships in
        # every partnership, and their agencies, to choose where to work.
        row_security.also_visible("accounts.Membership", f"user_id = {row_security.USER}")
        row_security.also_visible(
            "partnerships.Agency",
            f"id IN (SELECT agency_id FROM accounts_membership WHERE user_id = {row_security.USER})",  # noqa: S608
        )
