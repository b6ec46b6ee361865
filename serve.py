"""The app as served: ``streamlit run serve.py`` (make run, the container, the tests).

Streamlit 1.67's ``st.App`` serves app.py and pages/ as ``streamlit run app.py``
does, plus what that command has no option for: a handler for uncaught
exceptions (ui.errors: viewers see an error id, the server log the traceback)
and middleware around every HTTP response (ui.hardening: security headers, no
metrics; ui.assets.PackedBundles: Streamlit's bundles gzipped once, from memory;
ui.live_chart.PlotlyFirst: pages load plotly.js from the start), and the live
panel's stream of frames (ui.stream: a websocket route, and every script run
holding its session's gate).
It loads the pages' modules before any page runs and freezes what is loaded
(ui.memory), so that what a session leaves behind is collected once it is gone.
"""
import streamlit as st
from starlette.middleware import Middleware

from ui.assets import PackedBundles
from ui.errors import show_error_id
from ui.hardening import Hardened
from ui.live_chart import PlotlyFirst
from ui.memory import collect_every, freeze_loaded_objects, load_packages
from ui.stream import STREAM_ROUTE, hold_each_run

hold_each_run()
app = st.App("app.py", on_script_error=show_error_id, routes=[STREAM_ROUTE],
             middleware=[Middleware(Hardened), Middleware(PackedBundles), Middleware(PlotlyFirst)])
load_packages()
freeze_loaded_objects()
collect_every()  # what sessions leave behind is freed within seconds (ui/memory.py)
