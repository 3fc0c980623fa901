from nlseg.ui import build_page

build_page.render()
