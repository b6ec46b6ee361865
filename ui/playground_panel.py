"""The playground's live panel: the decision boundary on the left; the numbers,
the chosen right-hand view and the loss curve on the right.  One element
(ui.live_chart.live_panel), drawn by every frame of the live view, and while
it plays by the frames of its stream (ui.stream)."""
from dataclasses import replace

from core.datasets import OWN
from plots import boundary_figure, hidden_space_figure, loss_figure, network_figure, neurons_figure

from .live_chart import chart_part, html_part, live_panel, panel_message, this_run
from .stats import stats_html
from .stream import start_stream

KEY = "live_panel"
WIDTHS = (1, 1.08)  # the boundary's column, the right one
# Each chart's least height (px): it fills its share of the window below its top, down to this
# when the window is short (a lesson open, presenter mode at 1280x720: the loss stays on screen).
BOUNDARY_HEIGHT, VIEW_HEIGHT, LOSS_HEIGHT = 240, 140, 120
PANEL_GAP = 12  # px between the parts of a column in presenter mode (ui/style.css: .6rem), 10 px else
VIEW_SHARE = 0.55           # the right-hand view's share of the room below its top; the loss has the rest
TALL_DIAGRAM_SHARE = 0.035  # and the diagram's, more for each unit its tallest column has beyond four


def _diagram_share(snap):
    """The network diagram's share of the room: its height sets its tiles' size (it is
    wider than it needs), so a tall column takes more of it from the loss under it,
    which keeps its least height (the diagram's ``keep``)."""
    tallest = max(grid.shape[2] for grid in (snap.grid_inputs, *snap.grid_hidden, snap.grid_output))
    return VIEW_SHARE + TALL_DIAGRAM_SHARE * max(0, tallest - 4)


def _right_view(snap, shown, reshaping, on_click_network, drawing):
    """The right-hand chart ``shown["view"]`` names: the network diagram (clickable unless
    ``reshaping`` is off or a replay is shown), the hidden space or the neurons' outputs."""
    if shown["view"] == "network":
        clickable = shown["replay"] is None and reshaping
        return chart_part(network_figure(snap, height=VIEW_HEIGHT, reshaping=reshaping), key="network",
                          height=VIEW_HEIGHT, fill=_diagram_share(snap), keep=LOSS_HEIGHT + PANEL_GAP,
                          on_click=on_click_network if clickable else None, drawing=drawing)
    if shown["view"] == "hidden":
        return chart_part(hidden_space_figure(snap, discretize=shown["discretize"], height=VIEW_HEIGHT),
                          key="hidden", height=VIEW_HEIGHT, fill=VIEW_SHARE, drawing=drawing)
    return chart_part(neurons_figure(snap, height=VIEW_HEIGHT), key="neurons", height=VIEW_HEIGHT, fill=VIEW_SHARE,
                      drawing=drawing)


def _columns(snap, trainer, shown, note, reshaping, on_click_plane, on_click_network, lesson, drawing):
    boundary = chart_part(boundary_figure(snap, show_test=shown["show_test"], discretize=shown["discretize"],
                                          height=BOUNDARY_HEIGHT),
                          key="boundary", height=BOUNDARY_HEIGHT, fill=1, square=True,
                          on_click=on_click_plane if trainer.config.dataset == OWN else None, drawing=drawing)
    # A replay shows the whole curve, marked where it stands.
    replaying = snap.epoch < trainer.epoch
    whole = replace(snap, train_loss=trainer.train_loss, test_loss=trainer.test_loss) if replaying else snap
    loss = chart_part(loss_figure(whole, log_y=shown["log_loss"], height=LOSS_HEIGHT,
                                  mark_epoch=snap.epoch if replaying else None), key="loss", height=LOSS_HEIGHT, fill=1,
                      drawing=drawing)
    stats = html_part("stats", stats_html(snap, trainer, shown["speed"], note))
    left = [boundary] if lesson is None else [html_part("lesson", lesson), boundary]
    return [left, [stats, _right_view(snap, shown, reshaping, on_click_network, drawing), loss]]


def playground_panel(snap, trainer, shown, note, reshaping, on_click_plane, on_click_network, lesson=None,
                     next_frame=None):
    """Draw the panel for ``snap`` (the latest epoch of ``trainer``, or a replayed one)
    with the live view's settings ``shown`` (app.py) and ``note`` under the numbers;
    ``lesson``, a lesson step's HTML (ui.exercise.lesson_panel), over the boundary.
    A click on the plane calls ``on_click_plane(click)`` when the data are the user's
    own points, one on the diagram ``on_click_network(click)``.
    With ``next_frame``, which trains for one frame and returns the next snapshot (None
    once the page must show what happened instead), the page's stream (ui.stream)
    brings the frames after this one, until the session's next script run."""
    def columns(snap, drawing):
        return _columns(snap, trainer, shown, note, reshaping, on_click_plane, on_click_network, lesson, drawing)
    drawing, stream = this_run(), None
    if next_frame is not None:
        streamed = replace(drawing, fresh=False)  # a stream's frames patch the bases this run starts

        def frame():
            snap = next_frame()
            return None if snap is None else panel_message(KEY, columns(snap, streamed), WIDTHS)
        stream = start_stream(frame)
    live_panel(KEY, columns(snap, drawing), WIDTHS, stream=stream)
