"""The parts of django-allauth maca uses: sign in and out, password change and
reset, and the second factor (authenticator app and recovery codes).

Self-service sign-up and e-mail management are left out on purpose: people
join by invitation, and their e-mail address is their identity in the audit
log. The sign-up URL stays only because allauth's sign-in page links to it; it
answers "closed".
"""

from allauth.account import views as account_views
from django.urls import include, path, re_path

from maca.accounts import views

urlpatterns = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("signup/", account_views.signup, name="account_signup"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path("password/reset/done/", account_views.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # allauth's own, leading on to the page asked for before the set-up (``views.link_to_follow``).
    path("2fa/totp/activate/", views.activate_authenticator, name="mfa_activate_totp"),
    path("2fa/recovery-codes/", views.recovery_codes, name="mfa_view_recovery_codes"),
    path("2fa/", include("allauth.mfa.urls")),
]
