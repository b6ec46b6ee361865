"""Browser tests in real headless Chromium: the page as a person uses it.

Screenshots go to tests/screenshots/.  The live charts count their own
redraws in ``data-frames`` (ui/live_chart.py), which is how these tests tell
a chart that was redrawn from one that merely exists.
"""
import json
import re
import time

import pytest
from playwright.sync_api import expect

from harness.browser import press
from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

SAMPLE = """() => {
  const plots = [...document.querySelectorAll('.live-plot')];
  return {
    drawn: plots.filter(p => p.querySelector('.main-svg') && p.getBoundingClientRect().height > 50).length,
    frames: plots.map(p => Number(p.dataset.frames || 0)),
    boundary: (plots[0] && plots[0].layout && plots[0].layout.images || []).map(i => i.source.length + i.source.slice(-40)).join(),
    epoch: document.querySelector('[data-stat="epoch"]')?.innerText,
    errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length,
  };
}"""


# The page at rest: connected, no script running, the numbers and the loss
# chart at the same epoch, no Pause the server has yet to act on (Pause is
# chosen in the browser at once, while the page the server drew still says it
# plays: the Rewind slider's "Pause to rewind" line), and no control disabled
# but those that must be (a number input's − at its minimum; Rewind with one
# epoch to rewind to).
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const loss = [...document.querySelectorAll('.live-plot')][2];
  const x = loss?.data?.[0]?.x || [];
  const shown = document.querySelector('[data-stat="epoch"]')?.innerText;
  const disabled = [...document.querySelectorAll('button:disabled, input:disabled, [aria-disabled="true"]')]
    .filter(e => e.offsetParent !== null && e.getAttribute('aria-label') !== 'Decrement'
                 && !(shown === '0' && e.closest('[data-testid="stSlider"]')?.innerText.includes('Rewind')))
    .map(e => (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().slice(0, 30));
  const pauseChosen = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stButtonGroup"] button[aria-checked="true"]')]
    .some(b => b.innerText.includes('Pause'));
  const drawnPlaying = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .some(c => c.innerText.includes('Pause to rewind'));
  return {connection: app?.dataset.testConnectionState, script: app?.dataset.testScriptState,
          pausePending: pauseChosen && drawnPlaying,
          epoch: shown === undefined ? null : Number(shown.replace(/,/g, '')), lossX: x[x.length - 1],
          disabled,
          errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length};
}"""


def settled(page, allowed=(), timeout=60_000):
    """Wait (up to ``timeout`` ms) for the page at rest (SETTLED), with no control
    disabled but those named in ``allowed``, and return what it shows."""
    predicate = ("(allowed) => { const s = (" + SETTLED + ")(); return s.connection === 'CONNECTED' && "
                 "s.script === 'notRunning' && !s.pausePending && s.epoch !== null && s.epoch === s.lossX && "
                 "s.disabled.every(name => allowed.some(a => name.includes(a))); }")
    try:
        page.wait_for_function(predicate, arg=list(allowed), timeout=timeout)
    except Exception:
        pytest.fail(f"the page did not settle: {page.evaluate(SETTLED)}")
    return page.evaluate(SETTLED)


# The own points' uploader (the sidebar has another: a saved network's).
POINTS_UPLOADER = "[data-testid='stFileUploader']:has-text('Upload points') input[type='file']"


def chosen(page, label):
    """The Play/Pause option shown as chosen."""
    return page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button[aria-checked="true"]').filter(
        has_text=label)


def open_app(page):
    page.goto(page.app_url)
    # The charts and the numbers: Streamlit draws its Markdown (the numbers) a little after
    # the charts on a page's first load, now that plotly.js is loading as the page opens.
    page.wait_for_function("() => [...document.querySelectorAll('.live-plot')]"
                           ".filter(p => Number(p.dataset.frames || 0) > 0).length === 3 && "
                           "document.querySelector('[data-stat=\"epoch\"]')", timeout=60_000)
    return page.evaluate(SAMPLE)


def sample_while(page, seconds, every_ms=40):
    samples, end = [], time.time() + seconds
    while time.time() < end:
        samples.append(page.evaluate(SAMPLE))
        page.wait_for_timeout(every_ms)
    return samples


def epoch(sample):
    return int(sample["epoch"].replace(",", ""))


def shown_epoch(page):
    """The epoch the stats show, once they are on the page (a rebuild's full run
    can briefly leave none, so a sample taken then has no epoch)."""
    shown = page.wait_for_function("() => document.querySelector('[data-stat=\"epoch\"]')?.innerText",
                                   timeout=60_000)
    return int(shown.json_value().replace(",", ""))


def test_smoke_page_serves_all_views(page):
    """Also run against the container (APP_URL) by tests/test_container.py."""
    first = open_app(page)
    assert first["drawn"] == 3 and first["errors"] == 0 and epoch(first) == 0
    page.screenshot(path=SCREENSHOTS / "01-opened.png")
    assert page.js_errors == []


def test_play_trains_live_without_blank_panels_then_pause_stops(page):
    before = open_app(page)
    press(page, "Play")
    samples = sample_while(page, 4.0)
    page.screenshot(path=SCREENSHOTS / "02-playing-moons.png")
    last = next(s for s in reversed(samples) if s["epoch"])  # a sample taken mid-run may have no numbers
    assert min(s["drawn"] for s in samples) == 3, "a panel was blank between frames"
    assert max(s["errors"] for s in samples) == 0
    assert epoch(last) > epoch(before) + 100
    assert all(after >= b + 5 for after, b in zip(last["frames"], before["frames"])), last["frames"]
    assert last["boundary"] != before["boundary"]
    press(page, "Pause")
    paused = settled(page)["epoch"]
    page.wait_for_timeout(800)  # time for a frame that should not come
    assert shown_epoch(page) == paused
    assert page.js_errors == []


def test_step_and_reset(page):
    open_app(page)
    page.get_by_role("button", name="Step").click()
    page.wait_for_function("() => document.querySelector('[data-stat=\"epoch\"]').innerText === '1'")
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function("() => document.querySelector('[data-stat=\"epoch\"]').innerText === '0'")
    assert page.evaluate(SAMPLE)["errors"] == 0


def wait_epoch_above(page, value):
    # (A rebuild's full rerun can briefly leave no metric on the page, hence "?.".)
    page.wait_for_function("(v) => Number((document.querySelector('[data-stat=\"epoch\"]')"
                           "?.innerText || '0').replace(/,/g, '')) > v", arg=value, timeout=60_000)


def choose(page, label, option):
    """Pick ``option`` in the select box labelled ``label``."""
    page.get_by_label(label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_learning_rate_change_while_playing_keeps_training_from_the_same_weights(page):
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 200)
    choose(page, "Learning rate", "0.03")  # from 0.01, while training runs
    page.wait_for_function("() => document.querySelector('.nn-note')?.innerText.startsWith('learning rate 0.03 ')")
    reached = shown_epoch(page)
    wait_epoch_above(page, reached + 100)  # kept training: no restart from epoch 0
    samples = sample_while(page, 1.0)
    assert min(s["drawn"] for s in samples) == 3 and max(s["errors"] for s in samples) == 0
    assert min(epoch(s) for s in samples) >= reached
    press(page, "Pause")
    assert page.js_errors == []


def test_dataset_switch_rebuilds_and_keeps_playing_cleanly(page):
    open_app(page)
    choose(page, "Data set", "Circles (TF Playground)")
    expect(page.get_by_label("Data set")).to_have_value("Circles (TF Playground)")
    press(page, "Play")
    wait_epoch_above(page, 100)
    page.screenshot(path=SCREENSHOTS / "04-playing-circles.png")
    # The axes span the new plane, exactly where the output image is drawn.
    fit = page.evaluate("""() => { const p = document.querySelector('.live-plot'), im = p.layout.images[0];
        return {x: p._fullLayout.xaxis.range, y: p._fullLayout.yaxis.range,
                ix: [im.x, im.x + im.sizex], iy: [im.y - im.sizey, im.y]}; }""")
    assert fit["x"] == pytest.approx(fit["ix"], abs=1e-6) and fit["y"] == pytest.approx(fit["iy"], abs=1e-6)
    press(page, "Pause")
    assert page.evaluate(SAMPLE)["errors"] == 0 and page.js_errors == []


def test_xor_solved_is_separable_in_the_hidden_space_view(page):
    open_app(page)
    page.get_by_role("button", name="XOR tutorial").click()
    expect(page.get_by_label("Data set")).to_have_value("XOR (four points)")
    seed = page.get_by_role("spinbutton", name="Seed for the weights")
    seed.fill("3")  # the tutorial's seed 42 gets stuck; seed 3 solves XOR
    seed.press("Enter")
    page.get_by_text("Hidden space", exact=True).click()
    page.wait_for_function("() => document.body.innerText.includes('Data as the hidden layer sees it')")
    page.get_by_label("Speed (epochs per frame)").focus()
    for _ in range(4):
        page.get_by_role("slider", name="Speed (epochs per frame)").press("ArrowRight")  # 20 -> 500
    press(page, "Play")
    page.wait_for_function("() => document.querySelector('[data-stat=\"train-acc\"]')?.innerText === '100.0%'",
                           timeout=90_000)
    page.wait_for_timeout(500)
    page.screenshot(path=SCREENSHOTS / "05-xor-solved-hidden-space.png")
    press(page, "Pause")
    hidden = page.evaluate("() => { const p = [...document.querySelectorAll('.live-plot')][1];"
                           " return {title: p.layout.title.text, traces: p.data.map(t => t.type)}; }")
    assert hidden["title"] == "Data as the hidden layer sees it"
    assert "scatter" in hidden["traces"] and page.js_errors == []


def test_moons_with_three_hidden_neurons_shows_every_view(page):
    open_app(page)  # the Britz preset: moons, hidden size 3
    press(page, "Play")
    wait_epoch_above(page, 400)
    page.screenshot(path=SCREENSHOTS / "06-moons-network.png")
    page.get_by_text("Hidden space", exact=True).click()
    page.wait_for_function("() => [...document.querySelectorAll('.live-plot')][1]?.data?.[0]?.type === 'scatter3d'")
    page.wait_for_timeout(1500)
    page.screenshot(path=SCREENSHOTS / "07-moons-hidden-space-3d.png")
    press(page, "Pause")
    assert page.evaluate(SAMPLE)["errors"] == 0 and page.js_errors == []


def test_dark_theme_charts_use_light_text(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="dark")
    page = context.new_page()
    page.app_url = app_url
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 60)
    page.screenshot(path=SCREENSHOTS / "08-dark-theme.png")
    colours = page.evaluate("() => [...document.querySelectorAll('.live-plot')].map(p => p.layout.font.color)")
    press(page, "Pause")
    context.close()
    for colour in colours:  # "rgb(r, g, b)" of the theme's text: light on a dark page
        assert sum(int(c) for c in colour[4:-1].split(",")) > 3 * 180, colour


def test_tutorials_page_shows_xor_stuck_then_fixed(page):
    page.goto(page.app_url + "/tutorials")
    page.wait_for_function("() => document.body.innerText.includes('Accuracy after 10,000 epochs')",
                           timeout=60_000)
    expect(page.get_by_text("50%", exact=True)).to_be_visible()
    page.get_by_text("Another seed (3)", exact=True).click()
    expect(page.get_by_text("100%", exact=True)).to_be_visible(timeout=30_000)
    page.wait_for_timeout(800)
    page.screenshot(path=SCREENSHOTS / "09-tutorial-xor-fixed.png")
    page.get_by_text("Britz: tanh and softmax on two moons").click()
    expect(page.get_by_text("The loss as the article prints it")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0 and page.js_errors == []


def test_presenter_mode_is_large_and_keeps_training(page):
    open_app(page)
    page.locator(".st-key-presenter label").click()  # the switch beside Play
    page.wait_for_function("() => document.querySelector('.live-plot').layout.font.size > 18")
    press(page, "Play")
    wait_epoch_above(page, 100)
    page.screenshot(path=SCREENSHOTS / "10-presenter-mode.png")
    press(page, "Pause")
    assert page.get_by_label("Optimizer").count() == 0  # advanced controls hidden
    assert page.evaluate(SAMPLE)["errors"] == 0 and page.js_errors == []


def test_a_deep_link_opened_first_after_a_restart_gets_the_full_app(browser):
    from harness.server import running_app
    with running_app() as url:  # this server's very first request is the deep link
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url + "/tutorials")
        expect(page.get_by_text("The tutorials, run as written")).to_be_visible(timeout=60_000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("link", name="Playground")).to_be_visible(timeout=30_000)
        expect(sidebar.get_by_role("link", name="Tutorials")).to_be_visible()
        expect(sidebar.get_by_role("link", name="app", exact=True)).to_have_count(0)  # no bare legacy page
        page.get_by_role("link", name="Playground").click()
        page.wait_for_function("() => document.querySelectorAll('.live-plot').length === 3", timeout=60_000)
        page.close()


def test_seeds_page_shows_every_run(page):
    page.goto(page.app_url + "/seeds")
    page.get_by_role("button", name="Train every seed").click()
    # The seeds train a slice per frame; the page shows every run once the last has finished.
    expect(page.get_by_text("20 of 20 seeds trained")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Boundaries, one run per seed")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("of 20 seeds (")).to_be_visible()
    page.wait_for_timeout(1000)
    page.screenshot(path=SCREENSHOTS / "11-seeds.png", full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0 and page.js_errors == []


def point_counts(page):
    """Training points per class on the boundary chart."""
    page.wait_for_function("() => document.querySelector('.live-plot')?.data")
    return page.evaluate("() => document.querySelector('.live-plot').data"
                         ".filter(t => t.type === 'scatter' && t.name?.startsWith('class')).map(t => t.x.length)")


def brush(page, label):
    """Choose what a click on the plane does, and let the server hear of it first."""
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text(label, exact=True).click()
    expect(sidebar.locator('button[aria-checked="true"]').filter(has_text=label)).to_be_visible()
    page.wait_for_timeout(700)


def test_own_points_by_click_and_by_csv_upload(page, tmp_path):
    page.goto(page.app_url + "/?dataset=xor&hidden=4&lr=1")
    page.wait_for_function("() => document.querySelectorAll('.live-plot').length === 3", timeout=60_000)
    choose(page, "Data set", "Your own points")
    page.wait_for_function("() => document.querySelector('.live-plot .nsewdrag')", timeout=30_000)
    page.wait_for_timeout(500)
    assert point_counts(page) == [2, 2]  # the XOR points, ready to edit
    area = page.locator(".live-plot").first.locator(".nsewdrag").bounding_box()
    page.mouse.click(area["x"] + 0.2 * area["width"], area["y"] + 0.3 * area["height"])
    page.wait_for_function("() => document.querySelector('.live-plot').data"
                           ".filter(t => t.name === 'class 1')[0]?.x.length === 3")
    brush(page, "Class 0")
    page.mouse.click(area["x"] + 0.8 * area["width"], area["y"] + 0.8 * area["height"])
    page.wait_for_function("() => document.querySelector('.live-plot').data"
                           ".filter(t => t.name === 'class 0')[0]?.x.length === 3")
    brush(page, "Remove")
    page.mouse.click(area["x"] + 0.2 * area["width"], area["y"] + 0.3 * area["height"])  # the class-1 point added first
    page.wait_for_function("() => document.querySelector('.live-plot').data"
                           ".filter(t => t.name === 'class 1')[0]?.x.length === 2")
    brush(page, "Class 1")
    page.mouse.click(area["x"] + 0.2 * area["width"], area["y"] + 0.3 * area["height"])
    page.wait_for_function("() => document.querySelector('.live-plot').data"
                           ".filter(t => t.name === 'class 1')[0]?.x.length === 3")
    press(page, "Play")
    wait_epoch_above(page, 50)
    page.screenshot(path=SCREENSHOTS / "12-own-points.png")
    press(page, "Pause")
    # Each run serves its download under a new address and drops the last one:
    # a click while Pause's run is drawing would fetch a file already gone.
    settled(page, allowed=("Noise", "Points", "Regenerate"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download points (CSV)").click()
    rows = open(download.value.path()).read().splitlines()
    assert rows[0] == "x,y,label" and len(rows) == 7

    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"0,0,0\n" * (6 * 2**20 // 6 + 1))  # over the 5 MB upload limit
    page.locator(POINTS_UPLOADER).set_input_files(str(huge))
    expect(page.get_by_text(re.compile(r"File must be 5(\.0)? ?MB or smaller"))).to_be_visible()
    assert point_counts(page) == [3, 3]
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n1,2,0\n3,oops,1\n")
    page.locator(POINTS_UPLOADER).set_input_files(str(bad))
    expect(page.get_by_text("bad.csv cannot be used: line 3, column y: 'oops' is not a number")).to_be_visible()
    assert point_counts(page) == [3, 3]  # nothing lost
    good = tmp_path / "good.csv"
    good.write_text("x,y,label\n0,0,a\n1,1,a\n0,1,b\n1,0,b\n0.5,0.5,c\n")
    page.locator(POINTS_UPLOADER).set_input_files(str(good))
    expect(page.get_by_text("Loaded 5 points from good.csv")).to_be_visible()
    page.wait_for_function("() => document.querySelector('.live-plot').data"
                           ".filter(t => t.name?.startsWith('class')).length === 3")
    assert page.evaluate(SAMPLE)["errors"] == 0 and page.js_errors == []


def live_titles(page):
    return page.evaluate("() => [...document.querySelectorAll('.live-plot')].map(p => (p.layout?.annotations || [])"
                         ".map(a => a.text).join('|') || p.layout?.title?.text)")


def test_sweep_page_trains_every_size_live(page):
    page.goto(page.app_url + "/sweep")
    page.wait_for_function("() => document.querySelector('.live-plot')?.layout?.images?.length === 7", timeout=60_000)
    sizes = page.get_by_label("Hidden-layer sizes (one hidden layer each)")
    sizes.fill("1, 3, x")
    sizes.press("Enter")
    expect(page.get_by_text("'x' is not a size from 1 to 64")).to_be_visible()
    sizes.fill("1, 3, 50")
    sizes.press("Enter")
    page.wait_for_function("() => document.querySelector('.live-plot')?.layout?.images?.length === 3")
    press(page, "Play")
    page.wait_for_function("() => /Epoch [1-9][0-9]{2,}/.test(document.querySelector('.live-plot').layout.title.text)",
                           timeout=60_000)
    press(page, "Pause")
    expect(chosen(page, "Pause")).to_be_visible()
    labels = live_titles(page)[0].split("|")
    assert [label.split("<br>")[0] for label in labels] == ["1 hidden", "3 hidden", "50 hidden"]
    assert all(label.split("<br>")[1].endswith("%") for label in labels)
    page.screenshot(path=SCREENSHOTS / "13-sweep.png")
    assert page.locator('[data-testid="stException"]').count() == 0 and page.js_errors == []


def test_compare_page_trains_two_settings_in_lockstep(page):
    page.goto(page.app_url + "/compare")
    page.wait_for_function("() => document.querySelectorAll('.live-plot').length === 3", timeout=60_000)
    choose(page, "B: activation", "Sigmoid")
    page.wait_for_function("() => document.querySelectorAll('.live-plot')[1]?.layout?.title?.text.startsWith('B: Sigmoid')")
    press(page, "Play")
    page.wait_for_function("() => /Epoch [1-9][0-9]{2,}/.test(document.body.innerText)", timeout=60_000)
    press(page, "Pause")
    # The loss chart is drawn a frame after the epoch line: wait until it shows the epoch paused at.
    page.wait_for_function("""() => {
        const traces = document.querySelectorAll('.live-plot')[2]?.data || [];
        const shown = /Epoch ([0-9,]+)/.exec(document.body.innerText);
        return traces.length === 2 && shown
            && traces.every(t => t.x[t.x.length - 1] === Number(shown[1].replace(/,/g, '')));
    }""", timeout=30_000)
    # Read in one go from the chart as drawn: a run may re-mount it between two reads.
    names, lengths = page.wait_for_function("""() => {
        const traces = document.querySelectorAll('.live-plot')[2]?.data;
        return traces && [traces.map(t => t.name), traces.map(t => t.x[t.x.length - 1])];
    }""").json_value()
    assert names == ["A train", "B train"]
    assert lengths[0] == lengths[1] >= 100  # the same epochs for both, at least those seen before Pause
    page.screenshot(path=SCREENSHOTS / "14-compare.png")
    assert page.locator('[data-testid="stException"]').count() == 0 and page.js_errors == []


def test_rewind_shows_an_earlier_network_in_every_view(page):
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 300)
    press(page, "Pause")
    page.wait_for_function("() => !document.querySelector('[aria-label=\"Rewind to epoch\"]')"
                           "?.closest('[data-testid=\"stSlider\"]')?.querySelector('[disabled]')")
    present = page.evaluate(SAMPLE)
    slider = page.get_by_role("slider", name="Rewind to epoch")
    slider.focus()
    slider.press("Home")
    page.wait_for_function("() => document.querySelector('[data-stat=\"epoch\"]').innerText === '0'"
                           " && document.querySelectorAll('.live-plot')[2].layout.shapes?.[0]?.x0 === 0")
    page.wait_for_function(f"() => ({SAMPLE})().boundary !== {json.dumps(present['boundary'])}")
    assert page.evaluate(SAMPLE)["errors"] == 0
    expect(page.get_by_text("Replaying epoch 0 of")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "15-rewind.png")
    press(page, "Play")
    wait_epoch_above(page, epoch(present))  # goes on from the present, not from the rewound epoch
    press(page, "Pause")
    assert page.js_errors == []


def test_maths_page_shows_formulas_and_the_numbers_of_a_step(page):
    page.goto(page.app_url + "/maths")
    expect(page.get_by_text("Forward pass")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Press Take one step")).to_be_visible()
    page.get_by_role("button", name="Take one step").click()
    expect(page.get_by_text("Epoch 0 → 1: loss")).to_be_visible()
    page.get_by_role("button", name="Take one step").click()
    expect(page.get_by_text("Epoch 1 → 2: loss")).to_be_visible()
    # The update rule, and one update per parameter of the 2-2-1 network: W1, b1, W2, b2.
    assert page.locator(".katex-display").filter(has_text="←").count() == 1 + 4
    page.set_viewport_size({"width": 1280, "height": 1250})
    page.screenshot(path=SCREENSHOTS / "16-maths-of-a-step.png")
    assert page.locator('[data-testid="stException"]').count() == 0 and page.js_errors == []


def test_exports_download_a_script_that_runs_an_html_page_and_a_png(page, tmp_path):
    import subprocess
    import sys
    open_app(page)
    for _ in range(3):
        page.get_by_role("button", name="Step").click()
        page.wait_for_timeout(300)
    page.wait_for_function("() => document.querySelector('[data-stat=\"epoch\"]').innerText === '3'")
    train_loss = page.evaluate("() => document.querySelector('[data-stat=\"train-loss\"]').innerText")
    page.get_by_text("View and share").click()
    with page.expect_download() as script:
        page.get_by_role("button", name="Python script (NumPy)").click()
    path = tmp_path / "reproduce_run.py"
    script.value.save_as(path)
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120).stdout
    assert f"{float(out.strip().splitlines()[-1].split(':')[1]):.4f}" == train_loss
    with page.expect_download() as figures:
        page.get_by_role("button", name="Figures (interactive HTML)").click()
    text = open(figures.value.path()).read()
    assert text.count("Plotly.newPlot") == 4 and "NN Playground at epoch 3" in text
    chart = page.locator(".live-plot").first
    chart.hover()
    with page.expect_download() as png:
        chart.locator("[data-title='Download plot as a PNG']").click()
    assert png.value.suggested_filename == "boundary.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert page.js_errors == []


HIDE_TAB = """(hidden) => {
  Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});
  document.dispatchEvent(new Event('visibilitychange'));
}"""


def test_a_hidden_tab_stops_asking_the_server_for_training_and_resumes_when_shown(page):
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 100)
    page.evaluate(HIDE_TAB, True)
    page.wait_for_timeout(1500)
    hidden_at = shown_epoch(page)
    page.wait_for_timeout(1500)
    assert shown_epoch(page) == hidden_at
    expect(chosen(page, "Play")).to_be_visible()  # still playing, only paused
    page.evaluate(HIDE_TAB, False)
    wait_epoch_above(page, hidden_at + 100)
    press(page, "Pause")
    assert page.evaluate(SAMPLE)["errors"] == 0 and page.js_errors == []


def test_after_a_server_restart_the_page_reconnects_with_the_setup_in_its_url(browser):
    from harness.server import free_port, running_app
    port = free_port()
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with running_app(port) as url:
        page.goto(url + "/?dataset=circles&hidden=5&lr=0.3")
        page.wait_for_function("() => document.querySelectorAll('.live-plot').length === 3", timeout=60_000)
        expect(page.get_by_label("Data set")).to_have_value("Circles (TF Playground)")
    page.wait_for_timeout(2000)  # the server is gone; the page keeps trying to reconnect
    with running_app(port):
        # No reload: the page finds the new server by itself, and its new session reads the URL.
        expect(page.get_by_text("learning rate 0.3 ·")).to_be_visible(timeout=60_000)
        expect(page.get_by_label("Data set")).to_have_value("Circles (TF Playground)")
        neurons = page.locator('[data-testid="stSlider"]').filter(has_text="Hidden neurons (layer 1)")
        expect(neurons.locator('[data-testid="stSliderThumbValue"]')).to_have_text("5")
        page.wait_for_function("() => [...document.querySelectorAll('.live-plot')]"
                               ".filter(p => Number(p.dataset.frames || 0) > 0).length === 3", timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
