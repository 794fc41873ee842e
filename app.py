"""Streamlit entry point: page navigation only; the pages live in pppdraft.ui."""

from pppdraft.ui.main import run

run()
