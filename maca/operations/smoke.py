"""The production smoke run: bring the production set-up up on loopback
(``maca.operations.stack``), sign in as each role of the demo partnership
through the real second factor, walk the main pages over HTTPS, check what
they say, send a reminder through a task worker and the mail server, and stop
everything. Any broken step fails (exit 1).

    .ci/smoke            (or: make smoke)

It needs a PostgreSQL role that may create databases (``MACA_STACK_ADMIN_URL``;
``.ci/smoke`` gives the machine's) and uses a database of its own,
``maca_smoke``, created and dropped here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import struct
import sys
import time
from dataclasses import dataclass

import requests

from maca.operations.stack import Stack, StackError, say, stop_on_sigterm

# The demo's fictional logins (maca/demo/partnership.py); one authenticator secret serves them all.
DEMO_PASSWORD = "maca-demo-2026"  # noqa: S105
DEMO_TOTP_SECRET = "MACADEMOWYVERNSHIREFENMOORTOTP22"  # noqa: S105
NEGLECT_AUDIT = "Neglect in families with babies"
POLICE_LEAD = "police.lead@wyvernshire.example"
# A return's page is titled by its agency and what the agency sends, then where
# it belongs: "Testshire Police’s return – Case 3 – …", "Testshire Police’s
# summative report – …" (returns.models.Return.named). Matched by that shape,
# not by the words: a deep dive's agencies send summative reports, any other
# audit's returns, and the words are the returns app's to define; the load test
# and this run work over HTTP, without Django, below that app (.importlinter).
RETURN_PAGE = re.compile(r"<title>[^<]+’s [a-z][a-z ]* – ")
# An e-mail's status once the mail server took it.
SENT = re.compile(r"Sent \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d\d[ap]m")


class SmokeFailure(AssertionError):
    pass


def totp(secret: str, *, at: float | None = None, offset: int = 0) -> str:
    """RFC 6238: the 6-digit code an authenticator app shows (30-second steps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30) + offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[start : start + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def reminders_to(messages: list, address: str) -> list:
    """The reminder e-mails among ``messages`` sent to ``address``."""
    return [m for m in list(messages) if address in str(m["To"]) and "Reminder:" in str(m["Subject"])]


def text_of(page: str) -> str:
    """What a person reads on the page: words without markup."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise SmokeFailure("No CSRF token on the page")
    return found.group(1)


def link_to(page: str, text: str, pattern: str = r"[^\"]+") -> str:
    """The href of the link whose text contains ``text``."""
    for href, inner in re.findall(rf'<a[^>]*href="({pattern})"[^>]*>(.*?)</a>', page, flags=re.S):
        if text in text_of(inner):
            return html.unescape(href)
    raise SmokeFailure(f"No link {text!r} on the page")


@dataclass
class Visitor:
    """One person's browser, over HTTPS, certificate checked."""

    base_url: str
    verify: str
    user_agent: str = "maca-smoke"

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.session.trust_env = False  # loopback only: no proxy, and our certificate, whatever the environment says
        self.session.verify = self.verify
        self.session.headers["User-Agent"] = self.user_agent

    def get(self, path: str, *, status: int = 200, says: tuple[str, ...] = ()) -> str:
        response = self.session.get(self.base_url + path, timeout=30)
        return self._check("GET", path, response, status, says)

    def post(self, path: str, data: dict, *, status: int = 200, says: tuple[str, ...] = (), headers=None) -> str:
        headers = {"Referer": self.base_url + path, **(headers or {})}
        response = self.session.post(self.base_url + path, data=data, headers=headers, timeout=30)
        return self._check("POST", path, response, status, says)

    def _check(self, method, path, response, status, says) -> str:
        if response.status_code != status:
            raise SmokeFailure(f"{method} {path}: expected {status}, got {response.status_code}\n{response.text[:500]}")
        words = text_of(response.text)
        missing = [s for s in says if s not in words]
        if missing:
            raise SmokeFailure(f"{method} {path}: the page does not say {missing}")
        self.last_url = response.url
        return response.text

    def sign_in(self, email: str, *, password: str = DEMO_PASSWORD, secret: str | None = DEMO_TOTP_SECRET) -> str:
        page = self.get("/accounts/login/", says=("Sign in",))
        page = self.post(
            "/accounts/login/",
            {"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(page)},
        )
        if secret:
            if "/2fa/authenticate/" not in self.last_url:
                raise SmokeFailure(f"{email}: no second factor asked for ({self.last_url})")
            path = self.last_url.removeprefix(self.base_url)
            page = self.post(path, {"code": totp(secret), "csrfmiddlewaretoken": csrf_token(page)})
        if self.last_url.rstrip("/") != self.base_url:
            raise SmokeFailure(f"{email}: signed in, but on {self.last_url}: {text_of(page)[:300]}")
        return page


def check_static(visitor: Visitor, page: str) -> None:
    """The stylesheet (from collectstatic's manifest, through WhiteNoise) and what it refers to."""
    css = re.search(r'href="(/static/maca/maca\.[0-9a-f]{12}\.css)"', page)
    if not css:
        raise SmokeFailure("The page does not use the hashed stylesheet from the manifest")
    response = visitor.session.get(visitor.base_url + css.group(1), timeout=30)
    if response.status_code != 200 or "text/css" not in response.headers.get("Content-Type", ""):
        raise SmokeFailure(f"The stylesheet answers {response.status_code}")
    if "immutable" not in response.headers.get("Cache-Control", ""):
        raise SmokeFailure("The hashed stylesheet is not cached as immutable")
    for reference in set(re.findall(r'url\("?(/static/[^")]+)"?\)', response.text)):
        if visitor.session.get(visitor.base_url + reference, timeout=30).status_code != 200:
            raise SmokeFailure(f"The stylesheet refers to {reference}, which is missing")
    for script in re.findall(r'<script[^>]*src="(/static/[^"]+)"', page):
        if visitor.session.get(visitor.base_url + script, timeout=30).status_code != 200:
            raise SmokeFailure(f"The page loads {script}, which is missing")


def walk(stack: Stack) -> list[str]:
    """Every role's main pages. Returns what was checked, for the log."""
    checked: list[str] = []

    def visitor() -> Visitor:
        return Visitor(stack.base_url, str(stack.certificate))

    # Anyone: the sign-in page is served securely.
    anonymous = visitor()
    response = anonymous.session.get(stack.base_url + "/", allow_redirects=False, timeout=30)
    if response.status_code != 302 or "/accounts/login/" not in response.headers["Location"]:
        raise SmokeFailure("Signed-out visitors are not sent to sign in")
    if "max-age=63072000" not in response.headers.get("Strict-Transport-Security", ""):
        raise SmokeFailure("No HSTS header")
    checked.append("signed out: sent to sign in, HSTS")

    admin = visitor()
    home = admin.sign_in("admin@wyvernshire.example")
    if not admin.session.cookies or not all(cookie.secure for cookie in admin.session.cookies):
        raise SmokeFailure("Cookies are not marked Secure")
    check_static(admin, home)
    admin.get("/", says=("Partnership admin", "Wyvernshire Safeguarding Children Partnership"))
    admin.get("/manage/people/", says=("People", "Jordan Reeve"))
    admin.get("/manage/agencies/", says=("Agencies", "Wyvernshire Children’s Social Care"))
    admin.get("/manage/audit-log/", says=("Audit log", " signed in"))
    checked.append("partnership admin: home, people, agencies, audit log; static files")

    qa = visitor()
    qa.sign_in("qa@wyvernshire.example")
    qa.get("/", says=("QA officer", "Audits in progress"))
    programme = qa.get("/programme/", says=(NEGLECT_AUDIT,))
    audit = link_to(programme, NEGLECT_AUDIT, r"/programme/audits/\d+/")
    qa.get(audit, says=(NEGLECT_AUDIT,))
    responses = f"{audit}responses/"
    grid = qa.get(responses, says=("returns in",))
    qa.get("/cases/pool/", says=("Case pool",))
    qa.get("/cases/imports/", says=("Case lists",))
    qa.get("/tools/", says=("Audit tools",))
    cases = re.findall(rf"{audit}cases/(\d+)/", qa.get(f"{audit}cases/", says=("Case 1",)))
    if not cases:
        raise SmokeFailure("The audit's cases page links to no case")
    qa.get(f"{audit}cases/{cases[0]}/chronology/", says=("chronology",))
    checked.append("QA officer: home, programme, audit, response grid, pool, case lists, tools, chronology")

    # A reminder by hand goes through a task worker and the mail server, and shows as sent only then.
    forms = re.findall(r'<form[^>]*action="([^"]*/responses/remind/)"[^>]*>(.*?)</form>', grid, flags=re.S)
    police = [(action, inner) for action, inner in forms if "Wyvern and Fenmoor Police" in text_of(inner)]
    if not police:
        raise SmokeFailure("No button to remind the police on the response grid")
    action, inner = police[0]
    agency = re.search(r'name="agency" value="(\d+)"', inner).group(1)
    # Other e-mail (the demo's, the scheduler's) reaches the mail server meanwhile: count
    # only reminders to the police's lead.
    before = len(reminders_to(stack.mail.messages, POLICE_LEAD))
    said = text_of(qa.post(action, {"agency": agency, "csrfmiddlewaretoken": csrf_token(grid)}))
    if "is on its way" in said:
        deadline = time.monotonic() + 60
        while len(reminders_to(stack.mail.messages, POLICE_LEAD)) == before and time.monotonic() < deadline:
            time.sleep(0.5)
        if len(reminders_to(stack.mail.messages, POLICE_LEAD)) != before + 1:
            raise SmokeFailure("The reminder did not reach the mail server")
    elif "already sent a reminder today" not in said:
        raise SmokeFailure("The reminder by hand was neither sent nor refused as a second one today")
    # (Refused: the scheduler's reminder reached the police's lead first, and a lead gets
    # one reminder e-mail a day, ADR 0012. Its e-mail must show as sent all the same.)
    deadline = time.monotonic() + 30
    while not SENT.search(text_of(qa.get(responses))):
        if time.monotonic() > deadline:
            raise SmokeFailure("The reminder went, but the response grid does not say it was sent")
        time.sleep(0.5)
    checked.append("QA officer: a reminder reached the mail server through a worker and shows as sent")

    lead = visitor()
    lead.sign_in(POLICE_LEAD)
    lead.get("/", says=("Agency lead", "To review and submit"))
    mine = lead.get("/returns/", says=(NEGLECT_AUDIT,))
    detail = link_to(mine, "Case", r"/returns/\d+/")
    lead.get(detail, says=(NEGLECT_AUDIT,))
    lead.get(f"{detail}chronology/", says=("Chronology",))
    lead.get("/my-cases/", says=("Cases to audit",))
    checked.append("agency lead: home, returns, a return, its chronology, cases to audit")

    auditor = visitor()
    auditor.sign_in("police.auditor@wyvernshire.example")
    auditor.get("/", says=("Agency auditor",))
    mine = auditor.get("/returns/")
    editable = autosave_first_draft(auditor, mine)
    checked.append(f"agency auditor: home, returns, autosave of {editable}")

    board = visitor()
    board.sign_in("board@wyvernshire.example", secret=None)
    board.get("/", says=("Board member", "Audits by stage", "Response rates"))
    board.get("/programme/", says=(NEGLECT_AUDIT,))
    checked.append("board member (no second factor): home, programme")

    scrutineer = visitor()
    scrutineer.sign_in("scrutineer@wyvernshire.example")
    scrutineer.get("/", says=("Independent scrutineer",))
    checked.append("independent scrutineer: home")

    # The scheduler ran each job for today, through the workers.
    schedule = admin.get("/manage/schedule/", says=("Reminders about outstanding returns", "Running"))
    if "Done" not in text_of(schedule):
        raise SmokeFailure("No scheduled job has run")
    checked.append("schedule: the scheduler runs and its jobs are done")
    return checked


def autosave_first_draft(visitor: Visitor, returns_page: str) -> str:
    """Open the first section of a return the auditor may edit and autosave an
    answer, as the page's htmx does (the return is a task list of section pages)."""
    for path in dict.fromkeys(re.findall(r'href="(/returns/\d+/)"', returns_page)):
        page = visitor.session.get(visitor.base_url + path + "edit/1/", timeout=30)
        if page.status_code != 200:
            continue
        form = page.text
        version = re.search(r'name="version" value="(\d+)"', form)
        if not version:
            continue
        data = {"csrfmiddlewaretoken": csrf_token(form), "version": version.group(1), "_section": "1"}
        textarea = re.search(r'<textarea[^>]*name="([^"]+)"', form)
        if textarea:
            data[textarea.group(1)] = "Checked the records for the audit period."
        saved = visitor.post(
            path + "autosave/",
            data,
            headers={"HX-Request": "true", "HX-Current-URL": visitor.base_url + path + "edit/1/"},
        )
        if "Draft saved" not in text_of(saved):
            raise SmokeFailure(f"Autosave of {path} did not save: {text_of(saved)[:200]}")
        return path
    raise SmokeFailure("The auditor has no return to edit")


def check_logs(stack: Stack) -> None:
    """The web server's log is JSON, one line per request, with ids and no e-mail addresses."""
    lines = [json.loads(line) for line in stack.log("gunicorn").splitlines() if line.startswith("{")]
    requests_logged = [line for line in lines if line.get("logger") == "maca.request"]
    if not requests_logged:
        raise SmokeFailure("No request was logged")
    signed_in = [line for line in requests_logged if line.get("user_id") and line.get("partnership_id")]
    if not signed_in or not all(line.get("request_id") for line in requests_logged):
        raise SmokeFailure("Request log lines lack their ids")
    if "@wyvernshire.example" in stack.log("gunicorn"):
        raise SmokeFailure("An e-mail address reached the web server's log")


def main() -> int:
    stop_on_sigterm()
    started = time.monotonic()
    try:
        with Stack(database="maca_smoke") as stack:
            for line in walk(stack):
                say(f"ok  {line}")
            check_logs(stack)
            say("ok  logs: JSON, one line per request, with ids, no e-mail addresses")
            codes = stack.stop_processes()
            if any(code not in (0, -15) for code in codes.values()):
                raise SmokeFailure(f"Processes did not stop cleanly: {codes}")
            say(f"ok  stopped cleanly: {codes}")
    except (SmokeFailure, StackError) as failure:
        print(f"[smoke] FAILED: {failure}", file=sys.stderr)
        return 1
    say(f"Production smoke run passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
