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
  the driver;
* ``test_browser_guide_styles_and_draws_a_lineage`` checks that Browser plays the policykg guide
  (``queries/browser/policykg.html``, served by the launcher) as soon as it connects, runs the
  guide's ``:style`` line (``queries/browser/policykg.grass``) and checks the style Browser then
  holds, steps to the lineage slide, runs its ``:params`` and graph query by clicking them, and
  checks the graph view: one node per document of the lineage, in the style's colours, with
  Chinese captions. Its screenshot is the one docs/cypher.md shows (copied to docs/img/).

Each test always writes a screenshot to ``tests/artifacts/`` (also when it fails), so a
person can see what Browser showed: ``neo4j-browser.png``,
``neo4j-browser-named-query.png``, ``neo4j-browser-guide.png`` and ``neo4j-browser-lineage.png``.

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
* a guide frame (``:play URL``): its slides' ``pre.runnable`` blocks copy their text into the
  editor when clicked; ``button.next-slide`` turns the slide
* ``localStorage["neo4j.grass"]`` - the graph style in use, as JSON: ``{"node.Document": {...}}``
* a graph result: ``g.node`` per node, each with ``circle.b-outline`` (``fill`` = the style's
  colour) and ``text.caption`` lines; the frame's ``Fullscreen`` button, and the graph's
  ``zoom-to-fit`` and ``zoom-out`` buttons (by ``aria-label``)
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
LINEAGE_SCREENSHOT = ARTIFACTS / "neo4j-browser-lineage.png"
GUIDE_SCREENSHOT = ARTIFACTS / "neo4j-browser-guide.png"
BROWSER_FILES = Path(__file__).resolve().parents[1] / "queries" / "browser"
GUIDE_REPORT = "东丽区人民政府2020年履行教育职责情况自评报告"  # the report the guide's lineage slide draws

QUERY = "MATCH (d:Document) RETURN count(d)"
NAMED_QUERY = "citing-regions"
NAMED_QUERY_ARGS = {"doc": "浙政教督办[2022]5号"}
TIMEOUT = 60.0  # seconds for each browser session, from Chromium's start
GUIDE_TIMEOUT = 120.0  # the guide walk-through: a dozen clicks, and a graph layout to settle twice

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
GRASS_JS = "return JSON.parse(window.localStorage.getItem('neo4j.grass') || '{}');"
FULLSCREEN = 'button[title="Fullscreen"]'
ZOOM_TO_FIT = 'button[aria-label="zoom-to-fit"]'
ZOOM_OUT = 'button[aria-label="zoom-out"]'
GRAPH_ZOOM_JS = "return Array.from(arguments[0].querySelectorAll('svg g[transform]')).map(g => g.getAttribute('transform')).join(' ');"
# Where each node is drawn, and its fill and caption; the force layout moves nodes for a while.
GRAPH_NODES_JS = """
return Array.from(arguments[0].querySelectorAll('g.node')).map(g => ({
  transform: g.getAttribute('transform'),
  fill: (g.querySelector('circle.b-outline') || {getAttribute: () => null}).getAttribute('fill'),
  caption: Array.from(g.querySelectorAll('text.caption')).map(t => t.textContent).join('|'),
}));
"""


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


def _grass_rules(text: str) -> dict[str, dict[str, str]]:
    """A .grass file's rules: selector -> {property: value}, without quotes, as Browser keeps them."""
    rules = {}
    for selector, body in re.findall(r'([^\s{}]+)\s*\{((?:[^{}"]|"[^"]*")*)\}', text):
        rules[selector] = dict(
            (k.strip(), v.strip().strip('"')) for k, v in (decl.split(":", 1) for decl in body.split(";") if decl.strip())
        )
    return rules


def _cell(value: Any) -> str:
    """How Browser's table view shows a scalar: strings JSON-quoted, null as null."""
    return json.dumps(value, ensure_ascii=False)


