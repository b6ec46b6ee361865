"""NN Playground: watch a small neural network learn.  Run: streamlit run app.py"""
import streamlit as st

from ui.live_chart import ensure_plotly_js

ensure_plotly_js()

st.set_page_config(page_title="NN Playground", page_icon=":material/neurology:", layout="wide")
st.navigation([
    st.Page("pages/playground.py", title="Playground", icon=":material/neurology:", default=True),
    st.Page("pages/tutorials.py", title="Tutorials", icon=":material/school:"),
]).run()
