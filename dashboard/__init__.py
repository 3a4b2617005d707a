"""The Streamlit dashboard: ``python -m dashboard`` (``streamlit run dashboard/app.py``, warmed up while the browser
loads it); layout in app.py, state in state.py, HTML in views.py."""
