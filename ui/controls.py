"""The playground's settings: widgets in the sidebar, and the mappings between
their values and a ``core.Config``.  Every choice list is read from the core's
registries, and this module holds the one table of what each widget offers:
the widgets draw from it, a link is fitted to it (``fit_to_widgets``) and a
widget value that is not in it (stale, or deselected) is never used."""
import math
from dataclasses import fields, replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core import (ACTIVATIONS, DATASETS, DEFAULT_OUTPUT, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES,
                  PENALTIES, SCHEDULES, Config)
from core.datasets import MAX_CLASSES, MAX_OWN_POINTS, OWN
from core.limits import MAX_DRAWN_NEURONS, MAX_HIDDEN_LAYERS, MAX_SEED
from plots.style import CLASS_COLORS

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (0, 1, 5, 10, 20, 50, 100)  # 0: all points
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500)
POINTS = (20, 50, 100, 200, 300, 500, 1000, 2000)
DECAY_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)  # k of the inverse-time schedule
SCHEDULE_FACTORS = (0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)     # γ of the step and exponential ones
CLIP_NORMS = (0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)  # 0: no clipping
NOISE, TEST_SHARE = (0.0, 1.0, 0.01), (0.0, 0.5, 0.05)  # (low, high, step) of their sliders
PROBLEMS = {"classification": "Classification", "regression": "Regression"}
# Choice widgets: key -> the values they offer.  A value outside these (a
# deselected segmented control, or a label left over from another option list)
# is never passed on: the config's own value is shown instead.
CHOICES = {"problem": PROBLEMS, "dataset": DATASETS, "activation": ACTIVATIONS, "output": OUTPUT_LOSSES,
           "init": INITIALIZERS, "optimizer": OPTIMIZERS, "regularization": PENALTIES, "lr": LEARNING_RATES,
           "batch_size": BATCH_SIZES, "reg_rate": REG_RATES, "n_points": POINTS, "schedule": SCHEDULES,
           "lr_decay": DECAY_RATES, "schedule_factor": SCHEDULE_FACTORS, "clip_norm": CLIP_NORMS,
           **{f"activation_{i + 1}": ACTIVATIONS for i in range(MAX_HIDDEN_LAYERS)}}
CONFIG_FIELDS = {f.name for f in fields(Config)}
# How each setting is named when a link's value has to be changed to fit.
NEW_LAYER_NEURONS = 4  # a hidden layer added to the network starts with these
NAMES = {"hidden": "hidden layers", "n_points": "points", "noise": "noise", "test_fraction": "test share",
         "lr": "learning rate", "batch_size": "batch size", "reg_rate": "regularisation rate",
         "output": "output and loss", "lr_decay": "decay rate k", "schedule_factor": "schedule factor γ",
         "clip_norm": "clipping norm"}


def _nearest(options, value, log=False):
    scale = (lambda v: math.log10(v) if v > 0 else -99.0) if log else float
    return min(options, key=lambda option: abs(scale(option) - scale(value)))


def _on_slider(value, low, high, step):
    return round(round(min(max(value, low), high) / step) * step, 10)  # 0.15, not 0.15000000000000002


def widget_values(config):
    """Widget key -> value showing ``config``, each one a value its widget offers
    (the nearest one where ``config`` holds another: see ``fit_to_widgets``)."""
    spec = DATASETS[config.dataset]
    hidden = [min(max(h, 1), MAX_DRAWN_NEURONS) for h in config.hidden]
    layers = {f"layer_{i + 1}": hidden[i] if i < len(hidden) else NEW_LAYER_NEURONS
              for i in range(MAX_HIDDEN_LAYERS)}
    batch = config.batch_size and _nearest(BATCH_SIZES[1:], config.batch_size)
    return {"problem": spec.task, "dataset": config.dataset,
            "n_points": _nearest(POINTS, config.n_points),
            "noise": _on_slider(spec.default_noise if config.noise is None else config.noise, *NOISE),
            "test_fraction": _on_slider(config.test_fraction, *TEST_SHARE), "data_seed": config.data_seed,
            "features": list(config.features), "n_layers": len(hidden), **layers,
            "activation": config.activation, "output": config.output or DEFAULT_OUTPUT[spec.task],
            "init": config.init, "seed": config.seed, "lr": _nearest(LEARNING_RATES, config.lr, log=True),
            "optimizer": config.optimizer, "batch_size": batch,
            "regularization": config.regularization,
            "reg_rate": _nearest(REG_RATES, config.reg_rate, log=True),
            "schedule": config.schedule_name, "lr_decay": _nearest(DECAY_RATES, config.lr_decay, log=True),
            "schedule_factor": _nearest(SCHEDULE_FACTORS, config.schedule_factor),
            "schedule_epochs": config.schedule_epochs, "clip_norm": _nearest(CLIP_NORMS, config.clip_norm, log=True),
            "activation_per_layer": bool(config.layer_activations), **_layer_activations(config)}


