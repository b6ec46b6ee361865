"""Load a saved network in the playground (issue 15), headless: the sidebar's
uploader takes a weights file, the page shows its epoch and settings, and Play
trains on from it; a file that does not fit leaves the trained network as it was."""
import json


from core import Config, TrainingSession
from core.export import MAX_WEIGHTS_CHARS, weights_json

from tests.test_apptest import metric, notices, press, texts, trainer


def upload(at, name, content):
    at.file_uploader(key="upload_network").set_value((name, content.encode(), "application/json")).run()
    assert not at.exception, at.exception


def saved(**settings):
    session = TrainingSession(Config(dataset="circles", hidden=(6, 2), lr=0.3, optimizer="momentum", **settings))
    session.step(40)
    return session


def test_a_saved_network_loads_at_its_epoch_and_trains_on_exactly(app):
    original = saved(schedule="exponential", schedule_factor=0.9)
    upload(app, "stuck.json", weights_json(original))
    assert trainer(app).config == original.config and metric(app, "Epoch") == "40"
    assert app.selectbox(key="dataset").value == "circles" and app.slider(key="layer_1").value == 6
    assert app.selectbox(key="schedule").value == "exponential"
    assert all(a.tobytes() == b.tobytes() for a, b in zip(trainer(app).W, original.W))
    assert "Loaded the network of stuck.json at epoch 40" in "".join(texts(app))
    assert app.query_params["dataset"] == "circles"  # the link is the loaded setup's
    press(app, "play")
    trained = trainer(app).epoch
    assert trained > 40
    original.step(trained - 40)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(trainer(app).W + trainer(app).b, original.W + original.b))


def test_a_file_that_does_not_fit_leaves_the_trained_network_as_it_was(app):
    for _ in range(3):
        app.button(key="step").click().run()
    before = trainer(app)
    weights = before.params()["W1"].copy()
    record = json.loads(weights_json(saved()))
    record["params"]["W1"] = [[1.0, 2.0]]
    for name, content, says in (("broken.json", "{not json", "not a JSON file"),
                                ("shape.json", json.dumps(record), "W1 has shape (1, 2)"),
                                ("nan.json", weights_json(saved()).replace("0.", "NaN, 0.", 1), "not a number")):
        upload(app, name, content)
        assert trainer(app) is before and trainer(app).epoch == 3 and metric(app, "Epoch") == "3"
        assert (trainer(app).params()["W1"] == weights).all()
        assert any(f"{name} cannot be loaded: " in n and says in n and "unchanged" in n for n in notices(app))


def test_a_network_wider_than_the_diagram_draws_is_refused_and_a_rate_it_lacks_is_moved(app):
    wide = TrainingSession(Config(hidden=(12,)))
    upload(app, "wide.json", weights_json(wide))
    assert trainer(app).config.hidden == (5, 3)
    assert any("cannot show its network" in n and "hidden layers of 12" in n for n in notices(app))
    upload(app, "rate.json", weights_json(TrainingSession(Config(lr=0.05))))
    assert trainer(app).config.lr == 0.03 and not notices(app)
    assert "no learning rate of 0.05: using 0.03" in "".join(texts(app))


def test_the_uploader_refuses_in_the_browser_what_the_core_refuses(app):
    """The size the uploader shows and enforces is the core's limit (it said 5 MB, the core took 4)."""
    uploader = next(e for e in app.get("file_uploader") if e.proto.id.endswith("upload_network"))
    assert uploader.proto.max_upload_size_mb * 2**20 == MAX_WEIGHTS_CHARS
