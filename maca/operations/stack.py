"""The production set-up, brought up on loopback for the smoke run and the load test.

It does what docs/deployment.md tells an operator to do, with the production
settings: a database of its own on the machine's PostgreSQL, ``migrate``,
``createcachetable``, ``collectstatic``, ``check --deploy``, the demo
partnership, then gunicorn (TLS with a throwaway certificate, so secure cookies
and HSTS are exercised), task workers and the scheduler. Mail goes over SMTP to
a fake mail server on loopback. Everything it started is stopped, and the
database dropped, when the ``with`` block ends, however it ends.

Run as a module it only brings the set-up up and waits, for trying by hand:
``python -m maca.operations.stack`` (Ctrl+C stops it).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from maca.operations.fakemail import FakeMailServer

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


class StackError(RuntimeError):
    """A production step failed."""


def _ephemeral_low() -> int:
    """The lowest port the kernel hands to outgoing connections (Linux; 32768 elsewhere)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A free loopback port below the ephemeral range.

    gunicorn binds its port minutes after the port is chosen (after migrate and the
    demo). A port from the ephemeral range can be taken meanwhile by any outgoing
    connection, a database connection say ("Address already in use"); the kernel
    never gives a port below that range to an outgoing connection."""
    low = _ephemeral_low()
    first = max(1024, low - 12000)
    for candidate in secrets.SystemRandom().sample(range(first, low), k=max(0, min(200, low - first))):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return candidate
    say("No free port below the ephemeral range: using one from it")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "tls.crt", folder / "tls.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@dataclass
class Stack:
    database: str
    web_workers: int = 2
    task_workers: int = 2
    gunicorn_threads: int = 4  # as the documented systemd unit
    extra_env: dict[str, str] = field(default_factory=dict)
    keep_logs: bool = False
    port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.database.startswith("maca_") or not self.database.replace("_", "").isalnum():
            raise StackError(f"Refusing to use the database {self.database!r}: use a name of its own, maca_...")
        self.folder = Path(tempfile.mkdtemp(prefix=f"{self.database}-"))
        self.base_url = f"https://127.0.0.1:{self.port}"
        self.mail = FakeMailServer()

    # Set-up ------------------------------------------------------------------------------

    @property
    def admin_url(self) -> str:
        """A PostgreSQL role that may create and drop databases (``.ci/smoke`` sets it)."""
        try:
            return os.environ["MACA_STACK_ADMIN_URL"]
        except KeyError:
            raise StackError("Set MACA_STACK_ADMIN_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres") from None

    @property
    def database_url(self) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{self.database}"))

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def environment(self) -> dict[str, str]:
        from cryptography.fernet import Fernet

        self.certificate, self.key = _certificate(self.folder)
        keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"}}
        return {
            **keep,
            "MACA_ENVIRONMENT": "production",
            "DJANGO_SETTINGS_MODULE": "maca.settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "MACA_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "DATABASE_URL": self.database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MACA_BASE_URL": self.base_url,
            "MACA_VAR_DIR": str(self.folder / "var"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.mail.port),
            "EMAIL_USE_TLS": "false",
            "DEFAULT_FROM_EMAIL": "maca <no-reply@maca.invalid>",
            "MACA_SCHEDULER_INTERVAL": "2",
            "MACA_EMAIL_RETRY_DELAYS": "1,2",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def manage(self, *args: str) -> str:
        """Run a management command as an operator would; fail loudly."""
        result = subprocess.run(  # noqa: S603 - manage.py with our own arguments
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _start(self, name: str, *command: str) -> None:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 - open while the process runs
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
            command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> Stack:
        try:
            self._up()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def _up(self) -> None:
        say(f"Database {self.database} (dropped again at the end)")
        self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)', f'CREATE DATABASE "{self.database}"')
        self.mail.__enter__()
        self.env = self.environment()
        for step in (
            ("migrate", "--no-input"),
            ("createcachetable",),
            ("collectstatic", "--no-input"),
            ("check", "--deploy", "--fail-level", "WARNING"),
            ("demo", "--allow-production"),
        ):
            say("manage.py " + " ".join(step))
            self.manage(*step)
        say(f"gunicorn ({self.web_workers} workers), {self.task_workers} task workers and the scheduler")
        self._start(
            "gunicorn",
            str(Path(PYTHON).with_name("gunicorn")),
            "maca.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.web_workers),
            "--threads",
            str(self.gunicorn_threads),
            "--certfile",
            str(self.certificate),
            "--keyfile",
            str(self.key),
            "--keep-alive",
            "75",
            "--no-control-socket",
            "--graceful-timeout",
            "10",
        )
        for n in range(self.task_workers):
            self._start(f"worker-{n + 1}", PYTHON, "manage.py", "db_worker", "--interval", "0.5")
        self._start("scheduler", PYTHON, "manage.py", "run_scheduler")
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 120) -> None:
        import requests

        deadline = time.monotonic() + seconds
        last = ""
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise StackError(f"{name} stopped (exit {process.returncode}):\n{self.log(name)[-3000:]}")
            try:
                response = requests.get(f"{self.base_url}/ready/", verify=str(self.certificate), timeout=5)
                body = response.json()
                last = str(body)
                checks = body.get("checks", {})
                if body.get("status") == "ok" and checks.get("workers") == self.task_workers:
                    say(f"Ready: {body['checks']}")
                    return
            except (requests.RequestException, ValueError) as error:
                last = str(error)
            time.sleep(1)
        raise StackError(f"The service did not become ready in {seconds} s: {last}")

    # Tear-down ---------------------------------------------------------------------------

    def stop_processes(self) -> dict[str, int]:
        """SIGTERM to each, as systemd does; SIGKILL after 20 s. Returns the exit codes."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        codes = {}
        for name, process in self.processes.items():
            try:
                codes[name] = process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                codes[name] = process.wait(timeout=10)
        return codes

    def __exit__(self, *exc) -> None:
        try:
            self.stop_processes()
        finally:
            self.mail.__exit__(None, None, None)
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            finally:
                if exc[0] is not None and not isinstance(exc[1], KeyboardInterrupt):
                    for name in self.processes:
                        tail = self.log(name)[-2000:]
                        print(f"--- last lines of {name} ---\n{tail}", file=sys.stderr)
                if not self.keep_logs:
                    shutil.rmtree(self.folder, ignore_errors=True)


def say(text: str) -> None:
    print(f"[stack] {text}", flush=True)


def stop_on_sigterm() -> None:
    """Turn SIGTERM into an exception so that the ``with`` block cleans up."""

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":
    stop_on_sigterm()
    with Stack(database=os.environ.get("MACA_STACK_DATABASE", "maca_trial"), keep_logs=True) as stack:
        say(f"Serving {stack.base_url} (certificate {stack.certificate}); logs in {stack.folder}. Ctrl+C stops.")
        try:
            while all(p.poll() is None for p in stack.processes.values()):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
