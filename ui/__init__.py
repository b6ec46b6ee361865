"""Streamlit helpers shared by the pages (no maths here: see core/ and plots/)."""
