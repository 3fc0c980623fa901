from nlseg.ui import segments_page

segments_page.render()