class Browser:
    """One headless Chromium session on Neo4j Browser, with a time budget (TIMEOUT seconds unless told)."""

    def __init__(self, driver, start: float, budget: float = TIMEOUT):
        self.driver = driver
        self.start = start
        self.budget = budget
        self.timings: list[tuple[str, float]] = [("chromium started", time.monotonic() - start)]

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    # Each wait gets what is left of the overall budget, so a test never runs past it.
    def wait(self, what: str, condition: Callable[[Any], Any]) -> Any:
        left = max(1.0, self.budget - self.elapsed())
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
        self.driver.set_page_load_timeout(self.budget)
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

    def guide_frame(self, url: str):
        return self.wait(f"Browser to play the guide {url}", lambda d: self.frame_for(f":play {url}"))

    def guide_block(self, url: str, starts_with: str) -> str:
        """Click the guide's visible runnable block that starts with ``starts_with``; wait for the
        editor to hold its text, and return that text."""
        def visible_block(d):
            frame = self.frame_for(f":play {url}")
            blocks = frame.find_elements(By.CSS_SELECTOR, "pre.runnable") if frame else []
            return next((b for b in blocks if b.is_displayed() and b.text.strip().startswith(starts_with)), False)

        block = self.wait(f"a block starting {starts_with!r} on the guide's slide", visible_block)
        text = block.text.strip()
        block.click()
        self.wait(f"the editor to hold the guide's {_brief(text)}", lambda d: _text(self.editor_text()) == _text(text))
        return text

    def next_slide(self, url: str) -> None:
        self.guide_frame(url).find_element(By.CSS_SELECTOR, "button.next-slide").click()

    def _still(self, what: str, command: str, script: str) -> Any:
        """What ``script`` reads from ``command``'s frame once two readings half a second apart agree."""
        last: Any = None

        def still(d):
            nonlocal last
            frame = self.frame_for(command)
            if not frame or frame.find_elements(By.CSS_SELECTOR, FRAME_ERROR):
                return bool(frame)
            now = d.execute_script(script, frame)
            settled = bool(now) and now == last
            last = now
            time.sleep(0.5)
            return settled

        self.wait(what, still)
        frame = self.frame_for(command)
        if frame.find_elements(By.CSS_SELECTOR, FRAME_ERROR):
            raise AssertionError(f"Browser ran {_brief(command)} and shows an error:\n{frame.text}")
        return last

    def settled_graph(self, command: str) -> list[dict]:
        """The nodes of ``command``'s graph view once the layout has stopped moving them."""
        return self._still(f"the graph view of {_brief(command)} to settle", command, GRAPH_NODES_JS)

    def enlarge_graph(self, command: str) -> None:
        """Show ``command``'s graph fullscreen, zoomed to fit beside the overview panel."""
        self.frame_for(command).find_element(By.CSS_SELECTOR, FULLSCREEN).click()
        self.frame_for(command).find_element(By.CSS_SELECTOR, ZOOM_TO_FIT).click()
        self._still("the graph to zoom to fit", command, GRAPH_ZOOM_JS)
        self.frame_for(command).find_element(By.CSS_SELECTOR, ZOOM_OUT).click()
        self._still("the graph to zoom out", command, GRAPH_ZOOM_JS)

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
def _browser(neo4j_server, tmp_path: Path, monkeypatch, screenshot: Path, budget: float = TIMEOUT) -> Iterator[Browser]:
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
    browser = Browser(driver, start, budget)
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
    assert params == {"number": "浙政教督办〔2022〕5号", "title": None, "limit": None, "skip": 0}, params
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


def test_browser_guide_styles_and_draws_a_lineage(neo4j_server, neo4j_seeded, tmp_path, monkeypatch):
    """The guide plays on connect; its style line and its lineage slide work as a newcomer clicks them."""
    import subprocess

    from queries import registry

    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    assert fonts, (
        "no font covers Chinese, so the screenshot would show boxes: run `make browser-deps` "
        "(scripts/ensure-chromium.sh) as root, or `apt-get install fonts-wqy-zenhei`"
    )
    grass = _grass_rules((BROWSER_FILES / "policykg.grass").read_text(encoding="utf-8"))
    lineage = registry.run(neo4j_seeded, "lineage", {"doc": GUIDE_REPORT, "direction": "up"})
    assert lineage, f"the seeds no longer give {GUIDE_REPORT} a lineage"
    documents = 1 + len({row["id"] for row in lineage})
    base = f"http://127.0.0.1:{neo4j_server.http_port}/guides"
    guide = f"{base}/policykg.html"

    with _browser(neo4j_server, tmp_path, monkeypatch, LINEAGE_SCREENSHOT, GUIDE_TIMEOUT) as browser:
        first = browser.guide_frame(guide).text
        assert "policykg" in first and "嵌入式幼儿园" in first, f"the guide's first slide shows:\n{first}"
        assert browser.driver.save_screenshot(str(GUIDE_SCREENSHOT)), f"could not write {GUIDE_SCREENSHOT}"

        style = browser.guide_block(guide, ":style")
        assert style == f":style {base}/policykg.grass"
        browser.run(style)
        held = browser.wait(
            "Browser to hold the policykg style", lambda d: (g := d.execute_script(GRASS_JS)) and g.get("node.Document") and g
        )
        for selector in ("node.Document", "node.Agency", "relationship.CITES"):
            assert held[selector] == grass[selector], f"Browser holds {held.get(selector)} for {selector}"

        for _ in range(2):
            browser.next_slide(guide)
        params = browser.guide_block(guide, ":params")
        browser.run(params)
        browser.wait(
            "Browser to hold the guide's parameters",
            lambda d: (frame := browser.frame_for(params))
            and (data := frame.find_elements(By.CSS_SELECTOR, PARAM_DATA))
            and json.loads(data[0].text) == {"number": None, "title": GUIDE_REPORT},
        )
        query = browser.guide_block(guide, "MATCH (d:Document)")
        browser.run(query)
        nodes = browser.settled_graph(query)

        colour = grass["node.Document"]["color"]
        drawn = [n for n in nodes if n["fill"] == colour]
        assert len(drawn) == documents, (
            f"{len(drawn)} nodes in the Document colour {colour}, the lineage named query has {documents} "
            f"documents; nodes: {nodes}"
        )
        agencies = [n for n in nodes if n["fill"] == grass["node.Agency"]["color"]]
        assert agencies, f"no issuing body drawn in the Agency colour; nodes: {nodes}"
        assert all(n["fill"] in (colour, grass["node.Agency"]["color"]) for n in nodes), nodes
        captions = [n["caption"] for n in drawn]
        assert any(c.strip("| ").startswith(GUIDE_REPORT[:3]) for c in captions), captions
        assert all(re.search(r"[\u4e00-\u9fff]", c) for c in captions), f"captions without Chinese: {captions}"
        browser.enlarge_graph(query)
