"""Your own points as a user goes through them: clearing the plane, training
that waits for points of two classes, uploads that the plane fits, and CSV
problems named by line and shown as plain text (issue 11, item 12).  The core
rules under the page come first; then AppTest journeys, each run one frame.
Clicks on the plane need a browser: tests/test_browser_own_points.py."""
import html

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import Config, TrainingSession
from core.datasets import DataError, own_dataset, own_points, with_point, without_point_near
from core.diagnostics import diagnose
from tests.test_apptest import charts, metric, notices, press, trainer, texts as every_text

SQUARE = [[-1, -1], [1, 1], [-1, 1], [1, -1]]  # two classes on the corners of the ±1 square
SQUARE_CSV = b"x,y,label\n-1,-1,0\n1,1,0\n-1,1,1\n1,-1,1\n"


def own_session(**settings):
    """A session on own points that has trained a little, as the playground's after some play."""
    session = TrainingSession(Config(**settings), data=own_dataset([[-3, -3], [3, 3], [3, -3]], [0, 1, 1]))
    session.step(5)
    return session


# ------------------------------------------------------------------ core
def test_an_empty_plane_waits_and_shows_why_without_training_or_diverging():
    session = own_session()
    assert session.use_data(own_points([], []), new=True)  # new data: the network starts again
    assert session.epoch == 0 and session.waiting and "there are none" in session.waiting
    assert session.step(50) == 0 and session.status == "ok"
    snap = session.snapshot(20)
    assert len(snap.data.X_train) == 0 and snap.train_accuracy is None and snap.hidden_space is None
    assert np.isnan(snap.train_loss[-1])  # no points, no loss
    assert [w[:len("Training waits")] for w in diagnose(snap)] == ["Training waits"]  # and no other warning


def test_points_of_one_class_wait_and_a_second_class_starts_training():
    session = own_session()
    session.use_data(own_points([], []), new=True)
    session.use_data(with_point(session.data, (0.5, 0.5), 1))
    assert session.waiting and "all have label 1" in session.waiting and session.step(10) == 0
    session.use_data(with_point(session.data, (-0.5, -0.5), 0))
    assert session.waiting is None and session.step(10) == 10 and session.status == "ok"
    assert not any(w.startswith("Training waits") for w in diagnose(session.snapshot(20)))


def test_removing_points_goes_down_to_none_and_the_session_waits_again():
    data = own_dataset([[0, 0], [1, 1]], [0, 1])
    session = TrainingSession(Config(), data=data)
    for point in ((0, 0), (1, 1)):
        data = without_point_near(data, point, radius=0.1)
        session.use_data(data)
        assert session.waiting and session.step(5) == 0 and session.status == "ok"
    assert len(session.data.X_train) == 0


def test_a_session_made_to_train_refuses_points_it_cannot_train_on():
    """Sweeps, seeds and comparisons make their own sessions: one that waited would never finish."""
    with pytest.raises(DataError, match="two classes"):
        TrainingSession(Config(), data=own_points([[0, 0]], [1]))


def test_new_points_fit_the_plane_and_edits_keep_it_still():
    session = own_session()
    assert session.bounds[0][1] > 3  # the plane holds the points at ±3
    session.use_data(own_dataset(np.array(SQUARE) * 0.5, [0, 0, 1, 1]), new=True)
    (x0, x1), (y0, y1) = session.bounds
    assert (x0, x1) == pytest.approx((-1.3, 1.3)) and (y0, y1) == pytest.approx((-1.3, 1.3))  # at least ±1
    before = session.bounds
    session.use_data(with_point(session.data, (0.9, -0.9), 1))  # a hand edit inside the plane
    assert session.bounds == before
    session.use_data(own_dataset(np.array(SQUARE) * 5, [0, 0, 1, 1]), new=True)
    assert session.bounds[0] == pytest.approx((-6.5, 6.5))


def test_a_hand_edit_keeps_the_network_and_new_points_restart_it():
    session = own_session()
    assert not session.use_data(with_point(session.data, (0, 0), 0)) and session.epoch == 5
    assert session.use_data(session.data, new=True) and session.epoch == 0


# ------------------------------------------------------------ the page
def own_page():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.selectbox(key="dataset").set_value("own").run()
    assert not at.exception, at.exception
    return at


def upload(at, name, content):
    at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception


def texts(at):
    return " ".join(every_text(at))


def class_points(figure):
    return [len(t["x"]) for t in figure["data"] if t.get("name", "").startswith("class")]


def test_clear_leaves_an_empty_plane_and_play_waits_with_a_message():
    at = own_page()
    for _ in range(3):
        at.button(key="step").click().run()
    at.button(key="clear_points").click().run()
    assert not at.exception, at.exception
    assert len(trainer(at).data.X_train) == 0 and metric(at, "Epoch") == "0"
    assert sum(class_points(charts(at)["boundary"])) == 0
    assert "Training waits: the points need at least two classes; there are none" in texts(at)
    press(at, "play")
    at.run()
    assert not at.exception and trainer(at).epoch == 0 and metric(at, "Train acc.") == "—"
    for view in ("hidden", "neurons"):  # every view draws an empty plane
        at.segmented_control(key="view").set_value(view).run()
        assert not at.exception, at.exception


