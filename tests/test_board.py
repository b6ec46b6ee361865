"""The class board's storage (board/): one contract, run against both backends,
SQLite in a temporary folder and a real redis-server started here on a free port."""
import concurrent.futures
import csv
import io
import json
import subprocess
import sys
import time
import uuid

import pytest

from board import (CODE_ALPHABET, CODE_LENGTH, DAY, MAX_NICKNAME, RATE_SECONDS, BoardError, HandIn, RateLimited,
                   class_days, normal_code, open_board)
from board.redis_board import RedisBoard
from board.sqlite_board import SqliteBoard
from harness.redis_server import redis_server
from harness.server import ROOT

STUDENTS = 300


class Clock:
    """A clock the test moves by hand, starting at the real time."""

    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def redis_url():
    try:
        with redis_server() as url:
            yield url
    except RuntimeError as error:  # make test installs it: a missing server is a failure, not a skip
        pytest.fail(str(error))


@pytest.fixture(params=["sqlite", "redis"])
def backend(request, tmp_path):
    """(a factory of boards sharing one store, given a clock; the clock) for each backend."""
    clock = Clock()
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        RedisBoard(url).redis.flushdb()
        return (lambda: RedisBoard(url, clock=clock)), clock
    return (lambda: SqliteBoard(tmp_path / "board.sqlite3", clock=clock)), clock


@pytest.fixture
def board(backend):
    return backend[0]()


def a_run(**changes):
    run = dict(hand_in_id=uuid.uuid4().hex, epoch=120, train_loss=0.21, test_loss=0.25, train_accuracy=0.93,
               test_accuracy=0.9, hidden_neurons=8, parameters=41, setup={"dataset": "xor", "hidden": "4,4"},
               thumbnail="data:image/png;base64,iVBORw0KGgo=")
    return HandIn(**run | changes)


def test_a_class_takes_students_and_their_runs_and_only_its_lecturer_reads_them(board, backend):
    room = board.create_class()
    assert len(room.code) == CODE_LENGTH and set(room.code) <= set(CODE_ALPHABET) and len(room.key) >= 32
    ada, bob = board.join(room.code.lower(), "Ada"), board.join(f"{room.code[:4]}-{room.code[4:]}", " Bob ")
    assert bob.nickname == "Bob"
    assert board.hand_in(ada, a_run(test_accuracy=0.9, parameters=41))
    assert board.hand_in(bob, a_run(test_accuracy=0.95, parameters=60))
    runs = board.runs(room.code, room.key)
    assert [r.nickname for r in runs] == ["Bob", "Ada"]  # best test accuracy first
    assert runs[1].setup == {"dataset": "xor", "hidden": "4,4"} and runs[1].epoch == 120
    assert runs[1].thumbnail.startswith("data:image/png;base64,")
    assert board.status(room.code, room.key) == {"open": True, "expires": room.expires, "students": 2}
    for wrong in ("", room.key[:-1] + ("A" if room.key[-1] != "A" else "B"), None):
        with pytest.raises(BoardError, match="lecturer link"):
            board.runs(room.code, wrong)
    other = board.create_class()
    with pytest.raises(BoardError, match="lecturer link"):
        board.runs(room.code, other.key)
    assert backend[0]().runs(room.code, room.key) == runs  # another server's board sees the same


def test_ties_are_ranked_by_size_then_test_loss(board, backend):
    room = board.create_class()
    for name, parameters, loss in (("big", 90, 0.1), ("small", 20, 0.3), ("small-better", 20, 0.2)):
        board.hand_in(board.join(room.code, name), a_run(test_accuracy=0.9, parameters=parameters, test_loss=loss))
    board.hand_in(board.join(room.code, "regression"), a_run(test_accuracy=None, train_accuracy=None))
    assert [r.nickname for r in board.runs(room.code, room.key)] == ["small-better", "small", "big", "regression"]