def _layer_activations(config):
    """Widget key -> value of each hidden layer's activation box, those of layers
    not in the network showing the activation a layer added would take."""
    own = config.hidden_activations
    return {f"activation_{i + 1}": own[i] if i < len(own) else config.activation for i in range(MAX_HIDDEN_LAYERS)}


def usable(key, value, problem=None):
    """Whether ``value`` may stand in widget ``key`` (with the problem type ``problem``)."""
    if key == "features":
        return isinstance(value, (list, tuple)) and all(f in FEATURES for f in value)
    if key not in CHOICES:
        return value is not None
    if value not in CHOICES[key]:
        return False
    if problem is not None and key in ("dataset", "output"):
        return (DATASETS if key == "dataset" else OUTPUT_LOSSES)[value].task == problem
    return True


def keep_widgets(state, config):
    """Before the widgets are drawn: every setting widget whose state is missing
    (Streamlit drops a widget's state on a run that does not draw it, e.g. on
    another page) or unusable shows ``config`` again."""
    state.update(_usable(state, widget_values(config)))


def _usable(state, shown):
    """``shown`` (widget key -> value), with every value of ``state`` that its widget may show in its stead."""
    problem = state.get("problem") if usable("problem", state.get("problem")) else shown["problem"]
    return shown | {key: state[key] for key in shown if usable(key, state.get(key), problem)}


def wanted_config(state, current):
    """(Config the widgets ask for, a note to show or None).  An output/loss
    that cannot serve the chosen data is swapped for one that can, and said so."""
    note = None
    exercise = state.get("exercise")
    # Controls hidden in presenter mode have no widget state, and a stale one
    # is not used: both keep the current value.  A data set of another problem
    # type than the one chosen is stale too: a timed frame sent by the browser
    # before it learnt of a problem switch still carries the old data set.
    shown = widget_values(current)
    state = _usable(state, shown)
    output = state["output"]
    task = DATASETS[state["dataset"]].task
    spec = OUTPUT_LOSSES[output]
    if spec.task != task or (not spec.one_output_per_class and DATASETS[state["dataset"]].n_classes > 2):
        output = DEFAULT_OUTPUT[task]
        note = f"{spec.label} cannot serve this data set: switched to {OUTPUT_LOSSES[output].label}."
    features = tuple(state["features"]) or current.features
    # None is "the data set's own noise" or "the task's usual output": it stays
    # so until the widget moves, as any other change would rebuild the network.
    noise = None if current.noise is None and state["noise"] == shown["noise"] else state["noise"]
    output = None if current.output is None and output == shown["output"] else output
    schedule = None if current.schedule is None and state["schedule"] == shown["schedule"] else state["schedule"]
    # k is the inverse-time schedule's own setting: Config refuses it beside another schedule.
    lr_decay = state["lr_decay"] if (schedule or current.schedule_name) == "inverse-time" else 0.0
    layers = range(state["n_layers"])
    per_layer = tuple(state[f"activation_{i + 1}"] for i in layers) if state["activation_per_layer"] else ()
    # A widget keyed by its Config field's name passes its value on as it is;
    # so a new setting needs its field, its entry in widget_values and its widget.
    plain = {name: state[name] for name in CONFIG_FIELDS & shown.keys() - {"noise", "output", "features", "schedule",
                                                                           "lr_decay"}}
    config = replace(current, **plain, noise=noise, output=output, features=features, schedule=schedule,
                     lr_decay=lr_decay, layer_activations=per_layer,
                     hidden=tuple(state[f"layer_{i + 1}"] for i in layers))
    if exercise is not None:  # what an exercise hides or locks keeps its value, whatever a widget says
        config = replace(config, **{name: getattr(current, name) for name in exercise.fixed})
    return config, note