def test_training_starts_once_the_cleared_plane_has_points_of_two_classes():
    at = own_page()
    at.button(key="clear_points").click().run()
    press(at, "play")
    # What click_plane does with two clicks (AppTest cannot click a chart; the browser test does).
    for point, label in (((0.5, 0.5), 1), ((-0.5, -0.5), 0)):
        trainer(at).use_data(with_point(trainer(at).data, point, label))
        at.run()
    at.run()
    assert not at.exception and trainer(at).epoch > 0
    assert "Training waits" not in texts(at) and class_points(charts(at)["boundary"]) == [1, 1]


def test_an_upload_restarts_training_on_a_plane_that_fits_its_points():
    at = own_page()
    at.button(key="step").click().run()
    assert trainer(at).bounds[0][1] > 2  # the two moons' plane
    upload(at, "square.csv", SQUARE_CSV)
    layout = charts(at)["boundary"]["layout"]
    assert layout["xaxis"]["range"] == pytest.approx([-1.3, 1.3]) and layout["yaxis"]["range"] == pytest.approx([-1.3, 1.3])
    assert metric(at, "Epoch") == "0" and "Loaded 4 points from square.csv" in texts(at)


def test_reset_on_own_points_starts_again_on_the_same_points():
    """Reset once crashed here: own points are in no config to rebuild from."""
    at = own_page()
    upload(at, "square.csv", SQUARE_CSV)
    at.button(key="step").click().run()
    at.button(key="reset").click().run()
    assert not at.exception, at.exception
    assert trainer(at).epoch == 0 and trainer(at).data.X_train.tolist() == SQUARE


@pytest.mark.parametrize("page", ["pages/sweep.py", "pages/compare.py", "pages/seeds.py", "pages/maths.py"])
def test_other_pages_open_while_the_playground_waits_for_points(page):
    at = own_page()
    at.button(key="clear_points").click().run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    at.switch_page("app.py").run()
    assert not at.exception and len(trainer(at).data.X_train) == 0  # the cleared plane is still there


@pytest.mark.parametrize("name, content, message", [
    ("bad.csv", b"x,y,label\n1,2,0\n3,oops,1\n", "bad.csv cannot be used: line 3, column y: 'oops' is not a number"),
    ("crlf.csv", b"x,y,label\r\n1,2,0\r\n\r\n3,4,1,5\r\n", "line 4 has 4 columns"),
    ("mac.csv", b"x,y,label\r1,2,0\r3,four,1\r", "line 3, column y: 'four' is not a number"),
    ("quoted.csv", b'x,y,label\n"1\n",2,0\n3,x,1\n', "line 4, column y: 'x' is not a number"),  # 2 lines, 1 row
    ("**bold** <img src=x onerror=alert(1)> [link](https://evil.example).csv", b"x,y,label\n1,2,0\n<b>3</b>,4,1\n",
     "**bold** <img src=x onerror=alert(1)> [link](https://evil.example).csv cannot be used: "
     "line 3, column x: '<b>3</b>' is not a number"),
    ("latin.csv", "x,y,label\n1,2,é\n".encode("latin-1"), "latin.csv is not a text (UTF-8) CSV file"),
])
def test_csv_problems_name_the_line_as_an_editor_counts_and_show_as_plain_text(name, content, message):
    at = own_page()
    points = trainer(at).data.X_train.copy()
    upload(at, name, content)
    assert message in notices(at)[0]
    shown = next(h.value for h in at.html if "nn-notice" in h.value)
    assert html.escape(message) in shown  # escaped: markup in a name or a cell stays text
    assert "<img" not in shown and "<b>" not in shown and not at.error
    assert np.array_equal(trainer(at).data.X_train, points)  # nothing changed


def test_line_breaks_in_a_file_name_or_a_label_stay_within_the_notes_one_line():
    """A blank line in a quoted label once ended the note's HTML block: what followed became a Markdown link."""
    at = own_page()
    upload(at, "two\n\nlines.csv", b'x,y,label\n0,0,"a\n\n[x](https://evil.example)"\n1,1,c\n')
    stats = next(text for text in every_text(at) if "<div class='nn-stats'>" in text)
    assert "from two lines.csv (a [x](https://evil.example) → class 0, c → class 1)" in stats and "\n" not in stats


def test_the_brush_shows_each_class_in_its_colour():
    from plots.style import CLASS_COLORS
    at = own_page()
    style = next(h.value for h in at.html if ".st-key-brush" in h.value)
    for k, colour in enumerate(CLASS_COLORS):
        assert f"[role=radio]:nth-of-type({k + 1}) p::before{{background:{colour}}}" in style
