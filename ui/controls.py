"""The playground's settings: widgets in the sidebar, and the two mappings
between their values and a ``core.Config``.  Every choice list is read from
the core's registries."""
from dataclasses import replace

import streamlit as st

from core import (ACTIVATIONS, DATASETS, DEFAULT_OUTPUT, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES,
                  PENALTIES)
from core.datasets import MAX_CLASSES, MAX_OWN_POINTS, OWN

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (0, 1, 5, 10, 20, 50, 100)  # 0: all points
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500)
POINTS = (20, 50, 100, 200, 300, 500, 1000, 2000)
MAX_LAYERS, MAX_NEURONS = 6, 8
PROBLEMS = {"classification": "Classification", "regression": "Regression"}


def widget_values(config):
    """Widget key -> value showing ``config``."""
    spec = DATASETS[config.dataset]
    layers = {f"layer_{i + 1}": config.hidden[i] if i < len(config.hidden) else 4
              for i in range(MAX_LAYERS)}
    return {"problem": spec.task, "dataset": config.dataset,
            "n_points": min(POINTS, key=lambda p: abs(p - config.n_points)),
            "noise": float(spec.default_noise if config.noise is None else config.noise),
            "test_fraction": config.test_fraction, "data_seed": config.data_seed,
            "features": list(config.features), "n_layers": len(config.hidden), **layers,
            "activation": config.activation, "output": config.output or DEFAULT_OUTPUT[spec.task],
            "init": config.init, "seed": config.seed, "lr": config.lr, "optimizer": config.optimizer,
            "batch_size": config.batch_size if config.batch_size in BATCH_SIZES else 0,
            "regularization": config.regularization,
            "reg_rate": min(REG_RATES, key=lambda r: abs(r - config.reg_rate))}


def wanted_config(state, current):
    """(Config the widgets ask for, a note to show or None).  An output/loss
    that cannot serve the chosen data is swapped for one that can, and said so."""
    note = None
    # Controls hidden in presenter mode have no widget state: they keep the current value.
    shown = widget_values(current)
    state = shown | {key: state[key] for key in shown if key in state}
    output = state["output"]
    task = DATASETS[state["dataset"]].task
    spec = OUTPUT_LOSSES[output]
    if spec.task != task or (not spec.one_output_per_class and DATASETS[state["dataset"]].n_classes > 2):
        output = DEFAULT_OUTPUT[task]
        note = f"{spec.label} cannot serve this data set: switched to {OUTPUT_LOSSES[output].label}."
    features = tuple(state["features"]) or current.features
    config = replace(
        current, dataset=state["dataset"], n_points=state["n_points"], noise=state["noise"],
        test_fraction=state["test_fraction"], data_seed=int(state["data_seed"]), features=features,
        hidden=tuple(state[f"layer_{i + 1}"] for i in range(state["n_layers"])),
        activation=state["activation"], output=output, init=state["init"], seed=int(state["seed"]),
        lr=state["lr"],
        optimizer=state["optimizer"], batch_size=state["batch_size"],
        regularization=state["regularization"], reg_rate=state["reg_rate"])
    return config, note


def play_switch(column, key, playing, on_play):
    """Play/Pause in ``column``, as a two-way switch rather than a button: the
    browser resends a switch's value with every request, timed frames included,
    so a click cannot be lost in their traffic (a button's one-off trigger
    sometimes was).  ``on_play(True or False)`` runs when the user changes it."""
    state = st.session_state

    def changed():
        if state[key] is None:  # a click on the option already chosen keeps it
            state[key] = "play" if playing else "pause"
        else:
            on_play(state[key] == "play")
    state[key] = "play" if playing else "pause"
    column.segmented_control("Run", list(RUN_LABELS), key=key, format_func=RUN_LABELS.get, on_change=changed,
                             label_visibility="collapsed", width="stretch")


def _label(registry):
    return lambda name: getattr(registry[name], "label", name)


RUN_LABELS = {"play": ":material/play_arrow: Play", "pause": ":material/pause: Pause"}
BRUSHES = {**{k: f"Class {k}" for k in range(MAX_CLASSES)}, "remove": "Remove"}


