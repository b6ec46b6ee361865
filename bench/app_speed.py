"""Speed of the live page as a person sees it, in headless Chromium on this machine.

    python -m bench.app_speed        # prints a table, writes bench/results/app_speed.json
    python -m bench.app_speed --view Gradients   # the same with that "Look inside" view open:
                                                 # writes bench/results/app_speed-gradients.json
    python -m bench.app_speed --view "Linear regions" --link activation=relu

Starts the app, opens it at 1280×720 and reports:
* seconds from page load to the first complete frame (all three charts drawn);
* frames per second actually displayed while training with every view visible
  (default speed, 20 epochs per frame), counted by the charts themselves (each
  redraw increments ``data-frames``); the slowest chart's rate is reported;
* epochs per second trained on 200 moons points with one hidden layer of 8, at
  the fastest speed setting;
* seconds from choosing a learning rate to the page showing the new rate in
  the settings line, which the server writes after applying it.
"""
import argparse
import json
import pathlib
import statistics
import time

from playwright.sync_api import sync_playwright

from harness.browser import launch_chromium, press
from harness.server import running_app

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "app_speed.json"
FRAMES = "() => [...document.querySelectorAll('.live-plot')].map(p => Number(p.dataset.frames || 0))"
EPOCH = ("() => Number((document.querySelector('[data-stat=\"epoch\"]')?.innerText || '0')"
         ".replace(/,/g, ''))")
TARGETS = {"fps": 10, "epochs_per_second": 2000, "first_frame_s": 3.0, "slider_response_s": 0.5}


def press_keys(page, slider_name, key, times):
    slider = page.get_by_role("slider", name=slider_name)
    slider.focus()
    for _ in range(times):
        slider.press(key)


def open_inside_view(page, label):
    """Open the "Look inside" view ``label`` and wait until its chart, a fourth, is drawn."""
    page.locator(".st-key-inside button").filter(has_text=label).first.click()
    page.wait_for_function(f"() => ({FRAMES})().filter(n => n > 0).length === 4", timeout=60_000)
    page.locator(".st-key-inside-view").scroll_into_view_if_needed()  # where a lecturer would look


def measure(page, url, seconds=8.0, view=None):
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(f"() => ({FRAMES})().filter(n => n > 0).length === 3", timeout=60_000)
    first_frame = time.perf_counter() - start
    press_keys(page, "Hidden neurons (layer 1)", "ArrowRight", 5)   # Britz preset: 3 -> 8 neurons
    page.wait_for_timeout(1500)
    if view:
        open_inside_view(page, view)
    press(page, "Play")                                        # default speed: 20 epochs per frame
    page.wait_for_timeout(1500)
    f0, t0 = page.evaluate(FRAMES), time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    f1, t1 = page.evaluate(FRAMES), time.perf_counter()
    fps = [(b - a) / (t1 - t0) for a, b in zip(f0, f1)]
    press_keys(page, "Speed (epochs per frame)", "ArrowRight", 4)   # 20 -> 500 epochs per frame
    page.wait_for_timeout(1500)
    e0, t0 = page.evaluate(EPOCH), time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    e1, t1 = page.evaluate(EPOCH), time.perf_counter()
    responses = []
    for step in range(3):  # learning rate 0.01 -> 0.03 -> 0.1 -> 0.3, while playing
        wanted = ("0.03", "0.1", "0.3")[step]
        page.get_by_label("Learning rate").first.click()
        t = time.perf_counter()
        page.get_by_role("option", name=wanted, exact=True).click()
        page.wait_for_function("(lr) => document.body.innerText.includes('learning rate ' + lr + ' ')",
                               arg=wanted, timeout=30_000)
        responses.append(time.perf_counter() - t)
        page.wait_for_timeout(700)
    press(page, "Pause")
    return {"first_frame_s": round(first_frame, 2), "fps": round(min(fps), 1),
            "fps_per_chart": [round(f, 1) for f in fps],
            "epochs_per_second": round((e1 - e0) / (t1 - t0)),
            "slider_response_s": round(statistics.median(responses), 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--view", help='a "Look inside" view to open before measuring, by its label (e.g. Gradients)')
    parser.add_argument("--link", default="", help="the settings' query string to open, e.g. activation=relu")
    args = parser.parse_args()
    view = args.view
    with running_app() as url, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)  # a first visit warms the server's imports; the measured one is the second
        page.wait_for_function(f"() => ({FRAMES})().filter(n => n > 0).length === 3", timeout=60_000)
        page.close()
        results = measure(browser.new_page(viewport={"width": 1280, "height": 720}),
                          url + ("/?" + args.link if args.link else ""), view=view)
        browser.close()
    results["view"] = view
    results["targets"] = TARGETS
    results["met"] = {"fps": results["fps"] >= TARGETS["fps"],
                      "epochs_per_second": results["epochs_per_second"] >= TARGETS["epochs_per_second"],
                      "first_frame_s": results["first_frame_s"] <= TARGETS["first_frame_s"],
                      "slider_response_s": results["slider_response_s"] <= TARGETS["slider_response_s"]}
    for name, value in results.items():
        if name not in ("view", "targets", "met"):
            print(f"{name:>20}: {value}")
    print("met:", results["met"])
    written = RESULTS.with_name(f"app_speed-{view.lower().replace(' ', '-')}.json") if view else RESULTS
    written.parent.mkdir(exist_ok=True)
    written.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
