"""README screenshots of the "Keep or fix" page and an asset's "which figure to trust".

    .venv/bin/python manage.py seed_demo --if-empty
    .venv/bin/python manage.py runserver 127.0.0.1:8000 &
    .venv/bin/python tests/e2e/screenshot_keep_fix.py [--base-url http://127.0.0.1:8000]

Logs in as the demo manager "helen"; saves docs/screenshot-keep-fix.png and
docs/screenshot-asset-confidence.png (the ROI model's insights page, last 12 months).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: make `tests` importable

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="helen")
    parser.add_argument("--password", default="helen-demo-pass")
    parser.add_argument("--asset", default="ROI Model Walkthrough for CFOs")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    until = datetime.date.today()
    period = f"since={until - datetime.timedelta(days=364)}&until={until}"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page.goto(f"{args.base_url}/login/")
        page.get_by_label("Username").fill(args.username)
        page.get_by_label("Password").fill(args.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")

        page.goto(f"{args.base_url}/insights/keep-or-fix/?{period}")
        page.wait_for_load_state("networkidle")
        keep_fix = args.out / "screenshot-keep-fix.png"
        page.screenshot(path=keep_fix)
        print(f"saved {keep_fix}")

        page.get_by_role("link", name=args.asset).first.click()
        page.wait_for_load_state("networkidle")
        page.locator("#reading-title").evaluate("element => element.scrollIntoView()")
        asset = args.out / "screenshot-asset-confidence.png"
        page.screenshot(path=asset)
        print(f"saved {asset}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
