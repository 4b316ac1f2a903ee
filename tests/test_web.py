"""The web page in a real browser (Debian's chromium through Playwright): it loads with
nothing from the network, filters, brushes the timeline, opens events from markers and
rows, renders hostile text as text, and works from the keyboard and on a phone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from web_fixture import (
    BIDI_ACTOR,
    HOSTILE_ACTOR,
    HOSTILE_SENTENCE,
    HOSTILE_TITLE,
    KHARKIV_EVENTS,
    build_database,
    serving,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_database(tmp_path_factory.mktemp("web") / "events.sqlite")
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def incident_server(tmp_path_factory):
    """A server whose database has one incident reported by two outlets with two tolls."""
    db = build_database(
        tmp_path_factory.mktemp("web-incident") / "events.sqlite", second_report=True
    )
    with serving(db) as url:
        yield url


class _Watch:
    """Requests that left 127.0.0.1 (refused) and errors the page logged."""

    def __init__(self, page: Page) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


def _open(page: Page, url: str) -> _Watch:
    watch = _Watch(page)
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=15_000)
    return watch


def _table_ids(page: Page) -> list[str]:
    return page.locator("#events-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.eventId)"
    )


def test_page_loads_everything_locally(page: Page, server):
    page.set_viewport_size({"width": 1280, "height": 800})
    watch = _open(page, f"{server}/")
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1  # country boundaries
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() >= 3
    assert sorted(_table_ids(page)) == sorted(
        ["kharkiv-e1", "kharkiv-e2", "fasher-e1", "nairobi-e1", "hostile-e1"]
    )
    expect(page.locator("#summary")).to_have_text("5 events match")
    assert page.locator("#timeline .bars rect").count() == 5
    assert page.locator("#legend li").count() == 6
    assert page.locator("select[name=verification] option").all_inner_texts() == [
        "any", "reported (3)", "claimed (1)", "contested (1)"
    ]  # fmt: skip
    # the table fits the window at 1280x800 without a page-level scroll bar
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert watch.outside == [] and watch.errors == []


def test_filters_narrow_table_map_and_timeline(page: Page, server):
    _open(page, f"{server}/")
    page.select_option("select[name=type]", "Violence against civilians")
    expect(page.locator("#summary")).to_have_text("2 events match")
    assert sorted(_table_ids(page)) == ["fasher-e1", "hostile-e1"]
    expect(page.locator("#timeline .bars rect")).to_have_count(2)
    assert "type=Violence+against+civilians" in page.url
    page.fill("input[name=actor]", "RSF")
    page.press("input[name=actor]", "Enter")
    expect(page.locator("#summary")).to_have_text("1 event match")
    assert _table_ids(page) == ["fasher-e1"]
    assert page.locator(".leaflet-marker-icon").count() == 1
    page.click("button[type=reset]")
    expect(page.locator("#summary")).to_have_text("5 events match")


def test_brushing_the_timeline_sets_the_date_range(page: Page, server):
    _open(page, f"{server}/")
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    expect(page.locator("#summary")).to_have_text("4 events match")
    since = page.input_value("input[name=since]")
    until = page.input_value("input[name=until]")
    assert "2023-11-09" < since <= "2024-03-18" and until >= "2024-05-01"
    assert "nairobi-e1" not in _table_ids(page)
    assert page.locator("#timeline .brush").count() == 1
    # a click without dragging clears the range
    page.mouse.click(box["x"] + 5, y)
    expect(page.locator("#summary")).to_have_text("5 events match")
    assert page.input_value("input[name=since]") == ""


def test_a_marker_opens_the_event_panel(page: Page, server):
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, f"{server}/")
    page.click(".leaflet-marker-icon[data-event-id='fasher-e1']")
    panel = page.locator("#panel-body[data-event-id='fasher-e1']")
    expect(panel).to_be_visible()
    expect(page.locator("#panel-heading")).to_have_text("Attack")
    claim = panel.locator(".claim")
    expect(claim.locator(".claimant")).to_have_text("Rapid Support Forces")
    expect(claim.locator(".stance")).to_have_text("denied")
    marks = panel.locator(".sentence mark")
    assert marks.evaluate_all("ms => ms.map(m => [m.textContent, m.dataset.fields])") == [
        ["RSF fighters", "actor 1"],
        ["attacked", "event type"],
        ["El Fasher", "location"],
        ["a charge the RSF denied", "claim"],
    ]
    assert "event=fasher-e1" in page.url
    page.locator("#events-table tbody tr[data-event-id='fasher-e1']").evaluate(
        "row => row.classList.contains('selected')"
    )


def test_a_cluster_zooms_in_until_its_events_separate(page: Page, server):
    _open(page, f"{server}/?country=UA")
    cluster = page.locator(".leaflet-marker-icon[data-count='3']")
    if cluster.count():  # the first view may already separate them
        cluster.click()
    expect(page.locator(".leaflet-marker-icon[data-event-id='hostile-e1']")).to_have_count(1)


def test_hostile_text_renders_as_text(page: Page, server):
    watch = _open(page, f"{server}/?event=hostile-e1")
    panel = page.locator("#panel-body[data-event-id='hostile-e1']")
    expect(panel).to_be_visible()
    row = page.locator("#events-table tbody tr[data-event-id='hostile-e1']")
    cells = row.locator("td")
    assert cells.nth(3).text_content() == HOSTILE_ACTOR
    assert cells.nth(4).text_content() == BIDI_ACTOR
    assert cells.nth(4).evaluate("td => getComputedStyle(td).unicodeBidi") == "isolate"
    assert panel.locator(".sentence").text_content() == HOSTILE_SENTENCE
    assert panel.locator(".source bdi").text_content() == HOSTILE_TITLE
    assert panel.locator(".source a").count() == 0  # a javascript: URL is not linked
    assert panel.locator(".claimant").text_content() == '<img src=x onerror="window.__pwned=1">'
    panel.get_by_role("button", name="Read the whole article").click()
    expect(panel.locator(".article-text")).to_contain_text("<script>")
    page.fill("input[name=actor]", "gnp")
    page.wait_for_timeout(400)  # the actor suggestions arrive
    assert page.evaluate("document.querySelectorAll('body script, body img').length") == 0
    assert page.evaluate("window.__pwned") is None
    assert watch.errors == []


def test_keyboard_opens_and_closes_events(page: Page, server):
    _open(page, f"{server}/")
    page.focus("#events-table tbody tr[data-event-id='nairobi-e1'] button")
    page.keyboard.press("Enter")
    expect(page.locator("#panel-body[data-event-id='nairobi-e1']")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "panel"
    page.keyboard.press("Escape")
    expect(page.locator("#panel-body[data-event-id]")).to_have_count(0)
    marker = page.locator(".leaflet-marker-icon[data-event-id='nairobi-e1']")
    assert marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#panel-body[data-event-id='nairobi-e1']")).to_be_visible()
    page.focus("#events-table th[data-sort=fatalities] button")
    page.keyboard.press("Enter")
    expect(page.locator("#events-table th[data-sort=fatalities]")).to_have_attribute(
        "aria-sort", "ascending"
    )


def test_phone_width(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    _open(page, f"{server}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#events-table tbody tr[data-event-id='kharkiv-e1'] button")
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box is not None and box["width"] == 390  # the panel covers the screen
    page.click("#close-panel")
    expect(panel).to_be_hidden()
    context.close()


def test_api_docs_load_without_a_cdn(page: Page, server):
    watch = _Watch(page)
    page.goto(f"{server}/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert watch.outside == []


def _incident_panel_shows_both_sides(page: Page) -> None:
    panel = page.locator("#panel-body[data-incident-id]")
    expect(panel).to_be_visible()
    expect(page.locator("#panel-heading")).to_contain_text("incident")
    toll = panel.locator(".contradiction-table tr[data-field='fatalities']")
    expect(toll.locator("th")).to_have_text("Death toll")
    sides = toll.locator("td.side")
    expect(sides).to_have_count(2)
    # one column per figure, in report order (same day: by event id), each with its source
    givers = sides.locator(".givers")
    assert sides.nth(0).locator(".value").text_content() == "5"
    assert givers.nth(0).text_content() == "Wire B (regional governor <b>Oleh</b>)"
    assert sides.nth(1).locator(".value").text_content() == "3"
    assert givers.nth(1).text_content() == "Wire A (officials)"
    facts = panel.locator(".facts").text_content() or ""
    assert "3–5" in facts and "contested" in facts and "2 reports from 2 outlets" in facts
    reports = panel.locator(".report")
    assert reports.evaluate_all("rs => rs.map(r => r.dataset.eventId)") == KHARKIV_EVENTS
    first = reports.nth(0)
    expect(first.locator(".outlet")).to_have_text("Wire B")
    expect(first.locator(".claimant")).to_have_text("regional governor <b>Oleh</b>")
    expect(first.locator(".stance")).to_have_text("asserted")
    marks = first.locator(".sentence mark[data-fields~='fatalities']")
    expect(marks).to_have_text("killing 5")
    assert page.evaluate("document.querySelectorAll('#panel b, #panel script').length") == 0


def test_an_event_opens_its_incident_with_contradictions_side_by_side(page: Page, incident_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    watch = _open(page, f"{incident_server}/?event=kharkiv-e1")
    expect(page.locator("#panel-body[data-event-id='kharkiv-e1']")).to_be_visible()
    page.get_by_role("button", name="Show the incident").click()
    _incident_panel_shows_both_sides(page)
    assert "incident=" in page.url and "event=" not in page.url
    # back to one report, from the keyboard
    page.locator(".report[data-event-id='kharkiv-e1'] button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#panel-body[data-event-id='kharkiv-e1']")).to_be_visible()
    assert watch.errors == [] and watch.outside == []


def test_the_incident_table_opens_incidents_from_the_keyboard(page: Page, incident_server):
    _open(page, f"{incident_server}/")
    page.get_by_role("button", name="Incidents", exact=True).click()
    expect(page.locator("#summary")).to_have_text("5 incidents match")
    expect(page.locator("#table-heading")).to_have_text("Incidents")
    assert page.locator("#events-table").is_hidden()
    rows = page.locator("#incidents-table tbody tr")
    expect(rows).to_have_count(5)
    merged = rows.filter(has_text="Wire A; Wire B")
    cells = merged.locator("td")
    assert cells.nth(3).text_content() == "2" and cells.nth(4).text_content() == "3–5"
    assert "view=incidents" in page.url
    page.focus("#incidents-table th[data-sort=reports] button")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # most reports first
    expect(page.locator("#incidents-table th[data-sort=reports]")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(rows.first).to_contain_text("Wire A; Wire B")
    rows.first.locator("button").focus()
    page.keyboard.press("Enter")
    _incident_panel_shows_both_sides(page)
    assert rows.first.evaluate("row => row.classList.contains('selected')")
    page.keyboard.press("Escape")
    expect(page.locator("#panel-body[data-incident-id]")).to_have_count(0)
    # a shared link reopens the same view
    page.reload()
    page.wait_for_selector("body[data-ready]")
    expect(page.locator("#incidents-table")).to_be_visible()
