"""The two tutorials behind the playground, run exactly as written, with what
to try next.  Figures are static here (each run is over in well under a
second); they are drawn by the live-chart component all the same, which
follows the page's light or dark theme in the browser."""
import streamlit as st

from core import PRESET_EPOCHS, TrainingSession, preset
from plots import boundary_figure, hidden_space_figure, loss_figure
from ui.layout import chart, page_setup

ss = st.session_state
BRITZ_SIZES = (1, 2, 3, 4, 5, 20, 50)
XOR_FIXES = {
    "As written": {},
    "Another seed (3)": {"seed": 3},
    "Three hidden units": {"hidden": (3,)},
    "Tanh units, same seed": {"activation": "tanh"},
    "Tanh units, seed 3": {"activation": "tanh", "seed": 3},
}


@st.cache_data(max_entries=64, show_spinner="Training…")
def run(name, overrides, epochs):
    """Train a preset with overrides (a tuple of pairs); returns its final snapshot."""
    session = TrainingSession(preset(name, **dict(overrides)))
    session.step(epochs)
    return session.snapshot(resolution=60)


def show(figure, key):
    chart(figure, key=key, height=figure["layout"]["height"])


page_setup("Tutorials")
st.markdown("## The tutorials, run as written")
xor_tab, britz_tab = st.tabs(["XOR: a 2-2-1 sigmoid network", "Britz: tanh and softmax on two moons"])

with xor_tab:
    st.markdown(
        "A network with two sigmoid hidden units, one sigmoid output and mean squared error, "
        "trained on the four XOR points for 10,000 epochs at learning rate 0.1, starting from "
        "`np.random.seed(42)`. Run as written, it **does not learn XOR**: two of its four "
        "outputs stay near 0.5. It has settled in a local minimum, and the hidden layer "
        "shows why: its two units have not separated the points.")
    fix = st.segmented_control("What to try", list(XOR_FIXES), key="xor_fix", default="As written")
    snap = run("xor-tutorial", tuple(XOR_FIXES[fix or "As written"].items()), PRESET_EPOCHS["xor-tutorial"])
    table = {"x₁": snap.data.X_train[:, 0], "x₂": snap.data.X_train[:, 1], "target": snap.data.y_train,
             "output": snap.train_output[:, 0].round(4)}
    left, middle, right = st.columns([0.62, 1, 1])
    with left:
        st.dataframe(table, hide_index=True, key="xor_table")
        st.metric("Accuracy after 10,000 epochs", f"{snap.train_accuracy:.0%}")
        st.metric("Loss (mean squared error)", f"{snap.train_loss[-1]:.4f}")
    with middle:
        show(boundary_figure(snap, height=360), "xor_boundary")
    with right:
        show(hidden_space_figure(snap, height=360, title="The hidden layer's view"), "xor_hidden")
    st.caption(
        "Right: the four points at the hidden units' outputs. The output unit can only draw a "
        "straight line there. When XOR is solved, the two 1s sit on one side of it and the two 0s "
        "on the other; when it is stuck, no line can separate them. Another seed starts the "
        "weights elsewhere, and a third unit gives the hidden layer room to bend. Tanh units "
        "alone do not help here: from seed 42 they fall into the same trap, so the trap belongs "
        "to the starting point, not to the sigmoid.")

with britz_tab:
    st.markdown(
        "Denny Britz's network: 200 points from `make_moons(noise=0.20)` after `np.random.seed(0)`, "
        "one tanh hidden layer, two softmax outputs, cross-entropy with L2 regularisation "
        "(λ = 0.01), and 20,000 passes of batch gradient descent with ε = 0.01 on gradients summed "
        "over the examples. The article trains hidden layers of 1 to 50 units: small ones underfit, "
        "large ones begin to follow the noise.")
    size = st.select_slider("Hidden layer size", BRITZ_SIZES, value=3, key="britz_size")
    snap = run("britz-moons", (("hidden", (size,)),), PRESET_EPOCHS["britz-moons"])
    left, right = st.columns([0.9, 1.1])
    with left:
        printed = {"after update": list(range(1, 20_001, 1000)),
                   "loss": [round(float(snap.train_loss[i]), 6) for i in range(1, 20_001, 1000)]}
        st.caption("The loss as the article prints it: after each 1,000th pass.")
        st.dataframe(printed, hide_index=True, height=300, key="britz_table")
        st.metric("Training accuracy", f"{snap.train_accuracy:.1%}")
    with right:
        show(boundary_figure(snap, height=420), "britz_boundary")
    show(loss_figure(snap, log_y=True, height=260), "britz_loss")
