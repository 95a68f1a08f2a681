"""The parts of the production smoke run (``.ci/smoke``) that CI once tripped on."""

import socket
from email.message import EmailMessage

from maca.operations import stack
from maca.operations.smoke import reminders_to


def test_the_port_for_gunicorn_is_below_the_range_outgoing_connections_take():
    # Chosen minutes before gunicorn binds it: a port from the ephemeral range was
    # once taken meanwhile by a database connection ("Address already in use").
    for _ in range(20):
        port = stack.free_port()
        assert 1024 <= port < stack._ephemeral_low()


def test_a_port_something_listens_on_is_passed_over(monkeypatch):
    with socket.socket() as taken, socket.socket() as spare:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        spare.bind(("127.0.0.1", 0))
        busy, free = taken.getsockname()[1], spare.getsockname()[1]
        spare.close()
        monkeypatch.setattr(stack.secrets.SystemRandom, "sample", lambda self, population, k: [busy, free])
        assert stack.free_port() == free


def test_with_no_free_port_below_the_range_one_from_it_is_used(monkeypatch, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        monkeypatch.setattr(stack.secrets.SystemRandom, "sample", lambda self, population, k: [busy])
        port = stack.free_port()
    assert port != busy and port > 0
    assert "No free port below the ephemeral range" in capsys.readouterr().out


def test_a_range_that_starts_low_still_gives_a_port(monkeypatch):
    monkeypatch.setattr(stack, "_ephemeral_low", lambda: 600)
    assert stack.free_port() > 0


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
        _mail(lead, "Wyvernshire SCP: Reminder: 2 returns outstanding for ‘An audit’"),
        _mail(lead, "Wyvernshire SCP: A return for ‘An audit’ has been sent back"),
        _mail("health.lead@wyvernshire.example", "Wyvernshire SCP: Reminder: 1 return outstanding for ‘An audit’"),
    ]
    assert reminders_to(messages, lead) == messages[:1]
