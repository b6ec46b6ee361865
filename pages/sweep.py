"""How big must the hidden layer be?  The same data, one network per size, trained side by side."""
from dataclasses import replace

import streamlit as st

from core.experiments import hidden_sizes
from plots.experiments import boundary_grid, sweep_panels
from ui.layout import chart, notice, page_setup
from ui.lockstep import lockstep_player, playground_setup

ss = st.session_state

page_setup("Hidden-size sweep")
st.markdown("## How many hidden neurons does it take?")
base, data = playground_setup()
st.caption("One network per hidden-layer size, all on the playground's data and settings, trained "
           "epoch for epoch from the same seed. Too few neurons cannot bend the boundary enough; "
           "very many fit every point, noise included: Britz's article shows the same row of pictures.")
text = st.text_input("Hidden-layer sizes (one hidden layer each)", "1, 2, 3, 4, 5, 20, 50", key="sweep_text")
try:
    ss.sweep_sizes = hidden_sizes(text)
except ValueError as error:
    notice(f"Hidden-layer sizes: {error}. Still showing {', '.join(map(str, ss.get('sweep_sizes', (3,))))}.")
sizes = ss.get("sweep_sizes", (3,))
configs = [replace(base, hidden=(h,)) for h in sizes]


def draw(group):
    snaps = group.snapshots(40)
    # Four to a row: large enough to read from the back of a lecture hall.
    figure = boundary_grid(sweep_panels(snaps), f"Epoch {group.epoch:,}", columns=min(len(sizes), 4),
                           panel_height=150, marker_size=6)
    # At least 150 px a row; the whole window below it where there is more.
    chart(figure, key="sweep_grid", height=figure["layout"]["height"], fill=1)


lockstep_player("sweep", configs, data, draw)
