"""Evaluation and benchmarks: development corpora, matching and scoring, error analysis, tuning, speed.

Nothing in the runtime (``geo.core``, ``geo.store``, ``geo.outputs``) imports this package, except the CLI's
``eval`` and ``bench`` commands, lazily.
"""

from __future__ import annotations

import os
from pathlib import Path

import geo

ENV_EVAL_DIR = "CONFLICT_MAP_EVAL"


def default_eval_dir() -> Path:
    """Where the development corpora are looked for: ``$CONFLICT_MAP_EVAL``, else ``../shared/eval`` beside the
    current folder or beside the source checkout (they are never part of the package)."""
    if os.environ.get(ENV_EVAL_DIR):
        return Path(os.environ[ENV_EVAL_DIR])
    candidates = [Path.cwd().parent / "shared" / "eval", Path(geo.__file__).resolve().parents[2] / "shared" / "eval"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def default_corpora() -> list[Path]:
    """What ``make eval`` scores when no corpus is named: the shared development corpora, then the project's own
    conflict-style development set (``eval/*.xml`` of the source checkout, written by us; see ``eval/README.md``)."""
    own = [Path.cwd() / "eval", Path(geo.__file__).resolve().parents[1] / "eval"]
    project = next((d for d in own if d.is_dir()), None)
    return sorted(default_eval_dir().glob("*.xml")) + (sorted(project.glob("*.xml")) if project else [])
