"""The Streamlit dashboard: ``streamlit run dashboard/app.py`` (layout in app.py, state in state.py, HTML in views.py)."""
