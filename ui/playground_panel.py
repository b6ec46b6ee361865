"""The playground's live panel: the decision boundary on the left; the numbers,
the chosen right-hand view and the loss curve on the right.  One element
(ui.live_chart.live_panel), drawn by every frame of the live view."""
from dataclasses import replace

from core.datasets import OWN
from plots import boundary_figure, hidden_space_figure, loss_figure, network_figure, neurons_figure

from .live_chart import chart_part, html_part, live_panel
from .stats import stats_html

KEY = "live_panel"
WIDTHS = (1, 1.08)  # the boundary's column, the right one


def _right_view(snap, shown, reshaping, on_click_network):
    """The right-hand chart ``shown["view"]`` names: the network diagram (clickable unless
    ``reshaping`` is off or a replay is shown), the hidden space or the neurons' outputs."""
    if shown["view"] == "network":
        clickable = shown["replay"] is None and reshaping
        return chart_part(network_figure(snap, height=200, reshaping=reshaping), key="network", height=200,
                          fill=0.55, on_click=on_click_network if clickable else None)
    if shown["view"] == "hidden":
        return chart_part(hidden_space_figure(snap, discretize=shown["discretize"], height=200), key="hidden",
                          height=200, fill=0.55)
    return chart_part(neurons_figure(snap, height=200), key="neurons", height=200, fill=0.55)


def playground_panel(snap, trainer, shown, note, reshaping, on_click_plane, on_click_network):
    """Draw the panel for ``snap`` (the latest epoch of ``trainer``, or a replayed one)
    with the live view's settings ``shown`` (app.py) and ``note`` under the numbers.
    A click on the plane calls ``on_click_plane(click)`` when the data are the user's
    own points, one on the diagram ``on_click_network(click)``."""
    boundary = chart_part(boundary_figure(snap, show_test=shown["show_test"], discretize=shown["discretize"],
                                          height=300),
                          key="boundary", height=300, fill=1, square=True,
                          on_click=on_click_plane if trainer.config.dataset == OWN else None)
    # A replay shows the whole curve, marked where it stands.
    replaying = snap.epoch < trainer.epoch
    whole = replace(snap, train_loss=trainer.train_loss, test_loss=trainer.test_loss) if replaying else snap
    loss = chart_part(loss_figure(whole, log_y=shown["log_loss"], height=160,
                                  mark_epoch=snap.epoch if replaying else None), key="loss", height=160, fill=1)
    stats = html_part("stats", stats_html(snap, trainer, shown["speed"], note))
    live_panel(KEY, [[boundary], [stats, _right_view(snap, shown, reshaping, on_click_network), loss]], WIDTHS)
