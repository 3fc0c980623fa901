from nlseg.ui import sync_page

sync_page.render()
