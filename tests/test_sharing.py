"""URL sharing: every setting survives encode -> decode; bad links fall back with a notice."""
from dataclasses import asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import FIRST_RUN, PRESETS, Config, TrainingSession
from core.sharing import config_from_params, config_to_params

CONFIGS = [
    Config(),
    *PRESETS.values(),
    Config(dataset="spiral", n_points=500, noise=0.07, test_fraction=0.3, data_seed=12,
           features=("x1", "x2", "sin(x1)", "x1*x2"), hidden=(8, 6, 4), activation="leaky-relu",
           output="softmax-ce", init="he", seed=99, lr=0.003, optimizer="adam", batch_size=20,
           regularization="l1", reg_rate=0.001, lr_decay=0.01, reduction="mean"),
    Config(dataset="multi-gaussian", hidden=(), features=("x1^2", "x2^2"), output="linear-mse"),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_every_setting_survives_a_round_trip(config):
    params = config_to_params(config)
    assert all(isinstance(v, str) for v in params.values())
    back, notices = config_from_params(params)
    assert notices == [] and back == config


def test_the_defaults_write_a_query_of_their_own():
    """The playground opens an empty query as FIRST_RUN, so Config() may not write one."""
    assert config_to_params(FIRST_RUN) == {"hidden": "5,3"}  # written where it differs from Config()
    params = config_to_params(Config())
    assert params and config_from_params(params) == (Config(), [])
    assert config_to_params(replace(Config(), lr=0.5)) == {"lr": "0.5"}


@pytest.mark.parametrize("params, field", [
    ({"lr": "banana"}, "lr"), ({"hidden": "3,x"}, "hidden"), ({"hidden": "99"}, "hidden"),
    ({"dataset": "<script>"}, "dataset"), ({"n_points": "1e99"}, "n_points"),
    ({"lr": "nan"}, "lr"), ({"lr": "inf"}, "lr"), ({"activation": "x" * 5000}, "activation"),
    ({"features": ""}, "features"), ({"seed": "-4"}, "seed"),
])
def test_bad_values_fall_back_with_a_notice_naming_the_field(params, field):
    config, notices = config_from_params(params)
    assert len(notices) == 1 and field in notices[0]
    assert config == FIRST_RUN  # no setting of the link could be used: what a bare link opens


def test_only_commas_are_no_layer_sizes():
    config, notices = config_from_params({"hidden": ",,,", "lr": "0.3"})
    assert config.hidden == Config().hidden and config.lr == 0.3
    assert len(notices) == 1 and "hidden" in notices[0] and "only commas" in notices[0]


def test_good_values_are_kept_when_others_are_bad():
    config, notices = config_from_params({"lr": "0.3", "activation": "swish", "dataset": "circles"})
    assert config.lr == 0.3 and config.dataset == "circles" and config.activation == "tanh"
    assert len(notices) == 1


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f for f in asdict(Config())] + ["junk"]),
                       st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10), max_size=3)),
                       max_size=8))
def test_any_query_gives_a_usable_config_and_never_raises(params):
    config, notices = config_from_params(params)
    assert isinstance(config, Config) and all(isinstance(n, str) for n in notices)
    session = TrainingSession(config) if _compatible(config) else None
    if session:
        session.step(1)


def _compatible(config):
    try:
        TrainingSession(config, n_points=min(config.n_points, 50))
        return True
    except ValueError:  # e.g. a regression data set with a classification output: the page says so
        return False


def test_a_link_to_own_points_says_they_travel_as_csv():
    config, notices = config_from_params({"dataset": "own", "lr": "0.3"})
    assert config.dataset == Config().dataset and config.lr == 0.3
    assert any("CSV" in n for n in notices)


def test_a_key_given_twice_uses_the_last_and_says_so():
    config, notices = config_from_params({"hidden": ["3", "5"], "lr": ["0.3", "0.3"]})
    assert config.hidden == (5,) and config.lr == 0.3
    assert notices == ["hidden was given 2 times; using the last, '5'."]