def test_a_wrong_or_expired_code_is_refused_with_a_clear_message(board, backend):
    clock = backend[1]
    room = board.create_class()
    with pytest.raises(BoardError, match="No class has this code"):
        board.join(CODE_ALPHABET[:CODE_LENGTH] if room.code != CODE_ALPHABET[:CODE_LENGTH] else "ZZZZZZZZ", "Ada")
    for typo in ("ABC", "ABCDEFGO", "ABCD EFGH I", "<b>XX</b>"):
        with pytest.raises(BoardError, match="A join code is 8 letters and digits"):
            board.join(typo, "Ada")
    ada = board.join(room.code, "Ada")
    clock.now += board.days * DAY + 1
    with pytest.raises(BoardError, match="This class has expired"):
        board.join(room.code, "Bob")
    with pytest.raises(BoardError, match="This class has expired"):
        board.hand_in(ada, a_run())
    assert board.expire() == 1
    with pytest.raises(BoardError, match="No class has this code"):
        board.join(room.code, "Bob")
    with pytest.raises(BoardError, match="No class has this code"):
        board.runs(room.code, room.key)


def test_expire_keeps_the_classes_still_running(board, backend):
    clock = backend[1]
    old = board.create_class()
    clock.now += 2 * DAY
    new = board.create_class()
    board.hand_in(board.join(new.code, "Ada"), a_run())
    clock.now += board.days * DAY - DAY
    assert board.expire() == 1
    assert [r.nickname for r in board.runs(new.code, new.key)] == ["Ada"]
    with pytest.raises(BoardError, match="No class has this code"):
        board.status(old.code, old.key)
    clock.now += 3 * DAY
    board.create_class()  # starting a class deletes those past their expiry
    with pytest.raises(BoardError, match="No class has this code"):
        board.status(new.code, new.key)


def test_a_closed_class_takes_nothing_more_but_stays_readable(board):
    room = board.create_class()
    ada = board.join(room.code, "Ada")
    board.hand_in(ada, a_run())
    board.close(room.code, room.key)
    with pytest.raises(BoardError, match="closed"):
        board.join(room.code, "Bob")
    with pytest.raises(BoardError, match="closed"):
        board.hand_in(ada, a_run())
    assert board.status(room.code, room.key)["open"] is False
    assert len(board.runs(room.code, room.key)) == 1


def test_hand_ins_are_rate_limited_per_student_and_a_retry_is_stored_once(board, backend):
    clock = backend[1]
    room = board.create_class()
    ada, bob = board.join(room.code, "Ada"), board.join(room.code, "Bob")
    first = a_run()
    assert board.hand_in(ada, first) is True
    assert board.hand_in(ada, first) is False  # the same press retried: already there, and no rate limit
    with pytest.raises(RateLimited, match=r"wait 5 s before handing in again"):
        board.hand_in(ada, a_run())
    assert board.hand_in(bob, a_run())  # the limit is per student
    clock.now += RATE_SECONDS
    assert board.hand_in(ada, a_run())
    assert sorted(r.nickname for r in board.runs(room.code, room.key)) == ["Ada", "Ada", "Bob"]


@pytest.mark.parametrize("nickname, message", [("", "Choose a nickname"), ("  \x00\t ", "Choose a nickname"),
                                               ("x" * (MAX_NICKNAME + 1), "at most 24 characters")])
def test_nicknames_are_length_limited(board, nickname, message):
    room = board.create_class()
    with pytest.raises(BoardError, match=message):
        board.join(room.code, nickname)


def test_markup_in_a_nickname_is_kept_as_text_and_csv_formulas_are_defused(board):
    room = board.create_class()
    board.hand_in(board.join(room.code, "<b>Ada</b>\x07"), a_run())
    board.hand_in(board.join(room.code, "=HYPERLINK(1)"), a_run(test_accuracy=0.5))
    assert board.runs(room.code, room.key)[0].nickname == "<b>Ada</b>"
    rows = list(csv.DictReader(io.StringIO(board.export_csv(room.code, room.key))))
    assert [r["nickname"] for r in rows] == ["<b>Ada</b>", "'=HYPERLINK(1)"]
    assert rows[0]["test_accuracy"] == "0.9" and rows[0]["setup"] == "dataset=xor&hidden=4%2C4"
    assert set(rows[0]) == {"nickname", "handed_in_utc", "epoch", "train_loss", "test_loss", "train_accuracy",
                            "test_accuracy", "hidden_neurons", "parameters", "setup"}  # nothing more about anyone


