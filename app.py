"""nlseg's app: describe an audience in plain English, review and edit it, preview it live,
save and manage segments. Run with ``streamlit run app.py``; the database is
``NLSEG_DATABASE_URL`` (default: the SQLite file nlseg.db)."""

import streamlit as st

from nlseg.compiler.execute import TimeoutSettingError, configured_timeout_ms
from nlseg.ui.markup import escape

st.set_page_config(page_title="nlseg", page_icon=":material/group:", layout="wide")
try:
    configured_timeout_ms()  # an unusable setting is named here, not a traceback later
except TimeoutSettingError as exc:
    st.error(escape(str(exc)))
    st.stop()
pages = [
    st.Page("nlseg/ui/pages/build.py", title="Build", icon=":material/chat:", default=True),
    st.Page("nlseg/ui/pages/segments.py", title="Segments", icon=":material/list:"),
    st.Page("nlseg/ui/pages/sync.py", title="Sync", icon=":material/sync:"),
    st.Page("nlseg/ui/pages/settings.py", title="Settings", icon=":material/settings:"),
]
st.navigation(pages).run()
