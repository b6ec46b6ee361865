"""Neuron surgery from the network diagram, headless (AppTest): a click on a hidden
neuron's tile switches it off or freezes it (ui.surgery), a second click or
"Undo surgery" restores it, and a rebuild ends it with a notice."""
import json


from plots.network import TILE, neuron_at

from tests.test_apptest import charts, metric, press, texts, trainer


def tile_centre(at, name):
    """(x, y) in diagram units of the centre of neuron ``name``'s tile (plots.network.network_figure)."""
    neurons = next(d for d in charts(at)["network"]["data"] if d.get("name") == "neurons")
    x0, y0, size, _ = next(tile for tile in neurons["meta"]["tiles"] if tile[3] == name)
    return x0 + size / 2, y0 + size / 2


def click_diagram(at, x, y):
    """Run the page as the browser does after a click on the diagram at (x, y): the
    live panel's state holds the click under the chart's key, numbered (ui/live_chart.py).
    AppTest has no handle on a custom component, so the state is added to the run's widget states."""
    panel = next(e for e in at.get("bidi_component") if e.proto.id.endswith("-live_panel"))
    at.clicks = getattr(at, "clicks", 0) + 1
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = panel.proto.id
    state.json_value = json.dumps({"network": {"x": x, "y": y, "n": at.clicks}})
    at._run(states)
    assert not at.exception, at.exception


def click_neuron(at, name):
    click_diagram(at, *tile_centre(at, name))


def traces(at, name):
    return next(d for d in charts(at)["network"]["data"] if d.get("name") == name)


def test_a_click_on_a_hidden_neuron_switches_it_off_and_a_second_click_restores_it(app):
    app.button(key="step").click().run()
    loss = metric(app, "Train loss")
    click_neuron(app, "h1.2")
    assert trainer(app).surgery.switched_off == [(1, 1)]
    assert metric(app, "Train loss") != loss  # measured again at once, at the same epoch
    assert metric(app, "Epoch") == "1"
    assert len(traces(app, "switched off")["x"]) == 6  # one cross over its tile
    assert "Surgery: h1.2 switched off" in "".join(texts(app))
    click_neuron(app, "h1.2")
    assert trainer(app).surgery.switched_off == [] and metric(app, "Train loss") == loss
    assert traces(app, "switched off")["x"] == []


def test_the_freeze_tool_freezes_and_undo_restores_every_neuron_while_playing(app):
    press(app, "play")
    click_neuron(app, "h2.3")  # the tool is "Switch off" at first
    app.segmented_control(key="surgery_tool").set_value("freeze").run()
    click_neuron(app, "h1.1")
    frozen = trainer(app).params()["W1"][:, 0].copy()
    app.run()  # one more frame of training
    assert trainer(app).params()["W1"][:, 0].tobytes() == frozen.tobytes()
    assert trainer(app).surgery.frozen == [(1, 0)] and trainer(app).surgery.switched_off == [(2, 2)]
    assert len(traces(app, "frozen")["x"]) == 6  # one outline around its tile
    app.button(key="undo_surgery").click().run()
    assert trainer(app).surgery.frozen == [] and trainer(app).surgery.switched_off == []
    assert "Surgery undone" in "".join(texts(app))


def test_a_click_between_the_tiles_changes_nothing(app):
    x, y = tile_centre(app, "h1.1")
    assert neuron_at([2, 5, 3, 2], x + TILE, y) is None
    click_diagram(app, x + TILE, y)
    assert trainer(app).surgery.switched_off == [] and trainer(app).surgery.frozen == []


def test_surgery_survives_rewind_and_a_rebuild_ends_it_with_a_notice(app):
    for _ in range(3):
        app.button(key="step").click().run()
    click_neuron(app, "h1.3")
    snap = trainer(app).snapshot(10, epoch=1)
    assert snap.switched_off == ((1, 2),)  # a replay shows today's switches
    app.slider(key="layer_1").set_value(6).run()
    assert trainer(app).surgery.switched_off == []
    assert "the surgery is undone" in "".join(texts(app))


def test_surgery_and_the_tool_survive_a_page_change_and_back(app):
    app.segmented_control(key="surgery_tool").set_value("freeze").run()
    click_neuron(app, "h1.4")
    app.switch_page("pages/maths.py").run()
    assert not app.exception
    app.switch_page("app.py").run()
    assert trainer(app).surgery.frozen == [(1, 3)]
    assert app.segmented_control(key="surgery_tool").value == "freeze"
    assert len(traces(app, "frozen")["x"]) == 6
