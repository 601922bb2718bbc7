"""Neo4j Browser, served by the project's own local Neo4j, shows the seeded graph.

Headless Chromium (Debian's ``chromium`` + ``chromium-driver``, driven through Selenium)
opens ``ServerInfo.browser_connect_url``, waits for Browser to connect over Bolt without
auth, runs ``MATCH (d:Document) RETURN count(d)`` from the Cypher editor and checks the
result table against the same count read through the Python driver.

A screenshot is always written to ``tests/artifacts/neo4j-browser.png`` (also when the test
fails), so a person can see what Browser showed.

Selectors relied on (Neo4j Browser 5.24):

* ``[data-testid="navigationDBMS"] i`` - sidebar database icon; class ``check`` once
  connected (``delete`` while disconnected)
* ``[data-testid="activeEditor"] .monaco-editor`` - the main Cypher editor (Monaco); its
  ``.view-lines`` hold the typed text, its ``.line-numbers`` gutter the prompt: ``$`` until
  Browser has picked a database, then ``<database>$`` (``neo4j$``)
* ``[data-testid="editor-Run"]`` - the editor's play button
* ``article[data-testid="frame"]`` with ``[data-testid="frameCommand"]`` - one result frame
  and the command it ran; ``[data-testid="frame-loaded-contents"]`` appears once the result
  has arrived, holding the table view (``th[role="columnheader"]``, ``td[role="cell"]``)
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOT = ARTIFACTS / "neo4j-browser.png"

QUERY = "MATCH (d:Document) RETURN count(d)"
TIMEOUT = 60.0  # seconds for the whole browser session, from Chromium's start

INSTALL_HINT = (
    "install them with `make browser-deps` (scripts/ensure-chromium.sh), i.e. "
    "`apt-get install chromium chromium-driver` as root"
)

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]

# Sidebar database icon: class "check" when Browser is connected.
CONNECTED_ICON = '[data-testid="navigationDBMS"] i.check'
EDITOR = '[data-testid="activeEditor"] .monaco-editor'
EDITOR_LINES = '[data-testid="activeEditor"] .monaco-editor .view-lines'
EDITOR_PROMPT = '[data-testid="activeEditor"] .monaco-editor .line-numbers'
RUN_BUTTON = '[data-testid="editor-Run"]'
FRAME = 'article[data-testid="frame"]'
FRAME_COMMAND = '[data-testid="frameCommand"]'
FRAME_LOADED = '[data-testid="frame-loaded-contents"]'


def _find_tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}", os.X_OK) else None)
    if path is None:
        pytest.fail(f"'{name}' not found: the Neo4j Browser test needs chromium and chromedriver; {INSTALL_HINT}")
    return path


def _text(s: str) -> str:
    """Rendered text with Monaco's non-breaking spaces made plain and whitespace collapsed."""
    return " ".join(s.replace("\u00a0", " ").split())


