"""The parts of the production smoke run (``.ci/smoke``) that CI once tripped on."""

from email.message import EmailMessage

from maca.operations import stack
from maca.operations.smoke import reminders_to


def test_the_port_for_gunicorn_is_free_and_below_the_range_outgoing_connections_take(monkeypatch):
    # Chosen minutes before gunicorn binds it: a port from the ephemeral range was
    # once taken meanwhile by a database connection ("Address already in use").
    for _ in range(20):
        port = stack.free_port()
        assert 1024 <= port < stack._ephemeral_low()


def test_the_ephemeral_range_defaults_where_the_kernel_does_not_say(monkeypatch):
    monkeypatch.setattr(stack.Path, "read_text", lambda self: "")
    assert stack._ephemeral_low() == 32768


def _mail(to: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["To"], message["Subject"] = to, subject
    return message


def test_only_reminders_to_the_lead_are_counted_among_other_mail():
    lead = "police.lead@wyvernshire.example"
    messages = [
        _mail(lead, "maca: Reminder: 2 returns outstanding for ‘An audit’"),
        _mail(lead, "maca: A return for ‘An audit’ has been sent back"),
        _mail("health.lead@wyvernshire.example", "maca: Reminder: 1 return outstanding for ‘An audit’"),
    ]
    assert reminders_to(messages, lead) == messages[:1]
