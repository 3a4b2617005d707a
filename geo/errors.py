"""The exception tree: one base class to catch everything conflict-map raises on purpose, each error also a builtin.

As in geopy, every error is also the builtin a caller would expect (a missing gazetteer is a FileNotFoundError, a
bad document a ValueError, an unwritable output an OSError), so ``except ValueError`` keeps working. ``exit_code`` is
what ``python -m geo`` exits with when the error ends a command (listed in ``python -m geo --help``).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOTHING = 1  # the command ran but found nothing (no readable document, no place of that name)
EXIT_USAGE = 2  # argparse's code: a wrong option or combination
EXIT_INTERNAL = 70  # a bug (sysexits EX_SOFTWARE): never input's fault, always reported with its traceback
EXIT_INTERRUPTED = 130


class GeoError(Exception):
    """Base class of every error conflict-map raises on purpose (not a bug)."""

    exit_code = 7


class DocumentError(GeoError, ValueError):
    """An input document cannot be read as text (binary, too large, undecodable, unsupported, malformed record)."""

    exit_code = 3


class UnsupportedDocument(DocumentError):
    """A document in a format conflict-map does not read (or cannot read without an optional package)."""


class GazetteerError(GeoError):
    """The gazetteer artifact, or an input to build or extend it, cannot be used."""

    exit_code = 4


class GazetteerMissing(GazetteerError, FileNotFoundError):
    """No gazetteer artifact at the expected path."""


class GazetteerCorrupt(GazetteerError, ValueError):
    """The artifact exists but its checksum, schema or content is wrong."""


class GeoNamesError(GazetteerError, ValueError):
    """A GeoNames dump cannot be imported (a value out of range, no valid line, an unreadable archive)."""


class OutputError(GeoError, OSError):
    """An output file cannot be written (missing folder, a folder in its place, no permission, disk full)."""

    exit_code = 5


class EvaluationError(GeoError, ValueError):
    """An evaluation corpus cannot be read."""

    exit_code = 6


EXIT_CODES = (
    (EXIT_OK, "success"),
    (EXIT_NOTHING, "nothing found: no readable document, or no place of that name"),
    (EXIT_USAGE, "wrong usage (an option or a combination of options)"),
    (DocumentError.exit_code, "bad input: a document that cannot be read"),
    (GazetteerError.exit_code, "the gazetteer (or a GeoNames file to import) cannot be used"),
    (OutputError.exit_code, "the output cannot be written"),
    (EvaluationError.exit_code, "an evaluation corpus cannot be read"),
    (GeoError.exit_code, "another expected failure (a missing optional package or data file)"),
    (EXIT_INTERNAL, "internal error: a bug, printed with its traceback; please report it"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
)
