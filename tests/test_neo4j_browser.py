"""Neo4j Browser, served by the project's own local Neo4j, shows the seeded graph.

Headless Chromium (Debian's ``chromium`` + ``chromium-driver``, driven through Selenium)
opens ``ServerInfo.browser_connect_url`` and waits for Browser to connect over Bolt without
auth. Then:

* ``test_browser_shows_seeded_document_count`` types ``MATCH (d:Document) RETURN count(d)``
  into the Cypher editor, runs it and checks the result table against the same count read
  through the Python driver;
* ``test_browser_runs_named_query_unchanged`` sets the parameters of the named query
  ``citing-regions`` with Browser's ``:params`` command, pastes the query's Cypher text from
  ``queries/citing-regions.cypher`` into the editor as is, runs it, checks that Browser ran
  exactly that text and that its table has the rows ``queries.registry.run`` gets through
  the driver.

Each test always writes a screenshot to ``tests/artifacts/`` (also when it fails), so a
person can see what Browser showed: ``neo4j-browser.png`` and
``neo4j-browser-named-query.png``.

Selectors relied on (Neo4j Browser 5.24):

* ``[data-testid="navigationDBMS"] i`` - sidebar database icon; class ``check`` once
  connected (``delete`` while disconnected)
* ``[data-testid="activeEditor"] .monaco-editor`` - the main Cypher editor (Monaco); its
  ``.view-lines`` hold the text, one ``div`` a line, its ``.line-numbers`` gutter the prompt:
  ``$`` until Browser has picked a database, then ``<database>$`` (``neo4j$``); its hidden
  ``textarea`` receives keystrokes and paste events
* ``[data-testid="editor-Run"]`` - the editor's play button
* ``article[data-testid="frame"]`` with ``[data-testid="frameCommand"]`` - one result frame
  and the command it ran (newlines shown as spaces); ``[data-testid="frame-loaded-contents"]``
  appears once a query's result has arrived, holding the table view
  (``th[role="columnheader"]``, ``td[role="cell"]``; strings shown JSON-quoted, ``null`` as
  ``null``), or, if the query failed, ``[data-testid="cypherFrameErrorMessage"]``; a
  ``:param``/``:params`` frame shows the parameters Browser now holds as JSON in
  ``[data-testid="rawParamData"]``
* ``localStorage["neo4j.history"]`` - Browser's command history, newest first, each command
  exactly as run (Browser persists its state there, debounced by up to a second)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # reported by _browser(), so the tests fail instead of vanishing
    webdriver = None

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOT = ARTIFACTS / "neo4j-browser.png"
NAMED_QUERY_SCREENSHOT = ARTIFACTS / "neo4j-browser-named-query.png"

QUERY = "MATCH (d:Document) RETURN count(d)"
NAMED_QUERY = "citing-regions"
NAMED_QUERY_ARGS = {"doc": "浙政教督办[2022]5号"}
TIMEOUT = 60.0  # seconds for each browser session, from Chromium's start

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
EDITOR_INPUT = '[data-testid="activeEditor"] .monaco-editor textarea'
RUN_BUTTON = '[data-testid="editor-Run"]'
FRAME = 'article[data-testid="frame"]'
FRAME_COMMAND = '[data-testid="frameCommand"]'
FRAME_LOADED = '[data-testid="frame-loaded-contents"]'
PARAM_DATA = '[data-testid="rawParamData"]'
FRAME_ERROR = '[data-testid="cypherFrameErrorMessage"]'

# Hands text to Monaco the way a clipboard paste does: Monaco's own paste handler inserts it
# verbatim, with none of the auto-indenting and bracket/quote closing that typing gets (and
# Enter typed into Browser's editor while it holds one line runs the command instead of
# starting a new line). Returns whether Monaco took the event (it cancels the default
# action of pastes it handles).
PASTE_JS = """
const [input, text] = arguments;
input.focus();
const data = new DataTransfer();
data.setData('text/plain', text);
const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
input.dispatchEvent(paste);
return paste.defaultPrevented;
"""
HISTORY_JS = "return JSON.parse(window.localStorage.getItem('neo4j.history') || '[]');"


def _find_tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}", os.X_OK) else None)
    if path is None:
        pytest.fail(f"'{name}' not found: the Neo4j Browser test needs chromium and chromedriver; {INSTALL_HINT}")
    return path


def _text(s: str) -> str:
    """Rendered text with Monaco's non-breaking spaces made plain and whitespace collapsed."""
    return " ".join(s.replace("\u00a0", " ").split())


