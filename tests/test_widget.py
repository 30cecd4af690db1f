"""The web widget and the hotline agent page in a real browser (Debian chromium via Playwright).

Everything runs against the real Rasa server from conftest (it loads credentials.yml, so /widget/ is
served by channels/static_widget.py and the widget talks to the real socket.io channel). Needs
`bash scripts/setup_widget.sh` (chromium, vendored socket.io-client and axe-core). Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

pytestmark = pytest.mark.server


ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "widget" / "vendor" / "axe.min.js"
# --user-data-dir: Playwright gives every launch() a fresh temporary profile itself
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 20_000
TOPIC_QUESTION = "Mein Chef will mir kündigen, ich bin schwerbehindert. Darf er das ohne Weiteres?"
RECONNECT_TEXT = "Verbindung unterbrochen – wird wiederhergestellt…"
expect.set_options(timeout=TIMEOUT_MS)  # answers can take a few seconds on a busy CI machine


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("chromium oder widget/vendor fehlt: zuerst 'bash scripts/setup_widget.sh' ausführen")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                     chromium_sandbox=False)
        yield browser
        browser.close()


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    options.setdefault("locale", "de-DE")
    options.setdefault("viewport", {"width": 1280, "height": 800})
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, server) -> Page:
    page = context.new_page()
    page.goto(server.url + "/widget/")
    return page


# --------------------------------------------------------------------------- helpers


def tab_until(page: Page, predicate: str, shift: bool = False, limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the JS predicate on document.activeElement holds."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return
    raise AssertionError(f"Fokus erreicht nie: {predicate}")


def open_with_keyboard(page: Page) -> None:
    tab_until(page, "el.classList.contains('lotse-launcher')")
    page.keyboard.press("Enter")
    expect(page.locator("#lotse-panel")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "lotse-input"


def type_and_send(page: Page, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def bot(page: Page, text: str):
    return page.locator(".lotse-log .lotse-bot", has_text=text)


def wait_connected(page: Page) -> None:
    page.wait_for_function("window.LotseWidget && window.LotseWidget.socket && "
                           "window.LotseWidget.socket.connected")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate("""(() => {
        const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    })()""")


def no_horizontal_scroll(page: Page) -> None:
    sizes = page.evaluate("""(() => {
        const d = document.documentElement, p = document.querySelector('#lotse-panel');
        const r = p.getBoundingClientRect();
        return {doc: d.scrollWidth, view: d.clientWidth, panelScroll: p.scrollWidth, panel: p.clientWidth,
                left: r.left, right: r.right, inner: window.innerWidth};
    })()""")
    assert sizes["doc"] <= sizes["view"], sizes
    assert sizes["panelScroll"] <= sizes["panel"], sizes
    assert sizes["left"] >= 0 and sizes["right"] <= sizes["inner"], sizes


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return {violations: r.violations.map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.map(n => n.target.join(' '))})),
                passes: r.passes.map(p => p.id)};
    }""")
    assert "color-contrast" in result["passes"]  # the audit really looked at the page
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def greet(page: Page) -> None:
    open_with_keyboard(page)
    type_and_send(page, "Hallo")
    expect(bot(page, "Guten Tag").first).to_be_visible()


# --------------------------------------------------------------------------- static channel


@pytest.mark.parametrize("path", [
    "/widget/../credentials.yml", "/widget/%2e%2e/credentials.yml", "/widget/..%2fcredentials.yml",
    "/widget/%2e%2e%2f%2e%2e%2fetc/passwd", "/widget/package.json", "/widget/.gitignore",
    "/widget/node_modules/socket.io-client/package.json", "/widget/vendor/.lock-sha256",
])
def test_static_channel_serves_nothing_outside_the_widget(server, path):
    try:
        with urllib.request.urlopen(server.url + path, timeout=10) as resp:
            body = resp.read().decode(errors="replace")
            status = resp.status
    except urllib.error.HTTPError as err:
        status, body = err.code, ""
    assert status == 404, (path, body[:200])
    assert "socketio" not in body and "root:" not in body


def test_static_channel_serves_demo_agent_and_script(server):
    for path, marker in [("/widget/", 'lang="de"'), ("/widget/agent.html", "Fallnotiz"),
                         ("/widget/lotse-widget.js", "LotseConfig")]:
        with urllib.request.urlopen(server.url + path, timeout=10) as resp:
            assert resp.status == 200
            assert resp.headers["X-Content-Type-Options"] == "nosniff"
            assert marker in resp.read().decode()


# --------------------------------------------------------------------------- widget