def fit_to_widgets(config):
    """(The config the playground's widgets can show, notices): a value that
    they do not offer (from a link, say) is moved to the nearest one they do,
    and each move is said, so that what runs is always what the controls show."""
    fitted, note = wanted_config(widget_values(config), config)
    notices = [note] if note else []
    for field in fields(config):
        old, new = getattr(config, field.name), getattr(fitted, field.name)
        if old != new and old is not None and field.name != "output":
            notices.append(f"The playground offers no {NAMES.get(field.name, field.name)} of {_shown(old)}: "
                           f"using {_shown(new)}.")
    return fitted, notices


def _shown(value):
    return ",".join(map(str, value)) if isinstance(value, tuple) else f"{value:g}"


# Session-state key: set from a live fragment's call for a run of the whole page
# (rerun_the_page) until that run's page body starts (page_run_started).
PAGE_RUN_ASKED = "page_run_asked"


def rerun_the_page():
    """From a live fragment: run the whole page again (the fragment changed what
    lies outside it).  Streamlit merges that request with those the browser
    sends meanwhile and takes the widget values of the newest: a timed frame's,
    sent before the browser had the fragment's change, so that run must read
    its settings as echoes (``widget_values_may_be_echoes``)."""
    st.session_state[PAGE_RUN_ASKED] = True
    st.rerun()


def page_run_started(state):
    """At the top of every page's body, once this run's widget callbacks are over."""
    state.pop(PAGE_RUN_ASKED, None)


def widget_values_may_be_echoes():
    """Whether the settings widgets' values in this run may be the browser's
    from before the server last changed them: an echo of an older page (a
    preset, a reset, a problem switch or a click on the diagram undone).

    The settings widgets are drawn outside every fragment, so the browser
    sends a user's change of one with a request for a run of the whole page.
    A timed frame of a live fragment is sent on a timer, with whatever values
    the browser has, often before it has the last page run's (the timer fires
    while that run is in flight).  A run of the whole page that a fragment
    asked for (``rerun_the_page``) takes the values of a timed frame merged
    into it, and a user's change merged into it too is lost: then the widget
    shows the setting in use again, as it does after any echo."""
    ctx = get_script_run_ctx()
    in_a_timed_frame = ctx is not None and bool(ctx.fragment_ids_this_run)
    return in_a_timed_frame or bool(st.session_state.get(PAGE_RUN_ASKED))


def user_changes_only(on_change, shown):
    """``on_change`` for a widget outside the live view, run for the user's
    changes only: an echo (``widget_values_may_be_echoes``) is dropped and
    every setting widget shows ``shown()`` (widget key -> value) again."""
    def changed():
        if widget_values_may_be_echoes():
            st.session_state.update(shown())
        else:
            on_change()
    return changed


def _label(registry):
    return lambda name: registry[name].label if name in registry else str(name)


BRUSHES = {**{k: f"Class {k}" for k in range(MAX_CLASSES)}, "remove": "Remove"}
VIEWS = {"network": "Network", "hidden": "Hidden space", "neurons": "Neurons"}
# The presets' buttons: (label, what the button's help says).
PRESET_LABELS = {"xor-tutorial": ("XOR tutorial", "2-2-1 sigmoid network, MSE, seed 42, as in the tutorial"),
                 "britz-moons": ("Britz moons", "Denny Britz's tanh + softmax network on two moons")}
