"""The Seeds page and the lockstep pages train in bounded frames (issue 12 item 7):
a seed sweep of any size goes on a slice per frame, shows its progress and its
finished runs as they come, stops on Stop or in a hidden tab, and takes the
playground's own points.  Every AppTest run is one frame."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.datasets import own_dataset
from tests.test_apptest import charts

MOST_FRAMES = 2000  # a bound on waiting loops; a frame trains at least one update


@pytest.fixture
def app():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    return at


def open_seeds(at, count, epochs, preset="xor-tutorial"):
    if preset:
        at.button(key=f"preset-{preset}").click().run()
    at.switch_page("pages/seeds.py").run()
    at.select_slider(key="seed_count").set_value(count).run()
    at.select_slider(key="seed_epochs").set_value(epochs).run()
    assert not at.exception, at.exception


def sweep(at):
    return at.session_state.seed_job["sweep"]


def frames_until(at, done):
    for _ in range(MOST_FRAMES):
        if done():
            return
        at.run()
    raise AssertionError("not reached")


def solved(at):
    return next(m.value for m in at.metric if m.label == "Solved")


def test_the_largest_sweep_trains_a_slice_per_frame_with_progress_and_stops_on_stop(app):
    open_seeds(app, 50, 10_000)  # 500,000 epochs: no frame can hold them
    app.button(key="seed_run").click().run()
    first = sweep(app).progress
    assert 0 < first < 1 and app.session_state.seed_job["running"]
    assert "of 50 seeds trained" in app.get("progress")[0].proto.text
    assert app.button(key="seed_stop").disabled is False and app.button(key="seed_run").disabled
    app.run()
    assert sweep(app).progress > first
    app.button(key="seed_stop").click().run()
    stopped = sweep(app).progress
    app.run()
    app.run()
    assert sweep(app).progress == stopped and "stopped" in app.get("progress")[0].proto.text
    app.button(key="seed_run").click().run()  # goes on with the same sweep
    assert sweep(app).progress > stopped and not app.exception


def test_finished_runs_show_while_the_others_still_train(app):
    open_seeds(app, 50, 10_000)
    app.button(key="seed_run").click().run()
    frames_until(app, lambda: app.metric)
    assert app.session_state.seed_job["running"]
    shown = solved(app)
    assert shown.split(" of ")[1].startswith(f"{len(sweep(app).runs)} seeds") and len(sweep(app).runs) < 50
    assert set(charts(app)) >= {"seed_losses", "seed_grid"}  # the loss strip and the grid, so far
    assert not app.exception


def test_a_hidden_tab_pauses_the_sweep_and_showing_it_resumes(app):
    open_seeds(app, 50, 10_000)
    app.button(key="seed_run").click().run()
    app.session_state.tab_hidden = True
    app.run()
    paused = sweep(app).progress
    app.run()
    assert sweep(app).progress == paused
    app.session_state.tab_hidden = False
    app.run()
    assert sweep(app).progress > paused and not app.exception


def test_leaving_the_page_leaves_nothing_training(app):
    open_seeds(app, 50, 10_000)
    app.button(key="seed_run").click().run()
    app.switch_page("app.py").run()
    left_at = sweep(app).progress
    app.run()
    assert sweep(app).progress == left_at  # no seeds page, no fragment: no training


def test_seeds_train_on_the_playgrounds_own_points(app):
    points = np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [0.0, 0.2]])
    app.session_state.trainer.use_data(own_dataset(points, [0, 0, 1, 1, 0]))
    open_seeds(app, 10, 500, preset=None)
    app.button(key="seed_run").click().run()
    frames_until(app, lambda: sweep(app).finished)
    app.run()
    assert not app.exception, app.exception
    assert solved(app).split(" of ")[1].startswith("10 seeds")
    assert all(np.array_equal(run.snapshot.data.X_train, points) for run in sweep(app).runs)


def test_lockstep_frames_are_bounded_within_an_epoch(app, monkeypatch):
    import ui.lockstep
    monkeypatch.setattr(ui.lockstep, "frame_budget", lambda session: 0.0)  # one update each a frame
    app.select_slider(key="n_points").set_value(2000).run()
    app.select_slider(key="batch_size").set_value(1).run()
    app.switch_page("pages/compare.py").run()
    app.segmented_control(key="compare_run").set_value("play").run()
    app.run()
    group = app.session_state.compare["group"]
    assert [s.epoch for s in group.sessions] == [0, 0]
    assert [s.epoch_progress for s in group.sessions] == [2 / 2000] * 2  # two frames, two updates each
    assert not app.exception


def test_a_click_that_brings_new_settings_trains_those(app):
    open_seeds(app, 10, 500)
    app.select_slider(key="seed_count").set_value(30)
    app.select_slider(key="seed_epochs").set_value(1000)
    app.button(key="seed_run").click().run()  # one request: the new values and the click
    assert len(sweep(app).seeds) == 30 and sweep(app).epochs == 1000 and app.session_state.seed_job["running"]
