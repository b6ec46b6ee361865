"""Red team, links (issue 12): hostile query strings opened in the playground.

Every link here, however crafted, must give a page with no exception and
nothing but plain-text notices, and a session whose config is exactly what
the widgets show (``ui.controls.wanted_config`` read back from the widget
state gives the running config unchanged).  A link is one AppTest run
(about a quarter of a second), so the cases are chosen rather than
multiplied: each payload goes into every field of one link, and each hostile
number into every numeric field in turn.
"""
import html
import re
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from core import Config
from tests.test_apptest import live_parts
from ui.controls import wanted_config

FIELDS = [f.name for f in fields(Config)]
NUMERIC = [f.name for f in fields(Config) if f.name not in ("dataset", "activation", "output", "init", "optimizer",
                                                            "regularization", "reduction", "features")]
# Markdown, HTML, JS and Streamlit's own Markdown extensions: none may be rendered.
INJECTIONS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
              "**bold** _it_ `code`", ":red[red] :material/warning:", "$$\\frac{1}{0}$$",
              "<a href='https://evil.example'>link</a>", "https://evil.example/x.png",
              "\"><svg onload=alert(1)>", "{{7*7}}${7*7}", "line\nbreak\r\n# Heading", "\x00\u202enul-rtl",
              "' OR '1'='1", "../../etc/passwd", "%3Cscript%3E"]
HOSTILE_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "-0", "-0.0", "1e400", "-1e400", "1e-400",
                   "1_000", "0x10", "0b11", "1e3", " 1", "1 ", "+1", "--1", "1,5", "½", "١٢", "", " "]
# Values past each widget's limits (ui.controls): each is moved to the nearest offered value or ignored.
PAST_LIMITS = [("hidden", v) for v in ("9", "64", "0", "-1", "1,2,3,4,5,6,7", "8,8,8,8,8,8", "65", ",,,", "3,")] + [
    ("noise", "1.5"), ("noise", "5"), ("noise", "5.1"), ("noise", "0.013"),
    ("test_fraction", "0.51"), ("test_fraction", "0.9"), ("test_fraction", "0.91"), ("test_fraction", "0.07"),
    ("seed", str(2**32)), ("seed", str(2**32 - 1)), ("data_seed", str(2**32)), ("data_seed", str(10**30)),
    ("n_points", "3"), ("n_points", "4"), ("n_points", "20000"), ("n_points", "20001"), ("n_points", "333"),
    ("batch_size", "20000"), ("batch_size", "7"), ("batch_size", "1999"),
    ("lr", "1e-12"), ("lr", "1000"), ("lr", "1001"), ("lr", "0.05"), ("lr", "0"),
    ("reg_rate", "1000"), ("reg_rate", "0.0000001"), ("lr_decay", "1000"), ("lr_decay", "0.5"),
    ("features", "x1,x1"), ("features", "x1sq,x2sq,x1x2,sinx1,sinx2"), ("features", ","),
    ("dataset", "own"), ("dataset", "Two moons"), ("output", "softmax_ce"), ("reduction", "sum")]
COUNTS = {}


def open_link(params):
    """The playground opened on ``params`` (a list value repeats its key, as a browser sends it)."""
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params.update(params)
    at.run()
    return at


def assert_safe(at, payload=None):
    """No exception, no error box, markdown that quotes nothing raw, and widgets showing the config."""
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    config = at.session_state.trainer.config
    assert wanted_config(at.session_state, config)[0] == config
    # Markdown elements may quote no payload at all; HTML ones (notices) only escaped.
    as_markdown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    as_html = [h.value for h in at.html] + [part['html'] for part in live_parts(at) if 'html' in part]
    notices = [h.value for h in at.html if "nn-notice" in h.value]
    for text in notices:  # plain text only: the notice's own div and nothing else
        assert re.sub(r"^<div [^>]*>|</div>$", "", text).count("<") == 0, text
    if payload and re.search(r"[<\[*:`$]", payload):
        assert not any(payload in text for text in as_markdown), payload
    if payload and "<" in payload:
        assert not any(payload in text for text in as_html), payload
    return config


def count(kind, n=1):
    COUNTS[kind] = COUNTS.get(kind, 0) + n


