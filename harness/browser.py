"""Headless Chromium as the tests and the page-speed benchmark drive it:
Debian's, since Playwright cannot download its own browser here."""
import os
import shutil

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    raise RuntimeError("Chromium not found: install Debian's chromium package (make test does)")


def launch_chromium(playwright):
    """A headless Chromium browser from a started Playwright (``sync_playwright()``)."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def press(page, label):
    """Play or Pause: one two-way switch on every live page (ui.controls.play_switch)."""
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button').filter(has_text=label).first.click()
