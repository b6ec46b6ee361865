"""The class board, for the lecturer: start a class, show its join code and QR
code on the projector, and watch the runs the students hand in, live.

The board of a class opens only with its lecturer link (``?class=CODE&key=KEY``,
shown once the class is started); students never see it.  The board itself is
a fragment that reads the store every REFRESH_SECONDS; the buttons sit outside it.
"""
import html
import time
from urllib.parse import urlencode

import segno
import streamlit as st

from board import BoardError, shown_code
from plots.board import board_scatter
from ui.class_room import board_store, join_link, site_root
from ui.layout import chart, notice, page_setup

REFRESH_SECONDS = 2.0
ss = st.session_state

page_setup("Class board")
st.markdown("## Class board")


def start_class():
    room = board_store().create_class()
    ss.board_class = (room.code, room.key)


def close_class():
    board_store().close(*ss.board_class)


def lecturer_link(code, key):
    return f"{site_root()}board?{urlencode({'class': code, 'key': key})}"


def opened_class():
    """(code, key) of the class this page shows, from the session or from a
    lecturer link; None before a class is started.  A link that opens no board
    is said so, and nothing is shown."""
    link = st.query_params.to_dict()
    if "class" in link and "key" in link and (link["class"], link["key"]) != ss.get("board_class"):
        try:
            board_store().status(link["class"], link["key"])
            ss.board_class = (link["class"].upper(), link["key"])
        except BoardError as error:
            notice(str(error))
            return None
    return ss.get("board_class")


def projector_panel(code, key):
    """The join code, large, and the QR code of the join link: what students need."""
    left, middle, right = st.columns([1.5, 0.8, 1.2])
    with left:
        st.html(f"<div style='font-size:.95rem'>Join at <b>{html.escape(site_root())}</b> with the code</div>"
                f"<div data-testid='join-code' style='font:700 3.6rem/1.2 ui-monospace,monospace;"
                f"letter-spacing:.06em;white-space:nowrap'>{shown_code(code)}</div>"
                f"<div style='font-size:.85rem;opacity:.8'>or scan the QR code: it opens the playground with "
                f"the code filled in.</div>")
    with middle:
        qr = segno.make(join_link(code), error="m")
        st.html(f"<img alt='QR code of the join link' data-testid='join-qr' style='width:190px;height:190px;"
                f"image-rendering:pixelated' src='{qr.svg_data_uri(scale=6, border=2)}'>")
    with right:
        st.button("Close class", key="board_close", on_click=close_class, icon=":material/lock:",
                  disabled=not board_store().status(code, key)["open"],
                  help="Take no more students or hand-ins; the board stays readable")
        st.download_button("Download CSV", data=lambda: board_store().export_csv(code, key),
                           file_name=f"class-{code}.csv", mime="text/csv", key="board_csv",
                           icon=":material/download:", on_click="ignore")
        st.caption("Your lecturer link: it alone opens this board. Keep it to yourself.")
        st.code(lecturer_link(code, key), language=None, wrap_lines=True)


def leaderboard_html(runs):
    """The runs as a ranked table; every text a student chose escaped."""
    percent = (lambda a: "–" if a is None else f"{100 * a:.1f} %")
    loss = (lambda value: "–" if value is None else f"{value:.4f}")
    rows = "".join(
        f"<tr><td>{rank}</td><td class='nick'>{html.escape(run.nickname)}</td><td>{percent(run.test_accuracy)}</td>"
        f"<td>{percent(run.train_accuracy)}</td><td>{loss(run.test_loss)}</td><td>{run.parameters}</td>"
        f"<td>{run.hidden_neurons}</td><td>{run.epoch:,}</td></tr>"
        for rank, run in enumerate(runs, start=1))
    return ("<table class='nn-board' style='width:100%;border-collapse:collapse;font-size:.95rem'>"
            "<thead><tr><th>#</th><th>nickname</th><th>test accuracy</th><th>train accuracy</th><th>test loss</th>"
            "<th>parameters</th><th>hidden neurons</th><th>epoch</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def thumbnails_html(runs):
    """Each run's boundary, linked to its setup in the playground (a new tab)."""
    root = site_root()
    cards = "".join(
        f"<a class='nn-thumb' target='_blank' rel='noopener' href='{html.escape(root + '?' + urlencode(run.setup))}'"
        f" title='Open this setup in the playground' style='display:inline-block;margin:0 .5rem .5rem 0;"
        f"text-align:center;text-decoration:none;color:inherit;font-size:.85rem'>"
        f"<img alt='' src='{run.thumbnail}' style='width:96px;height:96px;display:block;image-rendering:auto;"
        f"border:1px solid rgba(128,128,128,.4)'>{html.escape(run.nickname)}</a>"
        for run in runs)
    return f"<div class='nn-thumbs'>{cards}</div>"


@st.fragment(run_every=REFRESH_SECONDS)
def live_board(code, key):
    """The class as it is now: status, leaderboard, scatter and thumbnails."""
    store = board_store()
    try:
        status, runs = store.status(code, key), store.runs(code, key)
    except BoardError as error:  # expired while shown
        notice(str(error))
        return
    state = "open" if status["open"] else "closed"
    st.html(f"<div data-testid='board-status'>Class {shown_code(code)}: {state}, {status['students']} joined, "
            f"{len(runs)} runs handed in; expires {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(status['expires']))}"
            "</div>")
    if not runs:
        st.caption("No runs yet: students join in the playground's sidebar (Class) and press Hand in my run.")
        return
    left, right = st.columns([1.3, 1])
    with left:
        st.html(leaderboard_html(runs))
    with right:
        chart(board_scatter(runs), key="board_scatter", height=320)
        st.caption("Filled: test accuracy. Hollow: training accuracy, for runs without test points.")
    st.caption("Each run's decision boundary: click one to open its setup in the playground (a new tab).")
    st.html(thumbnails_html(runs))


opened = opened_class()
if opened is None:
    st.caption("Start a class: students join it from the playground with a short code (or the QR code), and "
               "each hands in a run. This page shows them all, live, and only to you.")
    st.button("Start a class", key="board_start", on_click=start_class, type="primary", icon=":material/groups:")
else:
    code, key = opened
    st.query_params.from_dict({"class": code, "key": key})  # the address bar is the lecturer link
    projector_panel(code, key)
    live_board(code, key)