def test_full_conversation_with_the_keyboard(page: Page):
    open_with_keyboard(page)
    privacy = page.locator("#lotse-privacy")
    expect(privacy).to_be_visible()
    expect(privacy).to_contain_text("keine Namen, Adressen oder Gesundheitsdaten")
    log = page.locator(".lotse-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"

    type_and_send(page, "Hallo")
    expect(bot(page, "Guten Tag").first).to_be_visible()
    expect(page.locator(".lotse-log .lotse-user", has_text="Hallo")).to_have_count(1)
    # quick replies are real buttons, reached with Shift+Tab from the input and pressed with Enter
    tab_until(page, "el.tagName === 'BUTTON' && el.textContent === 'Ich bin beschäftigt'", shift=True)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".lotse-log .lotse-user", has_text="Ich bin beschäftigt")).to_have_count(1)
    expect(bot(page, "Stellen Sie mir jetzt Ihre Frage")).to_be_visible()
    assert page.locator(".lotse-reply").count() == 0  # used suggestions disappear
    assert page.evaluate("document.activeElement.id") == "lotse-input"

    type_and_send(page, TOPIC_QUESTION)
    answer = bot(page, "§ 168 SGB IX").first
    expect(answer).to_be_visible()
    expect(page.locator(".lotse-log")).to_contain_text("Rechtsgrundlage")
    page.screenshot(path=str(ARTIFACTS / "widget-conversation.png"))


def test_keyboard_only_operation_and_escape(page: Page):
    launcher = page.locator(".lotse-launcher")
    open_with_keyboard(page)
    assert launcher.get_attribute("aria-expanded") == "true"
    # every control in the panel is reachable with the keyboard and shows a visible focus ring
    seen = []
    for key in ["Tab"] + ["Shift+Tab"] * 8:
        page.keyboard.press(key)
        info = page.evaluate("""(() => {const el = document.activeElement;
            return {inPanel: !!el.closest('#lotse-panel'),
                    name: el.getAttribute('aria-label') || el.textContent || el.id};})()""")
        if not info["inPanel"]:
            break
        assert focus_is_visible(page), info
        seen.append(info["name"].strip())
    for control in ("Senden", "lotse-input", "Gesprächsverlauf", "Chat schließen", "Gespräch neu starten",
                    "Leichte Sprache"):
        assert control in seen, seen
    page.get_by_label("Ihre Nachricht").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#lotse-panel")).to_be_hidden()
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('lotse-launcher')")
    # Space opens it again, the close button closes it and also returns focus
    page.keyboard.press("Space")
    expect(page.locator("#lotse-panel")).to_be_visible()
    page.get_by_role("button", name="Chat schließen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#lotse-panel")).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('lotse-launcher')")


def test_every_control_has_a_label_and_the_widget_is_german(page: Page):
    open_with_keyboard(page)
    assert page.locator(".lotse-root").get_attribute("lang") == "de"
    assert page.evaluate("document.documentElement.lang") == "de"
    expect(page.get_by_label("Ihre Nachricht")).to_be_visible()
    for name in ("Leichte Sprache", "Gespräch neu starten", "Chat schließen", "Senden"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("dialog", name="Teilhabe-Lotse")).to_be_visible()


def test_leichte_sprache_toggle(page: Page):
    open_with_keyboard(page)
    wait_connected(page)
    toggle = page.get_by_role("button", name="Leichte Sprache")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    expect(page.locator("#lotse-privacy")).to_contain_text("Schreiben Sie keinen Namen")
    expect(bot(page, "Ab jetzt schreibe ich in Leichter Sprache")).to_be_visible()
    page.get_by_label("Ihre Nachricht").focus()
    type_and_send(page, "Hallo")
    expect(bot(page, "Ich bin ein Computer-Programm")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "widget-leichte-sprache.png"))
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    expect(bot(page, "wieder in Standardsprache")).to_be_visible()
    expect(page.locator("#lotse-privacy")).to_contain_text("keine Namen, Adressen oder Gesundheitsdaten")


