"""nlseg's app: describe an audience in plain English, review and edit it, preview it live,
save and manage segments. Run with ``streamlit run app.py``; the database is
``NLSEG_DATABASE_URL`` (default: the SQLite file nlseg.db)."""

from pathlib import Path

import streamlit as st

from nlseg.compiler.execute import TimeoutSettingError, configured_timeout_ms
from nlseg.ui.markup import escape

# The icon is a file the app serves: a Material icon name would make every browser fetch it
# from fonts.gstatic.com (tests/test_browser_hostile.py: nothing loads from elsewhere).
ICON = Path(__file__).resolve().parent / "nlseg" / "ui" / "assets" / "icon.png"
st.set_page_config(page_title="nlseg", page_icon=str(ICON), layout="wide")
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
