"""Screenshots for the README, taken in headless Chromium against a running server.

    .venv/bin/python manage.py seed_demo --if-empty
    .venv/bin/python manage.py runserver 127.0.0.1:8000 &
    .venv/bin/python tests/e2e/screenshot.py [--base-url http://127.0.0.1:8000]

Logs in as the demo rep "riley" and saves docs/screenshot-library.png and
docs/screenshot-asset.png (a case study page).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: make `tests` importable

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="riley")
    parser.add_argument("--password", default="riley-demo-pass")
    parser.add_argument("--asset", default="Harborview Health", help="Link text to open.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page.goto(f"{args.base_url}/login/")
        page.get_by_label("Username").fill(args.username)
        page.get_by_label("Password").fill(args.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/library/**")
        page.wait_for_load_state("networkidle")
        library_path = args.out / "screenshot-library.png"
        page.screenshot(path=library_path)
        print(f"saved {library_path}")

        page.goto(f"{args.base_url}/library/?{urlencode({'q': args.asset})}")
        page.get_by_role("link", name=args.asset).first.click()
        page.wait_for_load_state("networkidle")
        # The viewer's page images load lazily: bring them into view before a full-page shot.
        for image in page.locator(".viewer img").all():
            image.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        asset_path = args.out / "screenshot-asset.png"
        page.screenshot(path=asset_path, full_page=True)
        print(f"saved {asset_path}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
