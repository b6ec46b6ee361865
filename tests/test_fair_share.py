"""The per-frame training budget shrinks as more sessions train, and recovers."""
from ui import fair_share


def test_a_session_alone_gets_the_full_budget_and_many_share_it():
    fair_share._last_frame.clear()
    assert fair_share.frame_budget("a", now=100.0) == fair_share.FRAME_BUDGET
    for i in range(20):
        budget = fair_share.frame_budget(f"user{i}", now=100.1)
    assert fair_share.active_sessions() == 21
    total_per_second = budget * fair_share.FRAMES_PER_SECOND * 21
    assert abs(total_per_second - fair_share.TRAINING_SHARE) < 1e-9
    # Those who stop drawing frames (paused, tab hidden, gone) stop counting.
    assert fair_share.frame_budget("a", now=102.0) == fair_share.FRAME_BUDGET
    assert fair_share.active_sessions() == 1


def test_only_a_frame_dearer_than_its_share_is_held_back_and_never_long():
    # A playground frame (15 ms) among four: together they fit the 50 ms frame interval.  (Among six
    # they ask 1.8 s of CPU a second at 20 frames each, and are held back: this test said six when
    # ui.fair_share assumed 10 frames a second, while the playground asked for 20.)
    assert fair_share.rest_after(0.015, active=4) == 0.0
    assert fair_share.rest_after(0.3, active=1) == 0.0  # alone, a session may use the whole core
    rest = fair_share.rest_after(0.1, active=6)  # a heavy sweep frame among six sessions
    assert abs((0.1 + rest + 1 / fair_share.FRAMES_PER_SECOND) - 6 * 0.1) < 1e-9  # its frames: 1/6 of a core
    assert fair_share.rest_after(10.0, active=50) == fair_share.MOST_REST
