"""The client's address, through the proxies maca trusts and no further."""

import pytest
from django.test import RequestFactory

from maca.core.client_ip import client_ip
from maca.core.tests.test_settings import PRODUCTION, _manage


def _request(forwarded: str | None = None, remote: str = "127.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "127.0.0.1"),
        (0, "203.0.113.7", "127.0.0.1"),  # no trusted proxy: the header is anyone's to write
        (1, None, "127.0.0.1"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a spoofed entry before the proxy's own
        (1, "6.6.6.6,7.7.7.7,  203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 192.0.2.10", "203.0.113.7"),  # CDN, then our proxy
        (2, "203.0.113.7", "203.0.113.7"),  # came in through the inner proxy only
        (1, "6.6.6.6, not-an-address", "127.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_outermost_trusted_proxy_wrote(settings, proxies, forwarded, expected):
    settings.MACA_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded)) == expected


def _proxy_settings(env: dict) -> str:
    result = _manage(
        {**PRODUCTION, **env},
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.MACA_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE, "
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None))",
    )
    return result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr


def test_one_setting_feeds_the_lock_out_the_rate_limits_and_the_audit_log():
    assert _proxy_settings({"MACA_BEHIND_PROXY": "true"}) == (
        "1 1 maca.core.client_ip.client_ip ('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert _proxy_settings({"MACA_PROXY_COUNT": "2"}).startswith("2 2 ")
    assert _proxy_settings({}) == "0 0 maca.core.client_ip.client_ip None"
    assert "MACA_PROXY_COUNT must be the number of reverse proxies" in _proxy_settings(
        {"MACA_BEHIND_PROXY": "true", "MACA_PROXY_COUNT": "0"}
    )