@pytest.fixture(scope="module", autouse=True)
def print_counts():
    yield
    print("\nhostile links opened:", ", ".join(f"{kind} {n}" for kind, n in COUNTS.items()),
          f"(total {sum(COUNTS.values())})")


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_into_every_field_and_unknown_keys_is_plain_text(payload):
    link = {name: payload for name in FIELDS} | {payload[:20] or "k": payload, "unknown": payload}
    at = open_link(link)
    assert_safe(at, payload)
    shown = " ".join(html.unescape(h.value) for h in at.html if "nn-notice" in h.value)
    assert "Ignored dataset=" in shown  # the payload is quoted, as text, not dropped silently
    count("injections")


@pytest.mark.parametrize("payload", INJECTIONS[:4])
def test_injection_into_one_field_at_a_time(payload):
    for name in FIELDS:
        assert_safe(open_link({name: payload}), payload)
        count("injections, one field")


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_hostile_numbers_in_every_numeric_field(number):
    for name in NUMERIC:
        assert_safe(open_link({name: number}))
        count("numbers")


@pytest.mark.parametrize("name, value", PAST_LIMITS)
def test_values_past_the_widgets_limits_are_fitted(name, value):
    at = open_link({name: value})
    config = assert_safe(at)
    assert len(config.hidden) <= 6 and all(1 <= h <= 8 for h in config.hidden)
    assert config.n_points <= 2000 and config.test_fraction <= 0.5
    count("past limits")


def test_huge_values_many_parameters_and_repeated_keys():
    cases = [{"hidden": "8," * 5000}, {"dataset": "x" * 10_000}, {"lr": "9" * 10_000},
             {f"p{i}": "<b>x</b>" for i in range(1000)},
             {f"p{i}": "1" for i in range(990)} | {name: "<i>x</i>" for name in FIELDS[:10]},
             {"lr": ["0.3", "nan", "0.01"], "hidden": ["2", "3,3"], "dataset": ["circles", "<script>"]},
             {"lr": ["<b>1</b>"] * 500}]
    for link in cases:
        assert_safe(open_link(link))
        count("huge and repeated")
    assert open_link({"lr": ["0.3", "0.01"]}).session_state.trainer.config.lr == 0.01  # the last one counts


TEXTS = st.one_of(st.text(max_size=30), st.from_regex(r"-?[0-9]{0,25}(\.[0-9]{0,5})?(e-?[0-9]{1,4})?", fullmatch=True),
                  st.lists(st.integers(-3, 70).map(str), max_size=8).map(",".join),
                  st.sampled_from(INJECTIONS + HOSTILE_NUMBERS))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=10)),
                       st.one_of(TEXTS, st.lists(TEXTS, min_size=1, max_size=3)), max_size=8))
def test_fuzz_random_query_dicts(link):
    assert_safe(open_link(link))
    count("fuzz")


def test_a_setting_given_twice_opens_the_last_and_the_page_says_so():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["hidden"] = ["3", "5"]
    at.run()
    assert not at.exception
    assert at.session_state.trainer.config.hidden == (5,)
    assert "hidden was given 2 times; using the last, '5'." in at.session_state.problem_text


@pytest.mark.parametrize("key, hint", [("test", "test_fraction"), ("activaton", "activation"), ("nonsense", None)])
def test_a_mistyped_setting_in_a_link_gets_a_notice(key, hint):
    """A key that is no setting is not silently dropped: the page names it, and the nearest setting."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update({key: "0.3", "goal": "train_accuracy>=0.9", "lr_hide": "true", "join": "ABCD"})
    at.run()
    assert not at.exception, at.exception
    said = " ".join(h.value for h in at.html if "nn-notice" in h.value)
    assert f"Ignored &#x27;{key}&#x27;: the playground has no such setting" in said, said
    assert (f"did you mean {hint}?" in said) if hint else "did you mean" not in said
    assert said.count("Ignored") == 1  # the exercise's and the class's keys are known


def test_an_exercise_goal_on_test_points_without_any_says_it_cannot_be_met():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update({"dataset": "circles", "goal": "test_accuracy>=0.9"})
    at.run()
    said = " ".join(h.value for h in at.html if "nn-notice" in h.value)
    assert "asks about test points, but its setup holds none" in said, said
