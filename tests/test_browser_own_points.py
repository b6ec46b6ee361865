"""Your own points in headless Chromium: clear the plane, click points of two
classes and train; an upload that the plane fits; CSV problems shown as plain
text; the brush's class buttons in their classes' colours, in light and dark
themes.  Screenshots go to tests/screenshots/."""
import pytest
from playwright.sync_api import expect

from plots.style import CLASS_COLORS
from tests.conftest import SCREENSHOTS
from tests.test_browser import POINTS_UPLOADER, SAMPLE, brush, choose, press, shown_epoch, wait_epoch_above

pytestmark = pytest.mark.browser

SQUARE_CSV = "x,y,label\n-1,-1,0\n1,1,0\n-1,1,1\n1,-1,1\n0.5,0,0\n0,-0.5,1\n"
WAITING = "Training waits: the points need at least two classes; "
BRUSH_DOTS = "() => [...document.querySelectorAll('.st-key-brush [role=radio] p')].map(p => getComputedStyle(p, '::before'))" \
             ".map(s => s.content === 'none' ? null : s.backgroundColor)"


def open_own_points(page, query=""):
    page.goto(page.app_url + query)
    page.wait_for_function("() => document.querySelectorAll('.live-plot').length === 3", timeout=60_000)
    choose(page, "Data set", "Your own points")
    page.wait_for_function("() => document.querySelector('.live-plot .nsewdrag')", timeout=30_000)
    expect(page.locator(".st-key-brush [role=radio]")).to_have_count(5)


def click_plane(page, across, down):
    """Click the decision-boundary chart at these fractions of its plot area."""
    area = page.locator(".live-plot").first.locator(".nsewdrag").bounding_box()
    page.mouse.click(area["x"] + across * area["width"], area["y"] + down * area["height"])


def wait_points(page, counts):
    page.wait_for_function("(counts) => JSON.stringify(document.querySelector('.live-plot').data"
                           ".filter(t => t.type === 'scatter' && t.name?.startsWith('class')).map(t => t.x.length))"
                           " === JSON.stringify(counts)", arg=counts, timeout=30_000)


def upload(page, path):
    page.locator(POINTS_UPLOADER).set_input_files(str(path))


def rgb(colour):
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def test_clear_then_points_of_two_classes_clicked_on_train(page):
    open_own_points(page, "/?dataset=xor&hidden=4&lr=1")
    page.get_by_role("button", name="Clear the plane").click()
    wait_points(page, [0, 0])
    expect(page.get_by_text(WAITING + "there are none")).to_be_visible()
    press(page, "Play")
    page.wait_for_function("() => document.body.innerText.includes('Pause to rewind')")  # playing, drawn
    click_plane(page, 0.25, 0.25)  # the brush starts on class 1
    wait_points(page, [0, 1])
    expect(page.get_by_text(WAITING + "all have label 1")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "13-own-points-waiting.png")
    assert shown_epoch(page) == 0  # playing all along, but nothing to train on
    brush(page, "Class 0")
    click_plane(page, 0.75, 0.75)
    wait_points(page, [1, 1])
    wait_epoch_above(page, 50)
    expect(page.get_by_text(WAITING, exact=False)).to_have_count(0)
    press(page, "Pause")
    assert page.evaluate(SAMPLE)["errors"] == 0 and page.js_errors == []


def test_an_uploaded_set_in_the_unit_square_fills_the_plane(page, tmp_path):
    open_own_points(page)  # the two moons first: a plane from about -2 to 3
    wide = page.evaluate("() => document.querySelectorAll('.live-plot')[0].layout.xaxis.range")
    assert wide[1] - wide[0] > 4
    square = tmp_path / "square.csv"
    square.write_text(SQUARE_CSV)
    upload(page, square)
    expect(page.get_by_text("Loaded 6 points from square.csv")).to_be_visible()
    page.wait_for_function("() => document.querySelectorAll('.live-plot')[0].layout.xaxis.range[1] < 2")
    plane = page.evaluate("""() => { const p = document.querySelectorAll('.live-plot')[0], points = p.data
        .filter(t => t.type === 'scatter' && t.name?.startsWith('class'));
        return {x: p.layout.xaxis.range, y: p.layout.yaxis.range,
                xs: points.flatMap(t => t.x), ys: points.flatMap(t => t.y)}; }""")
    # ±1 and a margin of 15 % of the points' extent on each side.
    assert plane["x"] == pytest.approx([-1.3, 1.3]) and plane["y"] == pytest.approx([-1.3, 1.3])
    assert (min(plane["xs"]), max(plane["xs"])) == (-1, 1) and (min(plane["ys"]), max(plane["ys"])) == (-1, 1)
    assert page.js_errors == []


def test_a_file_name_and_a_cell_with_markup_are_shown_as_text(page, tmp_path):
    open_own_points(page)
    hostile = tmp_path / "<img src=x onerror=alert(1)> **bold**.csv"
    hostile.write_text("x,y,label\n1,2,0\n<b>3</b>,4,1\n")
    upload(page, hostile)
    shown = page.locator(".nn-notice")
    expect(shown).to_have_text("<img src=x onerror=alert(1)> **bold**.csv cannot be used: line 3, column x: "
                               "'<b>3</b>' is not a number. Nothing was changed.")
    assert shown.locator("img, b, strong").count() == 0 and page.js_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_brush_shows_each_class_in_its_colour(browser, app_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
    page = context.new_page()
    page.app_url, page.js_errors = app_url, []
    open_own_points(page, "/?dataset=xor&hidden=4&lr=1")
    page.get_by_role("button", name="Clear the plane").click()
    wait_points(page, [0, 0])
    for label, across, down in (("Class 0", 0.25, 0.3), ("Class 1", 0.7, 0.3), ("Class 0", 0.3, 0.75),
                                ("Class 1", 0.75, 0.7)):
        brush(page, label)
        click_plane(page, across, down)
    wait_points(page, [2, 2])
    press(page, "Play")
    wait_epoch_above(page, 100)
    press(page, "Pause")
    page.wait_for_timeout(500)  # the last frame drawn
    page.screenshot(path=SCREENSHOTS / f"13-own-points-{scheme}.png")
    assert page.evaluate(BRUSH_DOTS) == [rgb(c) for c in CLASS_COLORS] + [None]  # Remove has no dot
    context.close()
