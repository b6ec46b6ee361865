"""What every page starts with: page settings and the links between pages.

The app uses Streamlit's ``pages/`` convention: ``app.py`` is the playground
and each file in ``pages/`` is a page.  (With ``st.navigation`` beside a
``pages/`` folder, Streamlit 1.67 still runs a deep link such as /tutorials as
a bare legacy page on a server's first run; the convention has no such gap.)
"""
import html
import pathlib

import streamlit as st

from core.sharing import config_to_params
from .controls import keep_preferences, page_run_started
from .exercise import link_params, setup_of_link
from .inside import INSIDE_VIEWS  # noqa: F401  (registers the inside views' preference on every page)
from .surgery import SURGERY_TOOLS  # noqa: F401  (and the surgery tool's)
from .live_chart import chart, ensure_plotly_js, watch_tab

PAGES = (("app.py", "Playground", ":material/neurology:"),
         ("pages/tutorials.py", "Tutorials", ":material/school:"),
         ("pages/sweep.py", "Hidden-size sweep", ":material/view_column:"),
         ("pages/compare.py", "Compare two", ":material/compare:"),
         ("pages/seeds.py", "Seeds", ":material/casino:"),
         ("pages/maths.py", "Maths of a step", ":material/function:"),
         ("pages/exercise.py", "Make an exercise", ":material/assignment:"),
         ("pages/board.py", "Class board", ":material/groups:"))


def page_setup(title):
    page_run_started(st.session_state)
    # Presenter mode folds the sidebar away on every page (and opens it again when left).
    st.set_page_config(page_title=f"{title} · NN Playground", page_icon=":material/neurology:",
                       layout="wide",
                       initial_sidebar_state="collapsed" if st.session_state.get("presenter") else "expanded")
    ensure_plotly_js()
    keep_preferences(st.session_state)
    _page_style(st.session_state.presenter)
    with st.sidebar:
        watch_tab()
        # Every link carries the playground's setup: Streamlit keeps a page's query
        # in the address bar when it changes pages, so with the same query on every
        # page the address stays a link to the setup, and Back goes back one page.
        # (A page's first run comes before its session has a network: then the
        # link it was opened with, read as the playground will read it.)
        trainer = st.session_state.get("trainer")
        config = trainer.config if trainer is not None else setup_of_link(st.query_params.to_dict())[0]
        setup = config_to_params(config) | link_params()  # and the exercise or lesson it is in
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon, query_params=setup)


def _page_style(presenter):
    """Compact padding, so a projector's 1280×720 holds a lecture's controls and
    charts; Streamlit's header lets clicks through to the controls under it (with
    the sidebar folded it lies over them, and the page moves right of its button).
    Presenter mode: every text larger, from the root font size that Streamlit's
    sizes are given in."""
    st.html("<style>[data-testid='stMainBlockContainer']{padding:1rem 1.5rem 0 1.5rem}"
            "header[data-testid='stHeader']{background:transparent}"
            "header[data-testid='stHeader'],header[data-testid='stHeader'] *{pointer-events:none !important}"
            "header[data-testid='stHeader'] :is(button,a),header[data-testid='stHeader'] :is(button,a) *"
            "{pointer-events:auto !important}"
            # With the sidebar folded, its "»" button sits in the page's top-left corner: the page starts right of it.
            # A sibling selector, not body:has(..): every node Plotly adds to the body to measure a label
            # then restyled the whole page, 20 ms of every live frame in Chromium (README "Look inside").
            "[data-testid='stSidebar'][data-collapsed='true'] ~ div [data-testid='stMainBlockContainer']"
            "{padding-left:3.5rem}" + ("html{font-size:20px}" if presenter else "") + "</style>")


STYLE = pathlib.Path(__file__).with_name("style.css")


def playground_style():
    """The playground's own CSS (ui/style.css), on one line: in Markdown, a blank line would end the block."""
    css = " ".join(line.strip() for line in STYLE.read_text().splitlines() if line.strip())
    st.markdown(f"<style>{css}</style>", unsafe_allow_html=True)


def notice(text):
    """A red notice showing ``text`` as plain text.  Notices quote what a user
    sent (a link's values, a file name), and ``st.error`` renders Markdown,
    where even an escaped URL still becomes a link: escaped HTML cannot."""
    st.html(f"<div role='alert' class='nn-notice' style='background:rgba(230,50,50,.12);border-left:4px solid "
            f"#D93025;border-radius:.5rem;padding:.6rem 1rem;margin-bottom:.5rem'>{html.escape(text)}</div>")


def training_visible(playing):
    """Whether a live view should tick: playing, and its tab in view (a hidden
    tab pauses until it is shown again)."""
    return playing and not st.session_state.get("tab_hidden", False)
