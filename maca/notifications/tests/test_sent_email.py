from django.urls import reverse

from maca.notifications.models import SentEmail
from maca.notifications.services import send_email
from maca.tests.querycount import assert_queries_do_not_grow


def _send(partnership, n=1):
    for i in range(n):
        send_email(
            to=["someone@testshire.example"],
            subject=f"Message {i}",
            template="notifications/test.txt",
            context={},
            kind="test",
            partnership=partnership,
        )


def test_e_mail_goes_through_a_background_task_and_is_kept_in_development(world):
    _send(world.partnership)
    message = SentEmail.objects.get()
    assert message.subject == "Testshire SCP: Message 0"
    assert message.partnership == world.partnership
    assert message.kind == "test"


def test_an_admin_reads_only_their_partnerships_e_mail(world, client_for):
    _send(world.partnership)
    _send(world.other_partnership)
    client = client_for(world["admin"])
    listing = client.get(reverse("notifications:emails")).content.decode()
    assert listing.count("Message 0") == 1
    theirs = SentEmail.objects.get(partnership=world.other_partnership)
    assert client.get(reverse("notifications:email", args=[theirs.pk])).status_code == 404


def test_the_e_mail_list_is_not_available_when_e_mail_really_goes_out(world, client_for, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert client_for(world["admin"]).get(reverse("notifications:emails")).status_code == 404


def test_the_e_mail_list_does_not_get_slower_with_more_e_mail(world, client_for):
    client = client_for(world["admin"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("notifications:emails")), lambda n: _send(world.partnership, n)
    )
