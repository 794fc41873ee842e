"""Streamlit entry point: page navigation only; the pages live in pppdraft.ui."""

import streamlit as st

from pppdraft.ui import main, nav

main.frame()
st.navigation(nav.pages()).run()