def test_reload_keeps_the_conversation_and_restart_clears_it(page: Page):
    greet(page)
    page.get_by_role("button", name="Ich bin Arbeitgeber").click()
    expect(bot(page, "Stellen Sie mir jetzt Ihre Frage")).to_be_visible()
    session_id = page.evaluate("window.LotseWidget.sessionId")
    stored = json.loads(page.evaluate("sessionStorage.getItem('lotse-widget:v1')"))
    assert stored["sessionId"] == session_id and len(stored["messages"]) >= 4

    page.reload()
    open_with_keyboard(page)
    expect(bot(page, "Guten Tag")).to_be_visible()
    expect(page.locator(".lotse-log .lotse-user", has_text="Ich bin Arbeitgeber")).to_be_visible()
    assert page.evaluate("window.LotseWidget.sessionId") == session_id
    # the server still knows the role: no role question on a second greeting in the same session
    type_and_send(page, "Hallo")
    expect(bot(page, "Guten Tag")).to_have_count(2)
    page.wait_for_timeout(500)
    assert bot(page, "Wer fragt?").count() == 1

    page.get_by_role("button", name="Gespräch neu starten").click()
    expect(page.locator(".lotse-log .lotse-msg")).to_have_count(0)
    new_id = page.evaluate("window.LotseWidget.sessionId")
    assert new_id != session_id and re.fullmatch(r"[0-9a-f]{32}", new_id)
    assert json.loads(page.evaluate("sessionStorage.getItem('lotse-widget:v1')"))["messages"] == []
    page.get_by_label("Ihre Nachricht").focus()
    type_and_send(page, "Hallo")
    expect(bot(page, "Wer fragt?")).to_be_visible()  # new session: role is asked again