@pytest.mark.parametrize("changes, message", [
    (dict(hand_in_id="x"), "id"), (dict(test_loss=float("nan")), "not a finite number"),
    (dict(setup={"hidden": "1" * 201}), "setup"), (dict(setup={f"k{i}": "1" for i in range(41)}), "setup"),
    (dict(thumbnail="javascript:alert(1)"), "picture"),
    (dict(thumbnail="data:image/png;base64," + "A" * 30_000), "picture"),
    (dict(thumbnail="data:image/png;base64,\"><script>"), "picture")])
def test_a_run_that_no_playground_sends_is_refused(board, changes, message):
    room = board.create_class()
    with pytest.raises(BoardError, match=message):
        board.hand_in(board.join(room.code, "Ada"), a_run(**changes))
    assert board.runs(room.code, room.key) == []


def test_300_students_hand_in_at_once_each_stored_exactly_once(backend):
    """Threads calling the store as the page does, one board object per
    "server" (two), every hand-in sent twice (a retry); no time asserted (bench.board)."""
    make, _ = backend
    servers = [make(), make()]
    room = servers[0].create_class()
    students = [servers[n % 2].join(room.code, f"student {n}") for n in range(STUDENTS)]
    runs = [a_run(epoch=n) for n in range(STUDENTS)]

    def hand_in(n):
        server = servers[n % 2]
        return server.hand_in(students[n], runs[n]), server.hand_in(students[n], runs[n])

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(hand_in, range(STUDENTS)))
    assert results == [(True, False)] * STUDENTS
    stored = servers[1].runs(room.code, room.key)
    assert len(stored) == STUDENTS
    assert sorted(r.hand_in_id for r in stored) == sorted(r.hand_in_id for r in runs)
    assert {(r.nickname, r.epoch) for r in stored} == {(f"student {n}", n) for n in range(STUDENTS)}


def test_the_environment_picks_the_backend_and_the_class_lifetime(tmp_path, redis_url):
    assert isinstance(open_board({"DATA_DIR": str(tmp_path)}), SqliteBoard)
    assert (tmp_path / "board.sqlite3").exists()
    board = open_board({"BOARD_URL": redis_url, "CLASS_DAYS": "2"})
    assert isinstance(board, RedisBoard) and board.days == 2
    room = board.create_class()
    assert room.expires - room.created == 2 * DAY
    assert 0 < board.redis.ttl(f"board:class:{room.code}") <= 2 * DAY + 1  # Redis drops it by itself too
    assert class_days({}) == 7
    for bad in ("0", "-1", "nan", "week"):
        with pytest.raises(ValueError, match="CLASS_DAYS"):
            class_days({"CLASS_DAYS": bad})


def test_join_codes_are_unguessable():
    assert len(CODE_ALPHABET) ** CODE_LENGTH >= 2 ** 40 and len(set(CODE_ALPHABET)) == 32
    assert not set("01IO") & set(CODE_ALPHABET)
    assert normal_code(" abcd-efgh ") == "ABCDEFGH"


