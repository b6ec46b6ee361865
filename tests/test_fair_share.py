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