def _brief(command: str, width: int = 60) -> str:
    """A command for a progress or timeout message: one line, cut after ``width`` characters."""
    text = _text(command)
    return repr(text if len(text) <= width else text[:width] + "…")


def _cypher_literal(value: Any) -> str:
    """A query parameter value written as a Cypher literal, for Browser's ``:params``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    raise TypeError(f"no Cypher literal for {value!r}")


def _params_command(params: dict[str, Any]) -> str:
    assert all(key.isidentifier() for key in params), params
    return ":params {" + ", ".join(f"{key}: {_cypher_literal(v)}" for key, v in params.items()) + "}"


def _cell(value: Any) -> str:
    """How Browser's table view shows a scalar: strings JSON-quoted, null as null."""
    return json.dumps(value, ensure_ascii=False)


class Browser:
    """One headless Chromium session on Neo4j Browser, with a time budget of TIMEOUT seconds."""

    def __init__(self, driver, start: float):
        self.driver = driver
        self.start = start
        self.timings: list[tuple[str, float]] = [("chromium started", time.monotonic() - start)]

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    # Each wait gets what is left of the overall budget, so a test never runs past TIMEOUT.
    def wait(self, what: str, condition: Callable[[Any], Any]) -> Any:
        left = max(1.0, TIMEOUT - self.elapsed())
        try:
            found = WebDriverWait(
                self.driver, left, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException]
            ).until(condition)
        except TimeoutException:
            raise AssertionError(f"timed out after {self.elapsed():.0f}s waiting for {what}") from None
        self.timings.append((what, self.elapsed()))
        return found

    def report_timings(self) -> None:
        print("Browser steps (seconds since start):", "; ".join(f"{w}: {t:.1f}" for w, t in self.timings))

    def connect(self, server) -> None:
        self.driver.set_page_load_timeout(TIMEOUT)
        self.driver.get(server.browser_connect_url)
        self.timings.append(("page loaded", self.elapsed()))
        self.wait(
            f"Browser to connect to {server.bolt_uri} (sidebar database icon with a check)",
            lambda d: d.find_elements(By.CSS_SELECTOR, CONNECTED_ICON),
        )
        # Connected is not quite ready: the prompt names the database once Browser has read
        # the server's metadata; a query run before that lands in a half-initialised UI.
        self.wait(
            "the editor prompt to name a database (e.g. 'neo4j$')",
            lambda d: any(
                re.fullmatch(r"\S+\$", _text(el.text)) for el in d.find_elements(By.CSS_SELECTOR, EDITOR_PROMPT)
            ),
        )

    def editor_text(self) -> str:
        """The editor's text as rendered, one line per line, spaces made plain."""
        return self.driver.find_element(By.CSS_SELECTOR, EDITOR_LINES).text.replace("\u00a0", " ")

    def focus_editor(self) -> None:
        editor = self.wait("the Cypher editor", lambda d: d.find_element(By.CSS_SELECTOR, EDITOR))
        editor.click()
        self.wait(
            "the Cypher editor to take focus",
            lambda d: "focused" in d.find_element(By.CSS_SELECTOR, EDITOR).get_attribute("class").split(),
        )

    def type_command(self, command: str) -> None:
        """Type a one-line command into the editor, as a person would."""
        self.focus_editor()
        webdriver.ActionChains(self.driver).send_keys(command).perform()
        # Monaco may auto-close brackets or complete words: check what it holds before running.
        self.wait(f"the editor to hold {command!r}", lambda d: _text(self.editor_text()) == command)

    def paste_command(self, command: str) -> None:
        """Paste a command, multi-line or not, into the empty editor, character for character."""
        self.focus_editor()
        self.wait("the editor to be empty", lambda d: _text(self.editor_text()) == "")
        handled = self.driver.execute_script(PASTE_JS, self.driver.find_element(By.CSS_SELECTOR, EDITOR_INPUT), command)
        assert handled, "the Cypher editor ignored the paste event"
        self.wait(f"the editor to hold exactly {_brief(command)}", lambda d: self.editor_text() == command)

    def frame_for(self, command: str):
        """The newest frame that ran ``command`` (compared with whitespace collapsed), or False."""
        for frame in self.driver.find_elements(By.CSS_SELECTOR, FRAME):
            commands = frame.find_elements(By.CSS_SELECTOR, FRAME_COMMAND)
            if commands and _text(commands[0].text) == _text(command):
                return frame
        return False

    def run(self, command: str):
        """Click the editor's Run button and return the frame of ``command`` once it appears."""
        self.driver.find_element(By.CSS_SELECTOR, RUN_BUTTON).click()
        return self.wait(f"a frame for {_brief(command)}", lambda d: self.frame_for(command))

    def result_table(self, command: str) -> tuple[Any, list[str], list[list[str]]]:
        """``command``'s frame, and its result table's column names and rows (cell texts,
        whitespace collapsed), once the result has arrived; the frame is scrolled into view.
        Fails at once if Browser shows a Cypher error instead of a table."""
        self.wait(
            f"the result table (or error) of {_brief(command)}",
            lambda d: (frame := self.frame_for(command))
            and frame.find_elements(By.CSS_SELECTOR, f'{FRAME_ERROR}, {FRAME_LOADED} td[role="cell"]'),
        )
        frame = self.frame_for(command)
        if frame.find_elements(By.CSS_SELECTOR, FRAME_ERROR):
            raise AssertionError(f"Browser ran {_brief(command)} and shows an error:\n{frame.text}")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", frame)
        header = [_text(th.text) for th in frame.find_elements(By.CSS_SELECTOR, f'{FRAME_LOADED} th[role="columnheader"]')]
        cells = [_text(td.text) for td in frame.find_elements(By.CSS_SELECTOR, f'{FRAME_LOADED} td[role="cell"]')]
        assert header and len(cells) % len(header) == 0, (
            f"{len(cells)} cells do not fill rows of {len(header)} columns {header}; frame text:\n{frame.text}"
        )
        return frame, header, [cells[i : i + len(header)] for i in range(0, len(cells), len(header))]

    def set_params(self, params: dict[str, Any]) -> None:
        """Replace Browser's query parameters with ``params`` and check what Browser holds."""
        command = _params_command(params)
        self.paste_command(command)
        self.run(command)
        self.wait(
            f"Browser to hold the parameters {params}",
            lambda d: (frame := self.frame_for(command))
            and (data := frame.find_elements(By.CSS_SELECTOR, PARAM_DATA))
            and json.loads(data[0].text) == params,
        )

    def last_command(self, like: str) -> str:
        """Browser's newest history entry, once one that matches ``like`` up to whitespace is stored."""
        history = self.wait(
            "Browser's command history to record the query",
            lambda d: (h := d.execute_script(HISTORY_JS)) and _text(h[0]) == _text(like) and h,
        )
        return history[0]

    def save_failure_diagnostics(self, screenshot: Path) -> None:
        try:
            self.driver.save_screenshot(str(screenshot))
            print(f"screenshot of the failure: {screenshot}")
            frames = self.driver.find_elements(By.CSS_SELECTOR, FRAME)
            if frames:  # the newest frame is on top: the query's result or error, if it ran
                print("top Browser frame:\n" + frames[0].text)
            for entry in self.driver.get_log("browser"):
                print("browser console:", entry.get("level"), entry.get("message"))
        except Exception as exc:  # keep the original failure, not this one
            print(f"could not save a screenshot or read the console: {exc!r}")


