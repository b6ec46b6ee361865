"""The class board in the pages: the store they share, the student's "Class" box
in the playground's sidebar, and what the lecturer's page (pages/board.py)
needs to read a class.

Every text a student chose (a nickname) is shown escaped through ``st.html``:
``st.markdown`` would render Markdown in it, and an escaped link is still a
link there.  The box acts only on button clicks, which come with a run of the
whole page and the values the browser has then; its text fields act on nothing
by themselves, so a timed frame echoing an older value of theirs changes nothing.
"""
import html
import os
import uuid
from urllib.parse import urlsplit

import streamlit as st

from board import MAX_NICKNAME, BoardError, HandIn, open_board, shown_code
from core.sharing import config_to_params
from plots.board import boundary_thumbnail

JOIN_PARAM = "join"  # /?join=CODE: the join link, the code filled in
THUMBNAIL_GRID = 50
ss = st.session_state


@st.cache_resource(show_spinner=False)
def _board(url, data_dir, days):
    return open_board({"BOARD_URL": url, "DATA_DIR": data_dir, "CLASS_DAYS": days})


def board_store():
    """The server's board, as the environment asks for it (board.open_board), opened once per server."""
    return _board(os.environ.get("BOARD_URL", ""), os.environ.get("DATA_DIR", ""), os.environ.get("CLASS_DAYS", ""))


def site_root():
    """The app's address as the browser sees it ("http://host:8645/"), from this page's URL."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def join_link(code):
    return f"{site_root()}?{JOIN_PARAM}={code}"


def message(text, good=False):
    """A message of the board to one person: plain text, green or red."""
    color = "#188038" if good else "#D93025"
    st.html(f"<div role='status' class='nn-class-message' style='border-left:4px solid {color};"
            f"padding:.3rem .7rem;margin:.2rem 0'>{html.escape(text)}</div>")


def run_of(trainer):
    """The session's run as a hand-in: its setup (a playground link's parameters),
    epoch, losses, accuracies, size and boundary thumbnail, under a new id."""
    snap = trainer.snapshot(THUMBNAIL_GRID)
    last = (lambda losses: None if losses is None or not len(losses) else float(losses[-1]))
    return HandIn(hand_in_id=uuid.uuid4().hex, epoch=snap.epoch, train_loss=last(snap.train_loss),
                  test_loss=last(snap.test_loss), train_accuracy=snap.train_accuracy,
                  test_accuracy=snap.test_accuracy, hidden_neurons=sum(trainer.config.hidden),
                  parameters=sum(int(value.size) for value in snap.params.values()),
                  setup=config_to_params(trainer.config), thumbnail=boundary_thumbnail(snap))


def _join():
    try:
        ss.class_member = board_store().join(ss.get("class_code", ""), ss.get("class_nickname", ""))
        ss.class_note = (f"Joined class {shown_code(ss.class_member.code)}.", True)
    except BoardError as error:
        ss.class_note = (str(error), False)


def _hand_in():
    trainer = ss.trainer  # the playground's session as it is at the click
    try:
        board_store().hand_in(ss.class_member, run_of(trainer))
        ss.class_note = (f"Handed in your run at epoch {trainer.epoch:,}.", True)
    except BoardError as error:
        ss.class_note = (str(error), False)


def _leave():
    ss.class_member, ss.class_note = None, None


def class_box():
    """The playground's "Class" box, in the sidebar: join a class with its code
    and a nickname (a join link fills in the code), then hand in the run of the
    playground's session (``st.session_state.trainer``)."""
    if JOIN_PARAM in st.query_params and "class_code" not in ss:
        # The join link's code, read before the page puts its setup in the address bar.
        ss.class_code = st.query_params[JOIN_PARAM][:20]
    member = ss.get("class_member")
    with st.expander("Class", expanded=member is not None or bool(ss.get("class_code"))):
        if member is None:
            st.text_input("Join code", key="class_code", max_chars=20, placeholder="ABCD-EFGH")
            st.text_input("Nickname", key="class_nickname", max_chars=MAX_NICKNAME,
                          help="Shown on the class board; nothing else about you is kept")
            st.button("Join the class", key="class_join", on_click=_join, icon=":material/group_add:")
        else:
            st.html(f"<div class='nn-class-member'>In class <b>{shown_code(member.code)}</b> as "
                    f"<b>{html.escape(member.nickname)}</b></div>")
            st.button("Hand in my run", key="class_hand_in", on_click=_hand_in, type="primary",
                      icon=":material/upload:", help="Send this setup, its epoch, losses, accuracies and a small "
                                                     "picture of its boundary to the class board")
            st.button("Leave the class", key="class_leave", on_click=_leave)
        if ss.get("class_note"):
            message(*ss.class_note)
