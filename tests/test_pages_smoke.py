"""Every page runs: the playground (app.py) and each file in pages/, found in the
folder, so that a new page is covered as soon as it exists.  Each is opened
both ways a visitor arrives (from the playground, and first, by a link to it),
shows its main elements, answers its main button and leads back to a working
playground.  AppTest runs the scripts headless: each run is one frame of a live view."""
import pathlib

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_apptest import charts

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = ["app.py"] + sorted(f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py"))
PLAYGROUND_CHARTS = {"boundary", "network", "loss"}

# What each known page must show beyond a heading: its charts (by key) and its
# buttons (by key, the first one pressed once).  A page not listed here is
# still run, checked for a heading and errors, and pressed nothing.
MAIN_ELEMENTS = {
    "app.py": dict(charts=PLAYGROUND_CHARTS, buttons=("step", "reset")),
    "pages/compare.py": dict(charts={"cmp_A", "cmp_B", "cmp_loss"}, buttons=("compare_step", "compare_reset")),
    "pages/maths.py": dict(charts=set(), buttons=("maths_step",)),
    "pages/seeds.py": dict(charts=set(), buttons=("seed_run", "seed_stop")),
    "pages/sweep.py": dict(charts={"sweep_grid"}, buttons=("sweep_step", "sweep_reset")),
    "pages/tutorials.py": dict(charts={"xor_boundary", "xor_hidden", "britz_boundary", "britz_loss"}, buttons=()),
}


def assert_runs_cleanly(at):
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert not [h.value for h in at.html if "nn-notice" in h.value]  # ui.layout.notice: a red notice


def assert_main_elements(at, page):
    assert_runs_cleanly(at)
    assert any(m.value.startswith("## ") for m in at.markdown), "no page heading"
    expected = MAIN_ELEMENTS.get(page, dict(charts=set(), buttons=()))
    shown = charts(at)
    assert expected["charts"] <= set(shown), sorted(shown)
    for key, figure in shown.items():
        assert figure["data"] and figure["layout"], key
    assert set(expected["buttons"]) <= {b.key for b in at.button}, [b.key for b in at.button]


def opened(page, from_playground):
    at = AppTest.from_file("../app.py", default_timeout=60)
    if from_playground:
        at.run()
        assert_runs_cleanly(at)
    if page != "app.py":
        at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("from_playground", [True, False], ids=["from-the-playground", "opened-first"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_shows_its_main_elements_and_leads_back(page, from_playground):
    at = opened(page, from_playground)
    assert_main_elements(at, page)
    buttons = MAIN_ELEMENTS.get(page, {}).get("buttons")
    if buttons:
        at.button(key=buttons[0]).click().run()
        assert_runs_cleanly(at)
    at.switch_page("app.py").run()
    assert_main_elements(at, "app.py")


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/maths.py", "pages/seeds.py", "pages/exercise.py"])
def test_a_page_opened_first_by_a_link_works_on_the_links_setup(page):
    """Before the session has a playground, a page works on the setup its link
    carries (the playground's first run or a page default only without one)."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update({"dataset": "spiral", "lr": "0.03"})
    at.switch_page(page)
    at.run()
    assert_runs_cleanly(at)
    shown = " ".join([c.value for c in at.caption] + [m.value for m in at.markdown])
    if page == "pages/compare.py":
        assert at.session_state["cmp_A_lr"] == 0.03
    elif page == "pages/maths.py":
        assert "The network of this link" in shown and "η = 0.03" in shown
    elif page == "pages/seeds.py":
        assert "(as in this link)" in shown
    else:
        assert "Data set **spiral**" in shown and "learning rate 0.03" in shown


def test_the_sidebar_links_every_page_and_every_listed_page_exists():
    at = opened("app.py", from_playground=True)
    linked = {link.proto.page for link in at.sidebar.get("page_link")}  # a page's URL path: "" is the playground
    assert linked == {"" if page == "app.py" else pathlib.Path(page).stem for page in PAGES}, linked
    assert set(MAIN_ELEMENTS) <= set(PAGES), set(MAIN_ELEMENTS) - set(PAGES)
