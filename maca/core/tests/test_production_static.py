"""A production install collects the built assets with the manifest storage and
serves every asset a page references (through WhiteNoise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from maca.core.tests.test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parents[3]

# Runs in a production process: renders the sign-in page, then fetches every
# stylesheet, script and module it names, and everything the stylesheets name.
SERVE = r"""
import json, re, django
django.setup()
from django.test import Client
from maca.tests.page import Page

client = Client(HTTP_HOST="maca.example.org")
page = client.get("/accounts/login/", secure=True)
html = page.content.decode()
found = Page(html)
wanted = [e["href"] for e in found.all("link") if e.get("rel") == "stylesheet"]
wanted += [e["src"] for e in found.all("script") if e.get("src")]
wanted += [m for e in found.all("script") for m in re.findall(r'from\s+"([^"]+)"', e.get("text", ""))]
assets, queue = {}, list(wanted)
while queue:
    url = queue.pop(0)
    if url in assets:
        continue
    response = client.get(url, secure=True)
    body = b"".join(response) if response.streaming else response.content
    assets[url] = {"status": response.status_code, "bytes": len(body), "type": response.get("Content-Type", "")}
    if url.endswith(".css") and response.status_code == 200:
        queue += [u for u in re.findall(r'url\(["\']?([^"\')]+)', body.decode()) if not u.startswith("data:")]
print(json.dumps({"page": page.status_code, "referenced": wanted, "assets": assets}))
"""


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    ignored = ("MACA_", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ignored)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_collectstatic_succeeds_and_the_page_loads_every_asset_it_references(tmp_path):
    built = Path(settings.STATICFILES_DIRS[0])
    assert (built / "maca" / "maca.css").exists(), f"The assets are not built in {built}: run `make assets`."
    # A fresh var/ holding only the build, as on a server after `make install`.
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "static").symlink_to(built, target_is_directory=True)
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    env.update({"MACA_VAR_DIR": str(tmp_path), "MACA_ALLOW_SQLITE": "true"})

    collected = run(env, "manage.py", "collectstatic", "--no-input")
    assert collected.returncode == 0, "Is the build current (`make assets`)?\n" + collected.stderr[-3000:]
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()

    served = run(env, "-c", SERVE)
    assert served.returncode == 0, served.stderr[-3000:]
    result = json.loads(served.stdout.strip().splitlines()[-1])
    assert result["page"] == 200
    assert any(url.endswith(".css") for url in result["referenced"])
    assert any(url.endswith(".js") for url in result["referenced"])
    # Manifest storage: every name carries its content hash, so it can be cached for ever.
    assert all(url.count(".") >= 2 for url in result["referenced"]), result["referenced"]
    broken = {url: asset for url, asset in result["assets"].items() if asset["status"] != 200 or not asset["bytes"]}
    assert not broken, broken
    assert len(result["assets"]) > len(result["referenced"]), "the stylesheet's own images were fetched too"
