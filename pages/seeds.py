"""How often does a setup work?  Train it from many seeds and look at every result."""
import streamlit as st

from core import PRESET_EPOCHS, preset
from core.experiments import seed_sweep, solved_share
from plots.experiments import boundary_grid, final_loss_strip, seed_panels
from ui.layout import chart, page_setup

page_setup("Seeds")
ss = st.session_state
st.markdown("## How often does it work? One setup, many seeds")
trainer = ss.get("trainer")
config = trainer.config if trainer is not None else preset("xor-tutorial")
st.caption("Same data and settings as the playground"
           + (", " if trainer is not None else " (no playground yet: the XOR tutorial), ")
           + "only the seed of the initial weights changes.")
left, middle, right = st.columns(3)
count = left.select_slider("Seeds", (10, 20, 30, 50), value=20, key="seed_count")
epochs = middle.select_slider("Epochs per run", (500, 1000, 2000, 5000, 10_000),
                              value=2000 if trainer else PRESET_EPOCHS["xor-tutorial"],
                              key="seed_epochs")
solved_at = right.select_slider("Counts as solved at training accuracy", (0.8, 0.9, 0.95, 0.99, 1.0),
                                value=1.0, format_func=lambda a: f"{a:.0%}", key="seed_solved_at")


@st.cache_data(max_entries=16, show_spinner="Training every seed…")
def sweep(config, count, epochs):
    return seed_sweep(config, range(count), epochs)


if st.button("Train every seed", type="primary", key="seed_run", icon=":material/play_arrow:"):
    ss.seed_results = (config, count, epochs)
if ss.get("seed_results") == (config, count, epochs):
    runs = sweep(config, count, epochs)
    share = solved_share(runs, solved_at)
    a, b = st.columns(2)
    a.metric("Solved", f"{round(share * len(runs))} of {len(runs)} seeds ({share:.0%})")
    b.metric("Median final loss", f"{sorted(r.final_loss for r in runs)[len(runs) // 2]:.4g}")
    for key, figure in (("seed_losses", final_loss_strip(runs)),
                        ("seed_grid", boundary_grid(seed_panels(runs, solved_at), "Boundaries, one run per seed"))):
        chart(figure, key=key, height=figure["layout"]["height"])
else:
    st.info("Choose how many seeds, then press *Train every seed*.")