@contextmanager
def _browser(neo4j_server, tmp_path: Path, monkeypatch, screenshot: Path) -> Iterator[Browser]:
    """Headless Chromium on the session's Neo4j Browser, connected and ready for a command.

    ``screenshot`` is written when the block ends, whether it passed or failed.
    """
    if isinstance(neo4j_server, str):
        pytest.fail(
            "the Neo4j Browser test needs the server the test session starts itself "
            f"(graph.neo4j_local); NEO4J_TEST_URI={neo4j_server!r} gives only a Bolt URI, "
            "no Browser address: unset NEO4J_TEST_URI or deselect with -m 'not browser'"
        )
    chromium = _find_tool("chromium")
    chromedriver = _find_tool("chromedriver")
    if webdriver is None:
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
    screenshot.unlink(missing_ok=True)

    start = time.monotonic()
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    browser = Browser(driver, start)
    try:
        browser.connect(neo4j_server)
        yield browser
    except BaseException:
        browser.report_timings()
        browser.save_failure_diagnostics(screenshot)
        raise
    else:
        assert driver.save_screenshot(str(screenshot)), f"could not write {screenshot}"
        browser.report_timings()
        print(f"Browser check took {browser.elapsed():.1f}s; screenshot: {screenshot}")
    finally:
        driver.quit()


