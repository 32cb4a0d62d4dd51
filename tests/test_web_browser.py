"""The main pages rendered by headless Chromium against a real uvicorn server (loopback)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from lagebild import Pipeline
from lagebild.web.app import create_app

from conftest import REPO, seed_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = REPO / "out" / "test-screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package `chromium`) is not installed")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    db = str(tmp_path_factory.mktemp("webb") / "b.db")
    p = Pipeline(db=db)
    rep = p.ingest([seed_path("002")])
    p.close()
    assert len(rep.stored) == 1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token="t"), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    t0 = time.time()
    while not srv.started and time.time() - t0 < 20:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(timeout=10)


def chromium(tmp_path: Path, *args: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}", *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def test_story_list_and_story_page_render(server, tmp_path):
    stories = httpx.get(f"{server}/stories.json").json()["stories"]
    assert stories
    dom = chromium(tmp_path, "--dump-dom", f"{server}/stories")
    assert "<h1>Stories</h1>" in dom and dom.count('class="story"') == len(stories)
    sid = stories[0]["story_id"]
    dossier = httpx.get(f"{server}/stories/{sid}.json").json()
    dom = chromium(tmp_path, "--dump-dom", f"{server}/stories/{sid}")
    assert dossier["sources"][0]["doc_id"] in dom and "Stories" in dom
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in (("web-stories", "/stories"), ("web-story", f"/stories/{sid}")):
        out = SHOTS / f"{name}.png"
        out.unlink(missing_ok=True)
        chromium(tmp_path, f"--screenshot={out}", "--window-size=1200,2000", f"{server}{url}")
        assert out.exists() and out.stat().st_size > 10_000


def test_article_page_renders_highlights(server, tmp_path):
    doc = httpx.get(f"{server}/articles.json").json()["articles"][0]["doc_id"]
    dom = chromium(tmp_path, "--dump-dom", f"{server}/articles/{doc}")
    assert 'id="article-text"' in dom and 'class="ent ent-' in dom


XSS = {
    "title": "Peskow prüft Einladung <script>document.title='XSS-RAN'</script>",
    "text": "Moskau (dpa) - Kremlsprecher Dmitri Peskow sagte am Dienstag, man prüfe die Einladung nach Pjöngjang genau. "
    "<script>document.title='XSS-RAN'</script> \"Wir werden die Einladung sorgfältig prüfen\", sagte Peskow. "
    "<img src=x onerror=\"document.documentElement.setAttribute('data-xss','ran')\"> "
    "<svg onload=\"document.documentElement.setAttribute('data-xss','ran')\"></svg> "
    "Nordkoreas Machthaber Kim Jong Un hatte Präsident Wladimir Putin im Januar eingeladen.",
    "url": "javascript:document.title='XSS-RAN'",
    "outlet": "<b onmouseover=alert(1)>Test</b>",
    "date": "2024-02-06",
}


def test_posted_script_never_executes(server, tmp_path):
    """An article carrying <script>, event handlers and a javascript: URL, posted through the API,
    rendered by a real browser on every page that shows it: the text is there, nothing ran."""
    r = httpx.post(f"{server}/articles", json=XSS, headers={"Authorization": "Bearer t"}, timeout=120)
    assert r.status_code == 201, r.text
    art = r.json()["articles"][0]
    pages = [f"/articles/{art['id']}", f"/articles/{art['id']}?removed=1", f"/stories/{art['story']}", "/stories", "/articles",
             "/search?q=Einladung", "/quotes?speaker=Peskow"]
    for p in pages:
        dom = chromium(tmp_path, "--dump-dom", f"{server}{p}")
        assert "<title>XSS-RAN</title>" not in dom, p  # no script rewrote the title
        assert 'data-xss="ran"' not in dom, p  # no event handler set the attribute
        assert "Peskow" in dom, p
    dom = chromium(tmp_path, "--dump-dom", f"{server}/articles/{art['id']}")
    assert "&lt;script&gt;document.title" in dom  # shown as text
