"""What a change of the playground's settings does to its session: live
settings keep the network, others rebuild it, and the page says which
(``note``), or why nothing changed (``problem_text``).  The widgets are in
``ui.controls``; ``on_setting`` and ``on_problem`` are their callbacks."""
import streamlit as st

from core import DATASETS
from core.datasets import OWN, as_own
from core.diagnostics import steady_rate
from plots.network import neuron_at, shape_button_at

from .controls import (LEARNING_RATES, reshaped, usable, user_changes_only, wanted_config, widget_values,
                       with_hidden)
from .exercise import fixed_settings
from .surgery import KEY as SURGERY_KEY, operate, surgery_lost


def apply_controls():
    """The session's network and data made to what the settings widgets ask for."""
    reconfigure(lambda current: wanted_config(st.session_state, current))


def reconfigure(wanted):
    """The session's network and data made to ``wanted(config)`` = (a config for
    the session now on ``config``, a note to show or None), and every settings
    widget to show what is then in use; the note also says when training restarts."""
    ss = st.session_state
    trainer = ss.trainer
    ss.problem_text = None
    before, lost = trainer.config, surgery_lost(trainer)
    try:
        config, ss.note = wanted(trainer.config)
        epoch = trainer.epoch
        # Own points start as the points on screen, ready to edit.
        rebuilt = config.dataset == OWN != trainer.config.dataset and trainer.use_data(as_own(trainer.data))
        rebuilt |= trainer.update(**{f: getattr(config, f) for f in config.__dataclass_fields__})
    except ValueError as error:
        ss.problem_text = f"That setting cannot be used here: {error}. The network is unchanged."
        ss.update(widget_values(trainer.config))
        return
    if rebuilt and epoch:
        ss.note = (ss.note or "") + f" New data or network: training restarts from epoch 0 (was {epoch:,})."
    if rebuilt:
        ss.note = ((ss.note or "") + lost) or None
    if config.dataset not in (before.dataset, OWN) and "lr" not in fixed_settings():  # an exercise's rate stays
        keep_a_steady_rate(trainer)
    ss.update(widget_values(trainer.config))


def keep_a_steady_rate(trainer):
    """After a switch of data set or problem type: a learning rate that would make
    the new data diverge is lowered to one that does not, and the page says so."""
    ss = st.session_state
    lr = steady_rate(trainer.config, LEARNING_RATES)
    if lr is not None and lr != trainer.config.lr:
        ss.note = (ss.note or "") + (f" Learning rate {trainer.config.lr:g} diverges on this data: "
                                     f"lowered to {lr:g}.")
        trainer.update(lr=lr)


def change_problem():
    """A new problem type: the data set last used for it, or its first; and the settings applied."""
    ss = st.session_state
    if not usable("problem", ss.problem):  # the chosen option clicked again: it stays chosen
        ss.problem = DATASETS[ss.trainer.config.dataset].task
        return
    # Back to the data set last used for this problem type (a lecturer showing
    # regression, then back to the moons), else its first.
    left = ss.setdefault("dataset_of_problem", {})
    if ss.trainer.config.dataset != OWN:  # own points are drawn for one problem type only
        left[DATASETS[ss.trainer.config.dataset].task] = ss.trainer.config.dataset
    ss.dataset = left.get(ss.problem) or next(d for d in DATASETS if DATASETS[d].task == ss.problem)
    apply_controls()


def settings_shown():
    return widget_values(st.session_state.trainer.config)


# What the settings widgets run on a change (not on a timed frame's echo of an older page).
on_setting = user_changes_only(apply_controls, settings_shown)
on_problem = user_changes_only(change_problem, settings_shown)


def click_network(click):
    """A click on the network diagram at ``click`` ({"x", "y"} in data units): its − and +
    buttons change the network's shape, a click on a hidden neuron operates on it (ui.surgery).  The click comes with a
    timed frame's widget values (the diagram is in the live view), so the new shape
    is worked out from the network itself, not from them; the surgery tool is set by
    the user alone, so its value is never an echo of one the server set."""
    ss = st.session_state
    config = ss.trainer.config
    if not click:
        return
    sizes = [len(config.features), *config.hidden, ss.trainer.n_outputs]
    x, y = float(click["x"]), float(click["y"])
    change = shape_button_at(sizes, x, y)
    neuron = None if change else neuron_at(sizes, x, y)
    if neuron:
        operate(ss.trainer, *neuron, ss.get(SURGERY_KEY) or "off")
    hidden = reshaped(config.hidden, change) if change else config.hidden
    if hidden != config.hidden:
        reconfigure(lambda current: (with_hidden(current, hidden), None))
        ss.shape_changed = True  # the live view runs the whole page again, for the sidebar and the link