def test_browser_shows_seeded_document_count(neo4j_server, neo4j_seeded, tmp_path, monkeypatch):
    if isinstance(neo4j_server, str):
        pytest.fail(
            "the Neo4j Browser test needs the server the test session starts itself "
            f"(graph.neo4j_local); NEO4J_TEST_URI={neo4j_server!r} gives only a Bolt URI, "
            "no Browser address: unset NEO4J_TEST_URI or deselect with -m 'not browser'"
        )
    rows = neo4j_seeded.cypher("MATCH (d:Document) RETURN count(d) AS n", {})
    expected = rows[0]["n"]
    assert expected > 0, "the seeds produced no Document nodes"

    chromium = _find_tool("chromium")
    chromedriver = _find_tool("chromedriver")
    try:
        from selenium import webdriver
        from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        pytest.fail("the Neo4j Browser test needs the Python package 'selenium' (pip install 'selenium>=4.20')")

    # Never let Selenium Manager look for (or download) a browser or driver of its own.
    monkeypatch.setenv("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-', dir=tmp_path)}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)

    start = time.monotonic()
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    timings = [("chromium started", time.monotonic() - start)]

    # Each wait gets what is left of the overall budget, so the test never runs past TIMEOUT.
    def wait(what: str, condition):
        left = max(1.0, TIMEOUT - (time.monotonic() - start))
        try:
            found = WebDriverWait(
                driver, left, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException]
            ).until(condition)
        except TimeoutException:
            raise AssertionError(f"timed out after {time.monotonic() - start:.0f}s waiting for {what}") from None
        timings.append((what, time.monotonic() - start))
        return found

    def report_timings() -> None:
        print("Browser steps (seconds since start):", "; ".join(f"{w}: {t:.1f}" for w, t in timings))

    def result_frame(d):
        for frame in d.find_elements(By.CSS_SELECTOR, FRAME):
            commands = frame.find_elements(By.CSS_SELECTOR, FRAME_COMMAND)
            if commands and _text(commands[0].text) == QUERY:
                return frame
        return False

    try:
        driver.set_page_load_timeout(TIMEOUT)
        driver.get(neo4j_server.browser_connect_url)
        timings.append(("page loaded", time.monotonic() - start))

        wait(
            f"Browser to connect to {neo4j_server.bolt_uri} (sidebar database icon with a check)",
            lambda d: d.find_elements(By.CSS_SELECTOR, CONNECTED_ICON),
        )
        # Connected is not quite ready: the prompt names the database once Browser has read
        # the server's metadata; a query run before that lands in a half-initialised UI.
        wait(
            "the editor prompt to name a database (e.g. 'neo4j$')",
            lambda d: any(
                re.fullmatch(r"\S+\$", _text(el.text)) for el in d.find_elements(By.CSS_SELECTOR, EDITOR_PROMPT)
            ),
        )

        editor = wait("the Cypher editor", lambda d: d.find_element(By.CSS_SELECTOR, EDITOR))
        editor.click()
        wait(
            "the Cypher editor to take focus",
            lambda d: "focused" in d.find_element(By.CSS_SELECTOR, EDITOR).get_attribute("class").split(),
        )
        webdriver.ActionChains(driver).send_keys(QUERY).perform()
        # Monaco may auto-close brackets or complete words: check what it holds before running.
        wait(
            f"the editor to hold {QUERY!r}",
            lambda d: _text(d.find_element(By.CSS_SELECTOR, EDITOR_LINES).text) == QUERY,
        )
        driver.find_element(By.CSS_SELECTOR, RUN_BUTTON).click()

        wait(f"a result frame for {QUERY!r}", result_frame)
        wait(
            "the result frame's table",
            lambda d: (frame := result_frame(d)) and frame.find_elements(By.CSS_SELECTOR, f'{FRAME_LOADED} td[role="cell"]'),
        )
        frame = result_frame(driver)
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", frame)
        header = [_text(th.text) for th in frame.find_elements(By.CSS_SELECTOR, f'{FRAME_LOADED} th[role="columnheader"]')]
        cells = [_text(td.text) for td in frame.find_elements(By.CSS_SELECTOR, f'{FRAME_LOADED} td[role="cell"]')]
        assert header == ["count(d)"], f"unexpected result columns {header}; frame text:\n{frame.text}"
        assert cells == [str(expected)], (
            f"Browser shows {cells}, the database has {expected} Document nodes; frame text:\n{frame.text}"
        )
    except BaseException:
        report_timings()
        try:
            driver.save_screenshot(str(SCREENSHOT))
            print(f"screenshot of the failure: {SCREENSHOT}")
            frames = driver.find_elements(By.CSS_SELECTOR, FRAME)
            if frames:  # the newest frame is on top: the query's result or error, if it ran
                print("top Browser frame:\n" + frames[0].text)
            for entry in driver.get_log("browser"):
                print("browser console:", entry.get("level"), entry.get("message"))
        except Exception as exc:  # keep the original failure, not this one
            print(f"could not save a screenshot or read the console: {exc!r}")
        raise
    else:
        assert driver.save_screenshot(str(SCREENSHOT)), f"could not write {SCREENSHOT}"
        report_timings()
        print(f"Browser check took {time.monotonic() - start:.1f}s; screenshot: {SCREENSHOT}")
    finally:
        driver.quit()
