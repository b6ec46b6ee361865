"""Draw functions of three "Look inside" views (ui.inside.INSIDE_VIEWS): the
gradient size per layer, the activations per hidden layer, the metrics.
Each draws one live chart (and the metrics a line of numbers) from the live
frame's snapshot; the figures are plots.inside's."""
from dataclasses import replace

import streamlit as st

from plots.inside import activations_figure, gradients_figure, metrics_figure, per_class_accuracy
from .live_chart import chart

GRADIENTS_HEIGHT, METRICS_HEIGHT = 280, 300


def draw_gradients(snap, trainer, shown):
    """A replay shows the whole history of norms, marked where it stands, as the loss chart does."""
    replaying = snap.epoch < trainer.epoch
    whole = replace(snap, train_loss=trainer.train_loss,
                    gradient_norms=trainer.gradient_norms.values()) if replaying else snap
    chart(gradients_figure(whole, height=GRADIENTS_HEIGHT, mark_epoch=snap.epoch if replaying else None),
          key="inside_gradients", height=GRADIENTS_HEIGHT)


def draw_activations(snap, trainer, shown):
    figure = activations_figure(snap)
    chart(figure, key="inside_activations", height=figure["layout"]["height"])


def _percent(value):
    return "—" if value is None or value != value else f"{value:.1%}"  # None, or NaN: a class with no points


def metrics_line(snap):
    """The core's metrics of ``snap`` in one line of text: accuracy and per-class
    accuracy (classification) or R² and RMSE (regression), train then test."""
    parts = []
    for name, found, y, accuracy in (("Train", snap.train_metrics, snap.data.y_train, snap.train_accuracy),
                                     ("test", snap.test_metrics, snap.data.y_test, snap.test_accuracy)):
        if found is None:
            parts.append(f"{name}: no points")
        elif found.confusion is not None:
            classes = " / ".join(_percent(a) for a in per_class_accuracy(found.confusion, y, len(found.confusion)))
            parts.append(f"{name}: accuracy {_percent(accuracy)} (per class {classes})")
        else:
            parts.append(f"{name}: R² {found.r2:.3f}, RMSE {found.rmse:.3f}")
    return " · ".join(parts)


def draw_metrics(snap, trainer, shown):
    chart(metrics_figure(snap, height=METRICS_HEIGHT), key="inside_metrics", height=METRICS_HEIGHT)
    st.markdown(f"<div data-stat='metrics'>{metrics_line(snap)}</div>", unsafe_allow_html=True)
