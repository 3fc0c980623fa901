"""The Streamlit app's pages and widgets. The only package (with app.py) that imports
Streamlit; everything it shows comes from the library modules beside it."""