def test_html_injection_is_shown_as_text(page: Page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_with_keyboard(page)
    payload = "<img src=x onerror=alert(1)>"
    type_and_send(page, payload)
    user = page.locator(".lotse-log .lotse-user .lotse-text")
    expect(user).to_have_text(payload)
    expect(page.locator(".lotse-log .lotse-bot").first).to_be_visible()  # the server answered
    assert page.locator("#lotse-panel img").count() == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.reload()
    open_with_keyboard(page)  # restored from sessionStorage: still text
    expect(page.locator(".lotse-log .lotse-user .lotse-text")).to_have_text(payload)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert dialogs == []


def test_links_in_bot_messages_open_safely(page: Page):
    open_with_keyboard(page)
    type_and_send(page, "Welches Integrationsamt ist für Bochum zuständig?")
    link = page.locator(".lotse-log .lotse-bot a").first
    expect(link).to_be_visible()
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert re.match(r"https?://", link.get_attribute("href"))
    hrefs = page.evaluate("[...document.querySelectorAll('#lotse-panel a')].map(a => a.protocol)")
    assert set(hrefs) <= {"http:", "https:"}
    assert page.locator(".lotse-log .lotse-bot br").count() > 0  # line breaks as separate nodes


@pytest.mark.parametrize("name, options", [
    ("320px", {"viewport": {"width": 320, "height": 640}}),
    # 200 % browser zoom of a 1280x720 window: half the CSS pixels, twice the device pixels
    ("zoom200", {"viewport": {"width": 640, "height": 360}, "device_scale_factor": 2}),
])
def test_reflow_without_horizontal_scrolling(browser: Browser, server, name, options):
    ctx = new_context(browser, **options)
    try:
        page = ctx.new_page()
        page.goto(server.url + "/widget/")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        greet(page)
        no_horizontal_scroll(page)
        for control in (page.get_by_label("Ihre Nachricht"), page.get_by_role("button", name="Senden"),
                        page.get_by_role("button", name="Chat schließen")):
            box = control.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= options["viewport"]["width"], name
        page.get_by_role("button", name="Ich bin Schwerbehindertenvertretung").click()
        expect(bot(page, "Stellen Sie mir jetzt Ihre Frage")).to_be_visible()
        no_horizontal_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"))
    finally:
        ctx.close()


def test_reduced_motion_switches_animations_off(browser: Browser, server):
    names = {}
    for motion in ("no-preference", "reduce"):
        ctx = new_context(browser, reduced_motion=motion)
        try:
            page = ctx.new_page()
            page.goto(server.url + "/widget/")
            open_with_keyboard(page)
            names[motion] = page.evaluate("""['#lotse-panel', '.lotse-dots'].map(
                sel => getComputedStyle(document.querySelector(sel)).animationName)""")
        finally:
            ctx.close()
    assert names["no-preference"] == ["lotse-in", "lotse-pulse"]
    assert names["reduce"] == ["none", "none"]


def test_reconnect_after_a_dropped_connection(page: Page, context: BrowserContext):
    greet(page)
    status = page.locator(".lotse-status")
    context.set_offline(True)
    page.evaluate("window.LotseWidget.socket.io.engine.close()")  # drop the live connection
    expect(status).to_have_text(RECONNECT_TEXT)
    expect(status).to_be_visible()
    page.wait_for_timeout(1500)  # reconnect attempts fail while offline
    expect(status).to_have_text(RECONNECT_TEXT)
    context.set_offline(False)
    expect(status).to_have_text("Verbindung wiederhergestellt.", timeout=15_000)
    page.get_by_label("Ihre Nachricht").focus()
    type_and_send(page, "Wie viel Zusatzurlaub steht mir zu?")
    expect(bot(page, "§ 208 SGB IX").first).to_be_visible()


def test_axe_audit_of_the_open_widget(page: Page):
    greet(page)  # audit with messages and quick-reply buttons on screen
    violations = axe_violations(page)
    page.screenshot(path=str(ARTIFACTS / "widget-open.png"))
    assert violations == []


# --------------------------------------------------------------------------- agent page


def test_agent_page_question_answer_and_case_note(browser: Browser, server):
    ctx = new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = ctx.new_page()
        senders: list[str] = []
        page.on("request", lambda r: senders.append(json.loads(r.post_data)["sender"])
                if r.url.endswith("/webhooks/rest/webhook") else None)
        page.goto(server.url + "/widget/agent.html")
        assert page.evaluate("document.documentElement.lang") == "de"
        tab_until(page, "el.id === 'question'")
        page.keyboard.type(TOPIC_QUESTION)
        tab_until(page, "el.id === 'ask-button'")
        page.keyboard.press("Enter")
        answer = page.locator("#answer")
        expect(answer).to_contain_text("§")
        expect(answer).to_contain_text("Rechtsgrundlage")
        expect(page.locator("#ask-status")).to_have_text("Die Antwort wird angezeigt.")
        assert page.evaluate("document.activeElement.id") == "answer-heading"
        note = page.get_by_label("Fallnotiz (Sie können den Text ändern)").input_value()
        assert TOPIC_QUESTION in note and "§ 168 SGB IX" in note
        assert dt.date.today().strftime("%d.%m.%Y") in note
        tab_until(page, "el.id === 'copy-button'")
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
        expect(page.locator("#copy-status")).to_have_text(
            "Die Fallnotiz wurde in die Zwischenablage kopiert.")
        assert page.evaluate("navigator.clipboard.readText()") == note
        page.screenshot(path=str(ARTIFACTS / "agent.png"), full_page=True)
        violations = axe_violations(page)
        assert violations == []
        # a second question is a new conversation with a fresh sender
        page.get_by_label("Frage der anrufenden Person").fill(
            "Welches Integrationsamt ist für Bochum zuständig?")
        page.get_by_role("button", name="Antwort anzeigen").click()
        expect(answer).to_contain_text("Westfalen-Lippe")
        assert len(senders) == 2 and senders[0] != senders[1]
    finally:
        ctx.close()


def test_agent_page_empty_question_and_reflow(browser: Browser, server):
    ctx = new_context(browser, viewport={"width": 320, "height": 640})
    try:
        page = ctx.new_page()
        page.goto(server.url + "/widget/agent.html")
        page.get_by_role("button", name="Antwort anzeigen").click()
        expect(page.locator("#ask-status")).to_have_text("Bitte geben Sie zuerst eine Frage ein.")
        assert page.evaluate("document.activeElement.id") == "question"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.screenshot(path=str(ARTIFACTS / "agent-320px.png"), full_page=True)
    finally:
        ctx.close()


# --------------------------------------------------------------------------- duties (AI Act, BITV)


def test_widget_says_it_is_automated_and_links_accessibility_leichte_sprache_and_dgs(page: Page):
    open_with_keyboard(page)
    expect(page.locator(".lotse-intro")).to_contain_text("nicht mit einem Menschen")
    links = page.locator(".lotse-links a")
    expect(links).to_have_count(3)
    targets = {}
    for i in range(3):
        link = links.nth(i)
        assert link.get_attribute("rel") == "noopener noreferrer"
        targets[link.evaluate("a => a.firstChild.textContent")] = link.get_attribute("href")
    assert set(targets) == {"Barrierefreiheit", "Infos in Leichter Sprache", "Gebärdensprache (DGS)"}
    for name, marker in [("Barrierefreiheit", "Barrieren melden"), ("Gebärdensprache (DGS)", "ohne Telefon"),
                         ("Infos in Leichter Sprache", "kein Mensch")]:
        sub = page.context.new_page()
        sub.goto(targets[name])
        assert sub.evaluate("document.documentElement.lang") == "de"
        expect(sub.locator("main")).to_contain_text(marker)
        assert not axe_violations(sub), name
        sub.close()
    # the links are reachable with the keyboard after the send button
    page.get_by_role("button", name="Senden").focus()
    page.keyboard.press("Tab")
    assert "Barrierefreiheit" in page.evaluate("document.activeElement.textContent")