def sidebar(on_change, on_problem, advanced=True, own_points=None):
    """The settings; ``on_change`` runs after any of them changes, ``on_problem``
    after the problem type does (it must pick a data set of that type first).
    Without ``advanced`` (presenter mode) only the headline controls are shown.
    ``own_points`` = (on_upload, a function giving the points as CSV text) draws
    the controls for your own points when that data set is chosen."""
    st.segmented_control("Problem", list(PROBLEMS), key="problem", format_func=PROBLEMS.get,
                         on_change=on_problem, selection_mode="single")
    with st.expander("Data", expanded=True):
        names = [d for d in DATASETS if DATASETS[d].task == st.session_state.problem]
        st.selectbox("Data set", names, key="dataset", format_func=_label(DATASETS), on_change=on_change)
        if st.session_state.dataset == OWN:
            _own_points(*own_points)
        else:
            _generated_data(on_change, advanced)
    _network_and_training(on_change, advanced)


def _generated_data(on_change, advanced):
    fixed = DATASETS[st.session_state.dataset].fixed_size is not None
    st.slider("Noise", 0.0, 1.0, step=0.01, key="noise", on_change=on_change, disabled=fixed)
    if advanced:
        st.select_slider("Points", POINTS, key="n_points", on_change=on_change, disabled=fixed)
        st.slider("Test share", 0.0, 0.5, step=0.05, key="test_fraction", on_change=on_change,
                  disabled=fixed, help="Points held out to measure how well the network generalises")
        st.number_input("Data seed", 0, 2**31 - 1, step=1, key="data_seed", on_change=on_change,
                        help="Each seed draws a different sample; the same seed always the same")
        st.button("Regenerate", key="regenerate", width="stretch", on_click=_regenerate,
                  args=(on_change,), disabled=fixed, icon=":material/casino:")


def _own_points(on_upload, points_csv):
    st.segmented_control("A click on the plane", list(BRUSHES), key="brush", format_func=BRUSHES.get,
                         help="Click the decision-boundary chart to add a point of this class, "
                              "or to remove the point nearest the click")
    st.file_uploader("Upload points (CSV: x, y, label)", type=["csv", "txt"], key="upload",
                     on_change=on_upload,
                     help=f"One point per row; up to {MAX_OWN_POINTS:,} rows and {MAX_CLASSES} classes")
    st.download_button("Download points (CSV)", points_csv, "points.csv", "text/csv", key="download_points",
                       width="stretch", icon=":material/download:", on_click="ignore")


def _network_and_training(on_change, advanced):
    if advanced:
        with st.expander("Input features", expanded=False):
            st.pills("Features", list(FEATURES), key="features", selection_mode="multi", on_change=on_change,
                     help="What the network is given; with x₁² and x₂², no hidden layer is needed for circles")
    with st.expander("Network", expanded=True):
        st.slider("Hidden layers", 0, MAX_LAYERS, key="n_layers", on_change=on_change)
        for i in range(st.session_state.n_layers):
            st.slider(f"Neurons in layer {i + 1}" if i else "Hidden neurons (layer 1)", 1, MAX_NEURONS,
                      key=f"layer_{i + 1}", on_change=on_change)
        st.selectbox("Activation", list(ACTIVATIONS), key="activation", format_func=_label(ACTIVATIONS),
                     on_change=on_change)
        if advanced:
            st.selectbox("Output and loss", [o for o in OUTPUT_LOSSES
                                             if OUTPUT_LOSSES[o].task == st.session_state.problem],
                         key="output", format_func=_label(OUTPUT_LOSSES), on_change=on_change)
            st.selectbox("Initialisation", list(INITIALIZERS), key="init", on_change=on_change)
        st.number_input("Seed for the weights", 0, 2**31 - 1, step=1, key="seed", on_change=on_change,
                        help="Another seed, other initial weights: some get stuck, some do not")
    with st.expander("Training", expanded=True):
        st.select_slider("Learning rate", LEARNING_RATES, key="lr", on_change=on_change)
        if advanced:
            st.selectbox("Optimizer", list(OPTIMIZERS), key="optimizer", format_func=_label(OPTIMIZERS),
                         on_change=on_change)
            st.select_slider("Batch size", BATCH_SIZES, key="batch_size", on_change=on_change,
                             format_func=lambda b: "all" if b == 0 else str(b))
            st.selectbox("Regularisation", list(PENALTIES), key="regularization",
                         format_func=_label(PENALTIES), on_change=on_change)
            st.select_slider("Regularisation rate", REG_RATES, key="reg_rate", on_change=on_change)
        st.select_slider("Speed (epochs per frame)", SPEEDS, key="speed")


def _regenerate(on_change):
    st.session_state.data_seed = int(st.session_state.data_seed) + 1
    on_change()
