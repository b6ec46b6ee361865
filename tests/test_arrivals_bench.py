"""The hall-arriving benchmark (bench/arrivals.py) spreads its arrivals as it says.
Until this test, every offset was drawn from a generator seeded afresh, so all 100
students of "100 arrivals within 10 s" opened the page at one moment (8.4 s in)."""
from bench.arrivals import arrival_offsets


def test_arrivals_are_spread_over_the_window_in_order():
    offsets = arrival_offsets(100, 10.0, seed=0)
    assert len(offsets) == 100 and offsets == sorted(offsets)
    assert 0.0 <= offsets[0] and offsets[-1] <= 10.0
    assert len(set(offsets)) == 100
    assert offsets[9] < 2.5 < 7.5 < offsets[90]  # a tenth in each end quarter, about; not one moment
    assert arrival_offsets(100, 10.0, seed=0) == offsets  # the same hall for the same seed
