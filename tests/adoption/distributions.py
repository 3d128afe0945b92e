"""Build the sdist and the wheel once per test run, as a user (or PyPI) would get them.

``python -m build`` makes the sdist from a clean copy of the checkout (the files git tracks or
would track, as in a fresh clone: a stale ``*.egg-info`` left by an earlier build would otherwise
put files back into the sdist) and then the wheel *from the unpacked sdist*, in isolated
environments, so a file missing from either is missing here too.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "wagtail_congress"


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path
    seconds: float

    def wheel_files(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return {name for name in archive.namelist() if not name.endswith("/")}

    def sdist_files(self) -> set[str]:
        """The sdist's files relative to its top folder (``wagtail_congress-0.1.0/``)."""
        import tarfile

        with tarfile.open(self.sdist) as archive:
            names = [member.name for member in archive.getmembers() if member.isfile()]
        return {name.split("/", 1)[1] for name in names if "/" in name}


@functools.cache
def build_distributions() -> Distributions:
    """The sdist and the wheel of the checkout, built once per process into a temp folder."""
    import time

    outdir = Path(tempfile.mkdtemp(prefix="wagtail-congress-dist-"))
    atexit.register(shutil.rmtree, outdir, ignore_errors=True)
    started = time.monotonic()
    source = copy_checkout(outdir / "source")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise AssertionError(f"python -m build failed:\n{result.stdout[-3000:]}{result.stderr}")
    (sdist,) = outdir.glob("*.tar.gz")
    (wheel,) = outdir.glob("*.whl")
    return Distributions(sdist=sdist, wheel=wheel, seconds=time.monotonic() - started)


def copy_checkout(target: Path) -> Path:
    """Copy what a fresh clone would hold (plus uncommitted changes) to ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if listed.returncode != 0:  # not a git checkout (an unpacked sdist): copy, minus build output
        ignore = shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc"
        )
        shutil.copytree(ROOT, target, ignore=ignore)
        return target
    for name in filter(None, listed.stdout.split("\0")):
        path = ROOT / name
        if path.is_file():  # deleted but not yet committed files are listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / name)
    return target


def source_files() -> set[str]:
    """Every file of the package in the checkout (relative to the repository), caches left out."""
    package = ROOT / PACKAGE
    return {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
