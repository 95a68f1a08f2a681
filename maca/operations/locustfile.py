"""What the simulated people do in ``make loadtest`` (locust).

QA officers, agency leads and agency auditors of the demo partnership, in
equal numbers, each signed in once as a person of their own through the real
second factor, then going about their work with a pause of 1 to 3 seconds
between pages:

- QA officer: home, the programme, the audit, its response grid, a case's
  integrated chronology.
- Agency lead: home, the agency's returns, a return, its chronology.
- Agency auditor: their return's form, then autosaving an answer as the
  page's htmx does, with the version each save hands back.

The accounts come from ``manage.py loadtest_setup`` (``MACA_LOADTEST_ACCOUNTS``
names the JSON file); the certificate from ``MACA_LOADTEST_CA``.
"""

from __future__ import annotations

import json
import os
import random
import re

import gevent
from locust import HttpUser, between, events, task

from maca.operations.smoke import DEMO_PASSWORD, DEMO_TOTP_SECRET, NEGLECT_AUDIT, RETURN_PAGE, csrf_token, link_to, totp

with open(os.environ["MACA_LOADTEST_ACCOUNTS"]) as accounts_file:
    ACCOUNTS = json.load(accounts_file)
CA = os.environ["MACA_LOADTEST_CA"]
SIGN_IN = ("sign in", "second factor")
# Sign-ins happen while the people arrive, before the statistics are reset for
# the measured period; their times are kept here and written out at the end.
sign_in_times: dict[str, list[float]] = {name: [] for name in SIGN_IN}
sign_in_failures: list[str] = []


@events.request.add_listener
def _keep_sign_in(request_type, name, response_time, response_length, exception=None, **kwargs):
    if name in SIGN_IN:
        sign_in_times[name].append(response_time)
        if exception is not None:
            sign_in_failures.append(f"{request_type} {name}: {exception}")


# The measured period starts once every person has signed in: sign-ins hash
# passwords on purpose, and the queue they make must not count against pages.
USERS = int(os.environ.get("MACA_LOADTEST_USERS", "0"))
SECONDS = float(os.environ.get("MACA_LOADTEST_SECONDS", "60"))
signed_in: list[str] = []


def _all_signed_in(environment) -> None:
    environment.runner.stats.reset_all()
    gevent.spawn_later(SECONDS, environment.runner.quit)


@events.quitting.add_listener
def _write_sign_in(environment, **kwargs):
    path = os.environ.get("MACA_LOADTEST_SIGN_IN_OUT")
    if path:
        with open(path, "w") as out:
            json.dump({"times": sign_in_times, "failures": sign_in_failures}, out)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        self.client.trust_env = False
        self.client.verify = CA
        account = ACCOUNTS[self.role].pop(0)
        self.account = account
        email = account["email"] if isinstance(account, dict) else account
        page = self._get("/accounts/login/", name="sign in")
        page = self._post(
            "/accounts/login/",
            {"login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
            name="sign in",
        )
        self._post(
            "/accounts/2fa/authenticate/",
            {"code": totp(DEMO_TOTP_SECRET), "csrfmiddlewaretoken": csrf_token(page)},
            name="second factor",
            expect="Home",
        )
        signed_in.append(email)
        if len(signed_in) == USERS:
            _all_signed_in(self.environment)

    def _get(self, path: str, *, name: str, expect: str | re.Pattern = "") -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            return self._check(response, expect)

    def _post(self, path: str, data: dict, *, name: str, expect: str = "", headers=None) -> str:
        headers = {"Referer": self.host + path, **(headers or {})}
        with self.client.post(path, data=data, name=name, headers=headers, catch_response=True) as response:
            return self._check(response, expect)

    @staticmethod
    def _check(response, expect: str | re.Pattern) -> str:
        if response.status_code != 200:
            response.failure(f"status {response.status_code}")
        elif isinstance(expect, re.Pattern) and not expect.search(response.text):
            response.failure(f"the page does not match {expect.pattern!r}")
        elif isinstance(expect, str) and expect and expect not in response.text:
            response.failure(f"the page does not say {expect!r}")
        return response.text


class QAOfficer(Person):
    role = "qa"

    def on_start(self) -> None:
        super().on_start()
        programme = self._get("/programme/", name="programme", expect=NEGLECT_AUDIT)
        self.audit = link_to(programme, NEGLECT_AUDIT, r"/programme/audits/\d+/")
        cases = self._get(f"{self.audit}cases/", name="audit cases")
        self.cases = sorted(set(re.findall(r"/programme/audits/\d+/cases/(\d+)/", cases)))

    @task(2)
    def home(self) -> None:
        self._get("/", name="home", expect="Audits in progress")

    @task(1)
    def audit(self) -> None:
        self._get(self.audit, name="audit", expect=NEGLECT_AUDIT)

    @task(3)
    def response_grid(self) -> None:
        self._get(f"{self.audit}responses/", name="response grid", expect="returns in")

    @task(2)
    def chronology(self) -> None:
        case = random.choice(self.cases)  # noqa: S311 - a simulated person's choice
        self._get(f"{self.audit}cases/{case}/chronology/", name="integrated chronology", expect="chronology")


class AgencyLead(Person):
    role = "lead"

    def on_start(self) -> None:
        super().on_start()
        mine = self._get("/returns/", name="my returns", expect=NEGLECT_AUDIT)
        self.returns = sorted(set(re.findall(r'href="(/returns/\d+/)"', mine)))

    @task(2)
    def home(self) -> None:
        self._get("/", name="home", expect="To review and submit")

    @task(1)
    def my_returns(self) -> None:
        self._get("/returns/", name="my returns", expect=NEGLECT_AUDIT)

    @task(2)
    def a_return(self) -> None:
        # The lead's returns span several demo audits, a deep dive's summative
        # reports among them; every one's page is titled as its agency's.
        self._get(random.choice(self.returns), name="return", expect=RETURN_PAGE)  # noqa: S311

    @task(2)
    def chronology(self) -> None:
        self._get(f"{random.choice(self.returns)}chronology/", name="return chronology", expect="Chronology")  # noqa: S311


class AgencyAuditor(Person):
    role = "auditor"

    def on_start(self) -> None:
        super().on_start()
        self.path = f"/returns/{self.account['return']}/"
        self.open_form()

    def open_form(self) -> None:
        # The return is a task list of sections, each its own page (ADR 0013).
        form = self._get(f"{self.path}edit/1/", name="return form", expect="Save and continue")
        self.csrf = csrf_token(form)
        self.version = re.search(r'name="version" value="(\d+)"', form).group(1)
        textarea = re.search(r'<textarea[^>]*name="([^"]+)"', form)
        self.field = textarea.group(1) if textarea else None

    @task(1)
    def reopen(self) -> None:
        self.open_form()

    @task(4)
    def autosave(self) -> None:
        data = {"csrfmiddlewaretoken": self.csrf, "version": self.version, "_section": "1"}
        if self.field:
            data[self.field] = f"Records checked, note {random.randint(1, 10**6)}."  # noqa: S311
        fragment = self._post(
            f"{self.path}autosave/",
            data,
            name="autosave",
            expect="Draft saved",
            headers={"HX-Request": "true", "HX-Current-URL": self.host + self.path + "edit/1/"},
        )
        version = re.search(r'name="version" value="(\d+)"', fragment)
        if version:
            self.version = version.group(1)