# The caption under each view of the playground's right panel.
VIEW_CAPTIONS = {
    "network": "Network: every neuron drawn as its output over the input plane; links blue for positive "
               "weights, orange for negative, thicker for larger. Hover a link for its weight. Click a hidden "
               "neuron to switch it off (or to freeze it: Neuron surgery, in the sidebar), again to restore it.",
    "hidden": "The training points placed by the last hidden layer's outputs. The output layer "
              "draws a straight line here: if the classes sit on either side, the hidden layer "
              "has made them linearly separable.",
    "neurons": "Each neuron of the first hidden layer, larger: its output over the input plane.",
}
SWITCH = (True, False)
# How the live view is shown, apart from the Config: key -> (default, the values
# its widget offers).  These hold on every page and every run (keep_preferences).
PREFERENCES = {"speed": (20, SPEEDS), "view": ("network", VIEWS), "show_test": (True, SWITCH),
               "discretize": (False, SWITCH), "log_loss": (False, SWITCH), "presenter": (False, SWITCH),
               "brush": (1, (*BRUSHES, None))}


def add_preference(key, default, options):
    """Make ``key`` a preference too (see PREFERENCES), for a widget defined elsewhere in ui/."""
    PREFERENCES[key] = (default, options)


def keep_preferences(state):
    """On every run of every page, before any widget is drawn: each preference
    keeps its last usable value.  Streamlit drops a widget's state on a run that
    does not draw it (another page, presenter mode), and a segmented control
    clicked twice reads None; assigning the state on each run prevents both."""
    kept = state.setdefault("preferences", {key: default for key, (default, _) in PREFERENCES.items()})
    for key, (_, options) in PREFERENCES.items():
        if key in state and state[key] in options:
            kept[key] = state[key]
        state[key] = kept[key]


def _hidden(name):
    """Whether the session's exercise (core.exercise) hides setting ``name`` (a Config field)."""
    exercise = st.session_state.get("exercise")
    return exercise is not None and name in exercise.hidden


def _control(name, draw, *args, **kwargs):
    """``draw(*args, **kwargs)``, the widget of setting ``name`` (a Config field),
    unless the session's exercise hides it; disabled if it locks it."""
    exercise = st.session_state.get("exercise")
    if _hidden(name):
        return None
    if exercise is not None and name in exercise.locked:
        kwargs["disabled"] = True
    return draw(*args, **kwargs)


def lecture_bar(on_change, on_problem):
    """The settings a lecture changes most, in one row above the charts (as
    TensorFlow Playground keeps them): problem type, data set, learning rate,
    activation, regularisation and its rate.  ``on_change`` runs after any of
    them changes, ``on_problem`` after the problem type does (it must pick a
    data set of that type first)."""
    state = st.session_state
    # Widths for the longest option of each ("Multi-Gaussian (TF Playground)") at 1280 px, the sidebar open.
    problem, dataset, lr, activation, penalty, rate = st.columns([1, 1.75, 0.75, 0.95, 0.95, 0.8])
    _control("dataset", problem.selectbox, "Problem", list(PROBLEMS), key="problem", format_func=PROBLEMS.get,
             on_change=on_problem)
    _control("dataset", dataset.selectbox, "Data set", [d for d in DATASETS if DATASETS[d].task == state.problem],
             key="dataset", format_func=_label(DATASETS), on_change=on_change)
    _control("lr", lr.selectbox, "Learning rate", LEARNING_RATES, key="lr", format_func="{:g}".format,
             on_change=on_change)
    _control("activation", activation.selectbox, "Activation", list(ACTIVATIONS), key="activation",
             format_func=_label(ACTIVATIONS), on_change=on_change)
    _control("regularization", penalty.selectbox, "Regularisation", list(PENALTIES), key="regularization",
             format_func=_label(PENALTIES), on_change=on_change)
    _control("reg_rate", rate.selectbox, "Reg. rate", REG_RATES, key="reg_rate", format_func="{:g}".format,
             on_change=on_change, help="How strongly large weights are penalised (with L1 or L2)")


def reshaped(hidden, change):
    """``hidden`` (neurons in each hidden layer) after a − or + of the network
    diagram (``plots.network.shape_buttons``), within the widgets' limits."""
    kind, layer, step = change
    if kind == "layers":
        count = min(max(len(hidden) + step, 0), MAX_HIDDEN_LAYERS)
        return hidden[:count] + (NEW_LAYER_NEURONS,) * (count - len(hidden))
    neurons = min(max(hidden[layer - 1] + step, 1), MAX_DRAWN_NEURONS)
    return hidden[:layer - 1] + (neurons,) + hidden[layer:]


