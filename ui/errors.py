"""What a viewer sees when a page fails: a plain message and a short error id.
The traceback goes to the server log only, under the same id, so a viewer can
quote the id and whoever runs the server can find the detail.

serve.py hands every uncaught exception to ``show_error_id`` (``st.App``'s
``on_script_error``: a failed run, fragment run or widget callback, on any
page).  Served without it (``streamlit run app.py``), a failing page still
shows no detail: .streamlit/config.toml sets ``client.showErrorDetails`` to
"none", and Streamlit shows a generic message instead.
"""
import secrets

import streamlit as st
from streamlit.logger import get_logger

_LOGGER = get_logger(__name__)


def show_error_id(error):
    """Log ``error`` with its traceback under a new 8-hex-digit id; show the
    viewer only the id.  Returns True: Streamlit draws no exception box then."""
    error_id = secrets.token_hex(4)
    _LOGGER.error("Error id %s: %s", error_id, type(error).__name__, exc_info=error)
    st.error(f"Something went wrong on this page. Reloading it usually helps; if it keeps "
             f"happening, tell whoever runs the app this error id: **{error_id}**", icon=":material/error:")
    return True
