"""The Streamlit app's entry: page setup and navigation (pages call the public API only)."""

from __future__ import annotations

import streamlit as st

from pppdraft import Library, list_blueprints, load_library

DISCLAIMER = {
    "cs": "pppdraft sestavuje návrhy smluv z knihovny vzorových ustanovení. Nejde o právní "
    "radu: každý návrh před předložením orgánu obce zkontroluje právník.",
    "en": "pppdraft assembles draft contracts from a library of model clauses. It is not legal "
    "advice: a lawyer reviews every draft before it goes to the municipal body.",
}


@st.cache_resource
def cached_library() -> Library:
    """Return the read-only clause library, loaded once per server."""
    return load_library()


def run() -> None:
    """Draw the app."""
    st.set_page_config(page_title="pppdraft", page_icon="📄", layout="wide")
    lang = st.sidebar.radio("Jazyk / Language", ["cs", "en"], horizontal=True, key="ui_lang")
    st.title("pppdraft")
    st.info(DISCLAIMER[lang])
    library = cached_library()
    st.subheader("Typy smluv" if lang == "cs" else "Contract types")
    for bp in list_blueprints():
        st.markdown(f"**{bp.title.get(lang)}** (`{bp.id}`)")
        st.caption(bp.description.get(lang))
    st.caption(
        f"{len(library)} ustanovení v knihovně" if lang == "cs" else f"{len(library)} clauses"
    )