def with_hidden(config, hidden):
    """``config`` with the hidden layers ``hidden``; with an activation per layer, a
    layer kept keeps its own and a layer added takes ``config.activation``."""
    per_layer = config.layer_activations and (config.layer_activations + (config.activation,) * len(hidden))
    return replace(config, hidden=hidden, layer_activations=per_layer[:len(hidden)] if per_layer else ())


def sidebar(on_change, advanced=True, own_points=None):
    """The settings that are not in the lecture bar (``lecture_bar``);
    ``on_change`` runs after any of them changes.  Without ``advanced``
    (presenter mode) only the headline controls are shown.  ``own_points`` =
    (on_upload, on_clear, a function giving the points as CSV text) draws the
    controls for your own points when that data set is chosen."""
    with st.expander("Data", expanded=True):
        if st.session_state.dataset == OWN:
            _own_points(*own_points)
        else:
            _generated_data(on_change, advanced)
    _network_and_training(on_change, advanced)


def _generated_data(on_change, advanced):
    fixed = DATASETS[st.session_state.dataset].fixed_size is not None
    _control("noise", st.slider, "Noise", *NOISE[:2], step=NOISE[2], key="noise", on_change=on_change, disabled=fixed)
    if advanced:
        _control("n_points", st.select_slider, "Points", POINTS, key="n_points", on_change=on_change, disabled=fixed)
        _control("test_fraction", st.slider, "Test share", *TEST_SHARE[:2], step=TEST_SHARE[2], key="test_fraction",
                 on_change=on_change, disabled=fixed,
                 help="Points held out to measure how well the network generalises")
        _control("data_seed", st.number_input, "Data seed", 0, MAX_SEED, step=1, key="data_seed", on_change=on_change,
                 help="Each seed draws a different sample; the same seed always the same")
        _control("data_seed", st.button, "Regenerate", key="regenerate", width="stretch", on_click=_regenerate,
                 args=(on_change,), disabled=fixed, icon=":material/casino:")


def _brush_swatches():
    """CSS giving each class option of the brush a dot in its class's colour, as
    its points are drawn.  Streamlit styles no option on its own, so the dots
    go by position: BRUSHES lists the classes first, in order."""
    dots = "".join(f".st-key-brush [role=radio]:nth-of-type({k + 1}) p::before{{background:{CLASS_COLORS[k]}}}"
                   for k in BRUSHES if k != "remove")
    # A grey rim (as the chart rims its points) keeps every dot distinct on a light or a dark page.
    return ("<style>.st-key-brush [role=radio]:not(:last-of-type) p::before{content:'';display:inline-block;"
            "width:.8em;height:.8em;border-radius:50%;margin-right:.4em;vertical-align:-.08em;"
            f"box-shadow:0 0 0 1.5px rgba(128,128,128,.8)}}{dots}</style>")


def _own_points(on_upload, on_clear, points_csv):
    st.html(_brush_swatches())
    st.segmented_control("A click on the plane", list(BRUSHES), key="brush", format_func=BRUSHES.get,
                         help="Click the decision-boundary chart to add a point of this class, "
                              "or to remove the point nearest the click")
    st.button("Clear the plane", key="clear_points", width="stretch", icon=":material/delete_sweep:",
              on_click=on_clear, help="Remove every point; training waits until there are points of two classes")
    st.file_uploader("Upload points (CSV: x, y, label)", type=["csv", "txt"], key="upload",
                     on_change=on_upload,
                     help=f"One point per row; up to {MAX_OWN_POINTS:,} rows and {MAX_CLASSES} classes")
    st.download_button("Download points (CSV)", points_csv, "points.csv", "text/csv", key="download_points",
                       width="stretch", icon=":material/download:", on_click="ignore")


