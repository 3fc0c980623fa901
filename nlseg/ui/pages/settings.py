from nlseg.ui import settings_page

settings_page.render()
