"""Load a saved network in real Chromium (issue 15): a weights file the core wrote
(as in a notebook) is uploaded in the sidebar, the page shows its epoch, and Play
trains on from there; a bad file leaves the trained network and says why."""
import pytest
from playwright.sync_api import expect

from core import DATASETS, Config, TrainingSession
from core.export import weights_json

from tests.test_browser import open_app, press, settled, shown_epoch, wait_epoch_above

pytestmark = pytest.mark.browser

UPLOADER = '[data-testid="stSidebar"] [data-testid="stFileUploader"]:has-text("Load a saved network") input[type=file]'


def open_view_and_share(page):
    page.locator("[data-testid=stSidebar]").get_by_text("View and share", exact=True).click()
    expect(page.locator(UPLOADER)).to_be_attached()


def test_a_saved_network_uploaded_then_trained_on(page, tmp_path):
    prepared = TrainingSession(Config(dataset="circles", hidden=(4,), lr=0.3, seed=7))
    prepared.step(150)
    path = tmp_path / "prepared.json"
    path.write_text(weights_json(prepared))
    open_app(page)
    open_view_and_share(page)
    page.locator(UPLOADER).set_input_files(path)
    expect(page.locator(".nn-note").first).to_contain_text("Loaded the network of prepared.json at epoch 150")
    assert shown_epoch(page) == 150
    expect(page.get_by_label("Data set").first).to_have_value(DATASETS["circles"].label)
    loss = page.locator('[data-stat="train-loss"]').inner_text()
    assert loss == f"{prepared.train_loss[-1]:.4f}"  # the file's network, as it was
    press(page, "Play")
    wait_epoch_above(page, 250)
    press(page, "Pause")
    at_rest = settled(page)
    assert at_rest["epoch"] > 250 and at_rest["errors"] == 0

    bad = tmp_path / "bad.json"
    bad.write_text('{"config": {"hidden": [4]}, "epoch": "soon", "params": {}}')
    page.locator(UPLOADER).set_input_files(bad)
    expect(page.locator(".nn-notice")).to_contain_text("bad.json cannot be loaded")
    assert settled(page)["epoch"] == at_rest["epoch"] and page.js_errors == []