def _network_and_training(on_change, advanced):
    if advanced and not _hidden("features"):
        with st.expander("Input features", expanded=False):
            _control("features", st.pills, "Features", list(FEATURES), key="features", selection_mode="multi",
                     on_change=on_change,
                     help="What the network is given; with x₁² and x₂², no hidden layer is needed for circles")
    with st.expander("Network", expanded=True):
        _control("hidden", st.slider, "Hidden layers", 0, MAX_HIDDEN_LAYERS, key="n_layers", on_change=on_change,
                 help="Or press − and + on the network diagram")
        for i in range(st.session_state.n_layers):
            _control("hidden", st.slider, f"Neurons in layer {i + 1}" if i else "Hidden neurons (layer 1)", 1,
                     MAX_DRAWN_NEURONS, key=f"layer_{i + 1}", on_change=on_change)
        if advanced:
            _control("output", st.selectbox, "Output and loss",
                     [o for o in OUTPUT_LOSSES if OUTPUT_LOSSES[o].task == st.session_state.problem],
                     key="output", format_func=_label(OUTPUT_LOSSES), on_change=on_change)
            _control("init", st.selectbox, "Initialisation", list(INITIALIZERS), key="init", on_change=on_change)
            _activation_per_layer(on_change)
        _control("seed", st.number_input, "Seed for the weights", 0, MAX_SEED, step=1, key="seed", on_change=on_change,
                 help="Another seed, other initial weights: some get stuck, some do not")
    with st.expander("Training", expanded=True):
        if advanced:
            _control("optimizer", st.selectbox, "Optimizer", list(OPTIMIZERS), key="optimizer",
                     format_func=_label(OPTIMIZERS), on_change=on_change)
            _control("batch_size", st.select_slider, "Batch size", BATCH_SIZES, key="batch_size",
                     on_change=on_change, format_func=lambda b: "all" if b == 0 else str(b))
            _schedule_and_clipping(on_change)
        st.select_slider("Speed (epochs per frame)", SPEEDS, key="speed")


def _activation_per_layer(on_change):
    # Labelled without "activation": the lecture bar's Activation box is found by its label.
    _control("activation", st.toggle, "Per-layer nonlinearity", key="activation_per_layer", on_change=on_change,
             help="Give each hidden layer its own activation function, in place of the one above the charts")
    if st.session_state.activation_per_layer:
        for i in range(st.session_state.n_layers):
            _control("activation", st.selectbox, f"Layer {i + 1} nonlinearity", list(ACTIVATIONS),
                     key=f"activation_{i + 1}", format_func=_label(ACTIVATIONS), on_change=on_change)


# How each schedule setting (a Config field, see core.nn.schedules) is drawn: its widget and label.
SCHEDULE_SETTINGS = {
    "lr_decay": lambda on_change: _control("schedule", st.select_slider, "Decay rate k", DECAY_RATES, key="lr_decay",
                                           on_change=on_change, format_func="{:g}".format),
    "schedule_factor": lambda on_change: _control("schedule", st.select_slider, "Factor γ", SCHEDULE_FACTORS,
                                                  key="schedule_factor", on_change=on_change, format_func="{:g}".format),
    "schedule_epochs": lambda on_change: _control("schedule", st.number_input, "Epochs s", 1, 10**6, step=10,
                                                  key="schedule_epochs", on_change=on_change),
}


def _schedule_and_clipping(on_change):
    _control("schedule", st.selectbox, "Learning-rate schedule", list(SCHEDULES), key="schedule",
             format_func=_label(SCHEDULES), on_change=on_change,
             help="How the step size η_t changes with the epoch t; each formula is on the Maths of a step page")
    for setting in SCHEDULES[st.session_state.schedule].settings:
        SCHEDULE_SETTINGS[setting](on_change)
    _control("clip_norm", st.select_slider, "Gradient clipping (norm)", CLIP_NORMS, key="clip_norm",
             on_change=on_change, format_func=lambda c: "off" if c == 0 else f"{c:g}",
             help="Each update's gradient is shortened to at most this length (its global norm)")


def _regenerate(on_change):
    st.session_state.data_seed = int(st.session_state.data_seed) + 1
    on_change()
