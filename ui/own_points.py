"""The playground's handlers for your own points: clicks on the plane, an
uploaded CSV file and Clear.  Each changes ``st.session_state.trainer``'s data
and says what happened in ``note`` or, when nothing could change, ``problem_text``."""
import streamlit as st

from core import DEFAULT_OUTPUT
from core.datasets import OWN, DataError, own_points, read_points_csv, with_point, without_point_near

from .controls import widget_values


def click_plane(click):
    """A click on the boundary chart at ``click`` ({"x", "y"} in data units): add a
    point of the chosen class, or remove the nearest."""
    ss = st.session_state
    trainer = ss.trainer
    if trainer.config.dataset != OWN or not click:
        return
    point = (float(click["x"]), float(click["y"]))
    try:
        if ss.brush is None:
            raise DataError("choose a class to add, or Remove, first")
        if ss.brush == "remove":
            (x0, x1), _ = trainer.bounds
            new = without_point_near(trainer.data, point, radius=0.03 * (x1 - x0))
        else:
            new = with_point(trainer.data, point, int(ss.brush))
        if trainer.use_data(new):
            st.toast("The number of classes changed: training restarts.", icon=":material/info:")
    except ValueError as error:  # DataError included
        st.toast(f"Not changed: {error}.", icon=":material/block:")


def upload_points():
    """The CSV file just chosen becomes the training data."""
    ss = st.session_state
    file, trainer = ss.upload, ss.trainer
    if file is None:
        return
    ss.problem_text = None
    try:
        data, names = read_points_csv(file.getvalue().decode("utf-8-sig"))
        if data.n_classes > 2 and not trainer.output.one_output_per_class:
            trainer.update(output=DEFAULT_OUTPUT["classification"])
        trainer.use_data(data, new=True)
    except UnicodeDecodeError:
        ss.problem_text = f"{file.name} is not a text (UTF-8) CSV file. Nothing was changed."
    except ValueError as error:
        ss.problem_text = f"{file.name} cannot be used: {error}. Nothing was changed."
    else:
        classes = ", ".join(f"{name} → class {k}" for k, name in enumerate(names))
        one_line = " ".join(file.name.split())  # the note is one line of HTML: a blank line would end it
        ss.note = f"Loaded {len(data.X_train):,} points from {one_line} ({classes}); training starts from epoch 0."
        ss.update(widget_values(trainer.config))


def clear_points():
    """Clear the plane (a sidebar button): an empty plane, and a network from its seed that trains
    once points of two classes are clicked onto it (core: TrainingSession.waiting)."""
    ss = st.session_state
    ss.trainer.use_data(own_points([], []), new=True)
    ss.note, ss.problem_text = "The plane is cleared.", None
