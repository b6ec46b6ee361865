"""The tutorials page: the XOR tutorial as written gets stuck, the fixes solve it;
Britz's loss is printed as in the article."""
import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def page():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/tutorials.py").run()
    assert not at.exception, at.exception
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_xor_as_written_is_stuck_with_two_outputs_near_a_half(page):
    outputs = page.dataframe[0].value["output"].tolist()
    assert sum(abs(o - 0.5) < 0.05 for o in outputs) == 2
    assert metric(page, "Accuracy after 10,000 epochs") == "50%"


@pytest.mark.parametrize("fix, accuracy", [
    ("Another seed (3)", "100%"), ("Three hidden units", "100%"), ("Tanh units, seed 3", "100%"),
    ("Tanh units, same seed", "50%"),  # the trap is the starting point's, not the sigmoid's
])
def test_what_fixes_xor_and_what_does_not(page, fix, accuracy):
    page.segmented_control(key="xor_fix").set_value(fix).run()
    assert metric(page, "Accuracy after 10,000 epochs") == accuracy and not page.exception


def test_britz_prints_the_articles_loss(page):
    printed = page.dataframe[1].value
    assert printed["after update"].tolist()[:2] == [1, 1001]
    assert printed["loss"].tolist()[0] == 0.432387  # the article's first printed value
    page.select_slider(key="britz_size").set_value(1).run()
    assert float(metric(page, "Training accuracy").rstrip("%")) < 90  # one unit underfits the moons


def test_seeds_page_counts_how_often_xor_is_solved():
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.button(key="preset-xor-tutorial").click().run()
    at.switch_page("pages/seeds.py").run()
    at.select_slider(key="seed_count").set_value(10).run()
    at.select_slider(key="seed_epochs").set_value(10_000).run()
    at.button(key="seed_run").click().run()
    for _ in range(2000):  # a slice of training per frame (run), each at least one update
        if not at.session_state.seed_job["running"]:
            break
        at.run()
    solved = next(m.value for m in at.metric if m.label == "Solved")
    assert solved.endswith("of 10 seeds (" + solved.split("(")[1]) and not at.exception
    count = int(solved.split()[0])
    assert 0 < count < 10  # some seeds solve XOR with two sigmoid units, some do not
