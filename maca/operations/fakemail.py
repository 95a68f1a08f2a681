"""A mail server on loopback, for the fault tests, the production smoke run and
the load test: one that takes messages and keeps them, one that answers
nothing (a hung server), and a port where nothing listens. Never for real mail."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from email import message_from_bytes, policy


class _Handler(socketserver.StreamRequestHandler):
    timeout = 60

    def handle(self) -> None:
        server: FakeMailServer = self.server.owner  # type: ignore[attr-defined]
        if server.hang:
            server.connected.set()
            server.release.wait(60)
            return
        self._say("220 fake.mail.invalid ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._say("250 fake.mail.invalid")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._say("250 OK")
            elif command == "DATA":
                self._say("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                server.messages.append(message_from_bytes(data, policy=policy.default))
                self._say("250 OK: queued")
            elif command == "QUIT":
                self._say("221 Bye")
                return
            else:
                self._say("502 Command not implemented")

    def _say(self, text: str) -> None:
        # The client may have gone (a port probe, say): nothing to answer then.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(text.encode("ascii") + b"\r\n")


class FakeMailServer:
    def __init__(self, *, hang: bool = False):
        self.hang = hang
        self.messages: list = []
        self.connected = threading.Event()
        self.release = threading.Event()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.owner = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeMailServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def closed_port() -> int:
    """A loopback port where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
