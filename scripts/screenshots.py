"""Take the screenshots shown in the README and docs/web.md, on the demo database.

Starts ``sitrep serve`` on 127.0.0.1 and drives Debian's chromium through Playwright:
- overview.png: the page at 1280x800,
- event-panel.png: an event with a claim and its evidence marked, at 1280x800,
- incident-panel.png: the incident with the most reports (contradictions first), its
  reports and contradictions side by side, with the incident table behind, at 1280x800,
- phone.png: the page at phone width (390x844).

Run from the project root after ``make demo``:
    python scripts/screenshots.py --db out/demo.sqlite --out docs/screenshots
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from pathlib import Path

from bench_web import running_server
from playwright.sync_api import sync_playwright

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
}


def _event_with_claims(base: str) -> str:
    """The newest event that has a named claimant and several evidence spans."""
    with urllib.request.urlopen(f"{base}/api/events?limit=500&sort=-date") as response:
        events = json.loads(response.read())
    best = max(
        events,
        key=lambda e: (any(c["claimant"] for c in e["claims"]), len(e["evidence"])),
    )
    return best["event_id"]


def _incident_with_most_reports(base: str) -> str | None:
    """The merged incident with contradictions and the most reports (None if none merged)."""
    query = "min_reports=2&sort=-reports&limit=200"
    with urllib.request.urlopen(f"{base}/api/incidents?{query}") as response:
        incidents = json.loads(response.read())
    if not incidents:
        return None
    best = max(incidents, key=lambda i: (bool(i["contradictions"]), len(i["reports"])))
    return best["incident_id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("out/demo.sqlite"))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with running_server(args.db) as server, sync_playwright() as playwright:
        base = server.base
        browser = playwright.chromium.launch(**LAUNCH)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/")
        page.wait_for_selector("body[data-ready]")
        page.screenshot(path=args.out / "overview.png")
        page.goto(f"{base}/?event={_event_with_claims(base)}")
        page.wait_for_selector("#panel-body[data-event-id]")
        page.screenshot(path=args.out / "event-panel.png")
        incident = _incident_with_most_reports(base)
        if incident:
            page.goto(f"{base}/?view=incidents&sort=-reports&incident={incident}")
            page.wait_for_selector("#panel-body[data-incident-id]")
            page.screenshot(path=args.out / "incident-panel.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(f"{base}/")
        phone.wait_for_selector("body[data-ready]")
        phone.screenshot(path=args.out / "phone.png", full_page=True)
        browser.close()
    print(f"wrote the screenshots (overview, event and incident panels, phone) to {args.out}")


if __name__ == "__main__":
    main()
