"""The cheapest live page: the playground's Play switch and a fragment that,
while playing, writes one line every FRAME_SECONDS.  bench/frame_cost.py serves
it with the playground's server settings, as the floor a live frame costs.
(``streamlit run`` runs it as __main__; imported, as the layering test imports
every module of bench/, it draws nothing.)"""
import time

import streamlit as st

from ui.fair_share import FRAME_SECONDS
from ui.player import RUN_LABELS


def page():
    st.segmented_control("Run", list(RUN_LABELS), key="run", format_func=RUN_LABELS.get,
                         label_visibility="collapsed")

    @st.fragment(run_every=FRAME_SECONDS if st.session_state.run == "play" else None)
    def one_line():
        st.markdown(f"frame drawn at {time.time():.3f}")

    one_line()


if __name__ == "__main__":
    page()
