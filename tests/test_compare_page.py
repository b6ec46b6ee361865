"""The Compare page starts both sides from the playground's own network, whatever
its shape: a 5-3 network is compared as 5-3, not as 5-5."""
from streamlit.testing.v1 import AppTest


def open_compare(query=None):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception, at.exception
    return at


def compared_shapes(at):
    """The hidden sizes of the two networks the page trains."""
    configs = at.session_state["compare"]["identity"][0]
    return [config.hidden for config in configs]


def test_both_sides_start_from_the_playgrounds_shape():
    at = open_compare()
    shape = at.session_state.trainer.config.hidden
    assert len(shape) == 2 and shape[0] != shape[1]  # the first run's 5-3: layers of different sizes
    for side in "AB":
        box = at.selectbox(key=f"cmp_{side}_hidden")
        assert box.value == shape and "(playground)" in box.format_func(box.value)
    assert compared_shapes(at) == [shape, shape]


def test_a_side_takes_another_shape_and_the_other_keeps_its_own():
    at = open_compare({"hidden": "4,2,3"})
    at.selectbox(key="cmp_B_hidden").set_value((6, 6, 6)).run()
    assert not at.exception, at.exception
    assert compared_shapes(at) == [(4, 2, 3), (6, 6, 6)]
