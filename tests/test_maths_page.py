"""The maths page shows each entry's own formula lines, and says which Adam it trains."""
import pytest
from streamlit.testing.v1 import AppTest

from core import OPTIMIZERS, PENALTIES, Config, TrainingSession


def maths_page(config):
    """The maths page, reached from the playground, showing a network of ``config``."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.session_state["trainer"] = TrainingSession(config)
    at.switch_page("pages/maths.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("optimizer, penalty", [("adam", "l1"), ("adam-efficient", "l2"), ("sgd", "none")])
def test_the_update_and_penalty_formulas_are_the_entries_own_lines(optimizer, penalty):
    at = maths_page(Config(dataset="xor", hidden=(2,), optimizer=optimizer, regularization=penalty, reg_rate=0.01))
    shown = [element.body for element in at.latex]  # each line as $$ line $$
    assert all(any(line in body for body in shown) for line in OPTIMIZERS[optimizer].formula)
    assert all(any(line in body for body in shown) for line in PENALTIES[penalty].formula)
    adam_note = [c.value for c in at.caption if "Algorithm 1" in c.value]
    assert bool(adam_note) == optimizer.startswith("adam")
    at.button(key="maths_step").click().run()
    assert not at.exception, at.exception