def test_browser_shows_seeded_document_count(neo4j_server, neo4j_seeded, tmp_path, monkeypatch):
    rows = neo4j_seeded.cypher("MATCH (d:Document) RETURN count(d) AS n", {})
    expected = rows[0]["n"]
    assert expected > 0, "the seeds produced no Document nodes"

    with _browser(neo4j_server, tmp_path, monkeypatch, SCREENSHOT) as browser:
        browser.type_command(QUERY)
        browser.run(QUERY)
        frame, header, table = browser.result_table(QUERY)
        cells = [cell for row in table for cell in row]
        assert header == ["count(d)"], f"unexpected result columns {header}; frame text:\n{frame.text}"
        assert cells == [str(expected)], (
            f"Browser shows {cells}, the database has {expected} Document nodes; frame text:\n{frame.text}"
        )


def test_browser_runs_named_query_unchanged(neo4j_server, neo4j_seeded, tmp_path, monkeypatch):
    """The Cypher text of a named query runs in Browser as it stands in queries/*.cypher."""
    from queries import registry

    query = registry.get(NAMED_QUERY)
    params = query.bind(NAMED_QUERY_ARGS)
    assert params == {"number": "浙政教督办〔2022〕5号", "title": None}, params
    assert "\n" in query.cypher, "expected a multi-line query, the case typing cannot enter verbatim"
    expected = registry.run(neo4j_seeded, NAMED_QUERY, NAMED_QUERY_ARGS)
    key = ("region", "adcode", "parent")
    expected_keys = [[_cell(row[c]) for c in key] for row in expected]
    assert [_cell("越城区"), _cell("330602"), _cell("绍兴市")] in expected_keys, (
        f"the seeds no longer have 越城区 citing {NAMED_QUERY_ARGS['doc']}: {expected}"
    )

    with _browser(neo4j_server, tmp_path, monkeypatch, NAMED_QUERY_SCREENSHOT) as browser:
        browser.set_params(params)
        browser.paste_command(query.cypher)
        browser.run(query.cypher)
        frame, header, table = browser.result_table(query.cypher)

        executed = browser.last_command(like=query.cypher)
        assert executed == query.cypher, (
            f"Browser ran {executed!r}, not the text of {query.path.name}: {query.cypher!r}"
        )
        assert header == list(query.columns), f"unexpected result columns {header}; frame text:\n{frame.text}"
        shown = [[row[header.index(c)] for c in key] for row in table]
        regions = [row[0] for row in shown]
        parents = [row[2] for row in shown]
        assert _cell("越城区") in regions and _cell("绍兴市") in parents, (
            f"Browser's region column {regions}, parent column {parents}; frame text:\n{frame.text}"
        )
        assert shown == expected_keys, (
            f"Browser shows (region, adcode, parent) rows {shown}, the driver gets {expected_keys}; "
            f"frame text:\n{frame.text}"
        )