def test_the_board_loads_no_streamlit_numpy_or_app_code():
    script = ("import sys, board, board.sqlite_board, board.redis_board; "
              "print(sorted({m.split('.')[0] for m in sys.modules} & "
              "{'streamlit', 'numpy', 'plotly', 'core', 'plots', 'ui'}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout.replace("'", '"')) == [], done.stderr


# ------------------------------------------------------------- the pages (AppTest)
def playground(monkeypatch, data_dir, join=None):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = AppTest.from_file("../app.py", default_timeout=60)
    if join:
        at.query_params["join"] = join
    return at.run()


def class_notes(at):
    return [h.value for h in at.html if "nn-class-message" in h.value]


def lecturer_page(monkeypatch, data_dir):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.switch_page("pages/board.py").run()
    at.button(key="board_start").click().run()
    assert not at.exception, at.exception
    return at


def test_a_student_joins_by_the_join_link_and_hands_in_and_the_lecturer_sees_it(monkeypatch, tmp_path):
    lecturer = lecturer_page(monkeypatch, tmp_path)
    code, key = lecturer.session_state["board_class"]
    assert any(code[:4] + "-" + code[4:] in h.value for h in lecturer.html)
    student = playground(monkeypatch, tmp_path, join=code)
    assert student.text_input(key="class_code").value == code  # the join link filled it in
    student.text_input(key="class_nickname").input("<i>Ada</i>").run()
    student.button(key="class_join").click().run()
    assert "Joined class" in class_notes(student)[0]
    assert any("&lt;i&gt;Ada&lt;/i&gt;" in h.value for h in student.html)
    student.button(key="step").click().run()
    student.button(key="class_hand_in").click().run()
    assert "Handed in your run at epoch 1" in class_notes(student)[0]
    student.button(key="class_hand_in").click().run()
    assert "before handing in again" in class_notes(student)[0]
    lecturer.run()
    board = " ".join(h.value for h in lecturer.html)
    assert "&lt;i&gt;Ada&lt;/i&gt;" in board and "<i>Ada" not in board
    assert "1 joined, 1 runs handed in" in board and "data:image/png;base64," in board


def test_a_wrong_code_is_refused_in_the_playground_with_a_clear_message(monkeypatch, tmp_path):
    at = playground(monkeypatch, tmp_path)
    at.text_input(key="class_code").input("ZZZZ-ZZZZ")
    at.text_input(key="class_nickname").input("Ada").run()
    at.button(key="class_join").click().run()
    assert not at.exception
    assert "No class has this code" in class_notes(at)[0]
    assert "class_member" not in at.session_state


def test_a_lecturer_link_alone_opens_the_board(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest
    code, key = lecturer_page(monkeypatch, tmp_path).session_state["board_class"]
    for given, opens in ((key, True), (key[:-2], False)):
        at = AppTest.from_file("../app.py", default_timeout=60)
        at.switch_page("pages/board.py")
        at.query_params.update({"class": code, "key": given})
        at.run()
        assert not at.exception
        shown = " ".join(h.value for h in at.html)
        assert ("join-code" in shown) is opens
        assert ("does not open that class" in shown) is not opens


# ------------------------------------------------------------- the pictures (plots/board.py)
@pytest.mark.parametrize("dataset", ["xor", "three-classes", "plane"])
def test_a_thumbnail_is_a_small_png_of_the_boundary_that_the_board_accepts(dataset):
    import base64
    from dataclasses import replace
    from PIL import Image
    from board import MAX_THUMBNAIL, THUMBNAIL_PREFIX, checked_hand_in
    from core import FIRST_RUN, TrainingSession
    from plots.board import boundary_thumbnail
    session = TrainingSession(replace(FIRST_RUN, dataset=dataset))
    uri = boundary_thumbnail(session.snapshot(50))
    image = Image.open(io.BytesIO(base64.b64decode(uri[len(THUMBNAIL_PREFIX):])))
    assert image.format == "PNG" and image.size == (25, 25) and len(uri) < MAX_THUMBNAIL
    assert checked_hand_in(a_run(thumbnail=uri)).thumbnail == uri


def test_the_scatter_shows_test_accuracy_and_hollow_training_accuracy_without_test_points():
    import plotly.graph_objects as go
    from plots.board import board_scatter
    runs = [HandIn(**a_run().__dict__ | dict(nickname="<b>a</b>", parameters=20, test_accuracy=0.9)),
            HandIn(**a_run().__dict__ | dict(nickname="b", parameters=40, test_accuracy=None, train_accuracy=0.8))]
    figure = board_scatter(runs)
    go.Figure(figure)  # validates
    tested, untested = figure["data"]
    assert (tested["x"], tested["y"], tested["text"]) == ([20], [90.0], ["&lt;b&gt;a&lt;/b&gt;"])
    assert (untested["x"], untested["y"], untested["marker"]["symbol"]) == ([40], [80.0], "circle-open")
    assert go.Figure(board_scatter([])).data  # an empty class still draws its axes


def test_close_class_on_the_board_page_takes_effect_and_is_then_disabled(monkeypatch, tmp_path):
    lecturer = lecturer_page(monkeypatch, tmp_path)
    code, _ = lecturer.session_state["board_class"]
    assert not lecturer.button(key="board_close").disabled
    lecturer.button(key="board_close").click().run()
    assert lecturer.button(key="board_close").disabled
    assert any("closed, 0 joined" in h.value for h in lecturer.html)
    student = playground(monkeypatch, tmp_path, join=code)
    student.text_input(key="class_nickname").input("Ada").run()
    student.button(key="class_join").click().run()
    assert "This class is closed" in class_notes(student)[0]
