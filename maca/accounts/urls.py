from django.urls import path

from maca.accounts import session_timeout, views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/keep-alive/", session_timeout.keep_alive, name="keep_alive"),
    path("signed-out/", session_timeout.signed_out, name="signed_out"),
    path("switch-partnership/", views.switch_partnership, name="switch_partnership"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("manage/people/", views.members, name="members"),
    path("manage/people/invite/", views.invite, name="invite"),
    path("manage/people/<int:pk>/", views.member, name="member"),
    path("manage/people/<int:pk>/deactivate/", views.deactivate_member, name="deactivate_member"),
    path("manage/people/<int:pk>/reactivate/", views.reactivate_member, name="reactivate_member"),
    path("manage/invitations/<int:pk>/withdraw/", views.revoke_invitation, name="revoke_invitation"),
    path("manage/invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
]
