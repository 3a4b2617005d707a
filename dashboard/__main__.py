"""``python -m dashboard [--corpus PATH] [streamlit run options]``: the dashboard, warmed up while the browser loads it.

The same as ``streamlit run dashboard/app.py [options]``, except that once the server is up a background thread
imports the app's heavy modules (geopandas, folium) and loads the gazetteer and word lists, while the browser loads
Streamlit's front end, instead of the first visitor's script run doing it: about 0.4 s sooner to the first markers.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
# Private by default: only this machine can connect (``--server.address 0.0.0.0`` to share), and no usage statistics.
PRIVATE_DEFAULTS = (("--server.address", "127.0.0.1"), ("--browser.gatherUsageStats", "false"))


def private_options(options: list[str]) -> list[str]:
    """Streamlit's options with the private defaults first, for every one the user did not give."""
    given = {option.split("=", 1)[0] for option in options if option.startswith("--")}
    return [item for name, value in PRIVATE_DEFAULTS if name not in given for item in (name, value)] + options


def no_outbound_requests() -> None:
    """Keep Streamlit from asking a web service for this machine's external IP (it does so to print a URL and to
    check an unknown origin): the dashboard makes no request to the outside at all."""
    from streamlit import net_util

    net_util.get_external_ip = lambda: None


def warm_up() -> None:
    """Once the server is up, import what the app's first run imports and load the process-wide gazetteer and word
    lists it will use: while the browser loads Streamlit's front end (earlier, it would slow the server's start)."""
    _wait_for_server()
    import folium  # noqa: F401
    import geopandas  # noqa: F401

    import geo.core.documents
    import geo.outputs.export
    import geo.outputs.mapping  # noqa: F401
    from geo.store.gazetteer import Gazetteer
    from geo.core.pipeline import Geoparser

    Geoparser(Gazetteer.default())


def _wait_for_server(timeout: float = 30.0) -> None:
    """Return once Streamlit's runtime is serving (or has failed to, or after ``timeout`` seconds)."""
    from streamlit.runtime import Runtime, RuntimeState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Runtime.exists() and Runtime.instance().state != RuntimeState.INITIAL:
            return
        time.sleep(0.02)


def _quietly(work: Callable[[], None]) -> Callable[[], None]:
    """``work`` with its errors left to the app: a missing gazetteer is reported on the page, not as a traceback."""

    def run() -> None:
        try:
            work()
        except Exception:  # the first script run meets the same error and shows it to the user
            logging.getLogger(__name__).debug("warm-up failed; the app will report it", exc_info=True)

    return run


def split_corpus(argv: list[str]) -> tuple[list[str], str | None]:
    """Streamlit's options and the ``--corpus PATH`` (or ``--corpus=PATH``) among them, which goes to the app."""
    options, corpus, args = [], None, iter(argv)
    for arg in args:
        if arg == "--corpus":
            corpus = next(args, None)
        elif arg.startswith("--corpus="):
            corpus = arg.split("=", 1)[1]
        else:
            options.append(arg)
    if corpus is not None and not Path(corpus).exists():
        raise SystemExit(f"dashboard: --corpus {corpus}: no such file or folder")
    return options, str(Path(corpus).resolve()) if corpus else None


def main() -> int:
    """Start the warm-up, then run Streamlit's own command line on the app with the given options."""
    from streamlit.web import cli

    threading.Thread(target=_quietly(warm_up), name="conflict-map-warm-up", daemon=True).start()
    options, corpus = split_corpus(sys.argv[1:])
    no_outbound_requests()
    options = private_options(options)
    sys.argv = ["streamlit", "run", str(APP), *options, *(["--", "--corpus", corpus] if corpus else [])]
    return cli.main()


if __name__ == "__main__":
    raise SystemExit(main())
