"""A fresh virtualenv with the built wheel, and a brand-new site from ``wagtail start`` set up
with exactly the blocks docs/installation.md marks ``<!-- adoption-test: … -->``.

Installing the wheel's dependencies from the registry took 24 to 83 s here (about 50 packages,
Wagtail among them, downloaded every time: pip keeps no cache on this machine) and needs the
network, so by default the fresh virtualenv gets them from the environment running the tests
instead (4 to 12 s, offline): the wheel
is installed with pip (``--no-deps``), and of the running environment's packages only the ones
the wheel's own ``Requires-Dist`` reaches (recursively, markers evaluated, versions checked
against the ranges) are linked into the new ``site-packages``. A dependency the package imports
but does not declare is then missing there, as it would be after ``pip install``.
``WAGTAIL_CONGRESS_ADOPTION_INSTALL=pip`` installs the wheel with its dependencies through pip
instead (the registry; slower, the real thing).
"""

from __future__ import annotations

import email
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .distributions import ROOT, build_distributions

DOCS = ROOT / "docs" / "installation.md"
CHECKS_SCRIPT = Path(__file__).with_name("site_checks.py")
MARKER = re.compile(r"<!-- adoption-test: ([\w-]+) -->\n```\w*\n(.*?)\n```", re.S)
PAGES_LINE = "urlpatterns += i18n_patterns("
HOST = "kongres.example.org"


def documented_blocks() -> dict[str, list[str]]:
    """The marked code blocks of docs/installation.md, by marker, in the page's order."""
    blocks: dict[str, list[str]] = {}
    for kind, code in MARKER.findall(DOCS.read_text(encoding="utf-8")):
        blocks.setdefault(kind, []).append(code)
    return blocks


@dataclass
class AdoptedSite:
    """What building, installing, adopting and checking the site produced."""

    directory: Path
    python: Path
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    report: dict = field(default_factory=dict)

    def manage(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return run([str(self.python), "manage.py", *args], cwd=self.directory, env=env)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: none of pytest-django's or the suite's variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV"}
    }
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def run(command: list[str], cwd: Path | None = None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=600
    )


def require(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        raise AssertionError(
            f"{what} failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )


def wheel_requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(name))
    return [Requirement(text) for text in metadata.get_all("Requires-Dist") or []]


def dependency_closure(requirements: list[Requirement]) -> list[importlib.metadata.Distribution]:
    """The installed distributions ``pip install`` would bring for ``requirements``."""
    found: dict[str, importlib.metadata.Distribution] = {}
    pending = [(requirement, "") for requirement in requirements]
    while pending:
        requirement, extra = pending.pop()
        environment = {**default_environment(), "extra": extra}
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise AssertionError(
                f"{requirement} is not installed where the tests run: install it, or run with "
                "WAGTAIL_CONGRESS_ADOPTION_INSTALL=pip"
            ) from None
        if not requirement.specifier.contains(dist.version, prereleases=True):
            raise AssertionError(f"{requirement}: {dist.version} is installed")
        key = f"{name}[{','.join(sorted(requirement.extras))}]"
        if key in found:
            continue
        found[key] = dist
        for text in dist.requires or []:
            pending.append((Requirement(text), ""))
        for chosen in requirement.extras:
            pending += [(Requirement(text), chosen) for text in dist.requires or []]
    unique = {canonicalize_name(dist.metadata["Name"]): dist for dist in found.values()}
    return list(unique.values())


def link_distributions(dists: list[importlib.metadata.Distribution], target: Path) -> int:
    """Symlink each distribution's top-level files and folders into ``target``."""
    linked = 0
    for dist in dists:
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        for top in tops:
            source = Path(dist.locate_file(top))
            destination = target / top
            if source.exists() and not destination.exists() and top != "__pycache__":
                destination.symlink_to(source)
                linked += 1
    return linked


def create_virtualenv(directory: Path, wheel: Path, extra_requirements: list[str]) -> Path:
    """A new virtualenv with ``wheel`` installed; returns its python."""
    require(run([sys.executable, "-m", "venv", "--without-pip", str(directory)]), "venv")
    python = directory / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-compile"]
    if os.environ.get("WAGTAIL_CONGRESS_ADOPTION_INSTALL") == "pip":
        require(run([*pip, str(wheel), *extra_requirements]), "pip install of the wheel")
        return python
    require(run([*pip, "--no-deps", "--no-index", str(wheel)]), "pip install --no-deps")
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    require(purelib, "reading the new site-packages")
    requirements = wheel_requirements(wheel) + [Requirement(r) for r in extra_requirements]
    link_distributions(dependency_closure(requirements), Path(purelib.stdout.strip()))
    return python


def apply_documented_setup(site: Path, blocks: dict[str, list[str]], local_settings: str) -> None:
    """Settings blocks at the end of settings/base.py, the urls.py block, the v3 insert."""
    base = site / "mysite" / "settings" / "base.py"
    base.write_text(
        base.read_text() + "".join(f"\n\n{code}\n" for code in blocks["settings"]),
        encoding="utf-8",
    )
    (site / "mysite" / "settings" / "local.py").write_text(local_settings, encoding="utf-8")
    (urls,) = blocks["urls"]
    assert PAGES_LINE in urls, f"the urls.py block of {DOCS.name} has no {PAGES_LINE!r} line"
    before, after = urls.split(PAGES_LINE, 1)
    inserts = "".join(f"{code}\n\n" for code in blocks.get("urls-before-pages", []))
    (site / "mysite" / "urls.py").write_text(
        f"{before}{inserts}{PAGES_LINE}{after}\n", encoding="utf-8"
    )


def adopt(workdir: Path, database: dict) -> AdoptedSite:
    """Build, install, ``wagtail start``, apply the docs, migrate, run the checks in the site."""
    timings: dict[str, float] = {}
    started = time.monotonic()
    dists = build_distributions()
    timings["build sdist and wheel"] = dists.seconds
    mark = time.monotonic()
    extra = ["psycopg[binary]>=3.2,<4"] if database["ENGINE"].endswith("postgresql") else []
    python = create_virtualenv(workdir / "venv", dists.wheel, extra)
    timings["virtualenv and install"] = time.monotonic() - mark
    site = AdoptedSite(directory=workdir / "mysite", python=python, timings=timings)
    mark = time.monotonic()
    # ``wagtail start mysite``, as the docs say (the console script is not linked, the module is).
    result = run([str(python), "-m", "wagtail.bin.wagtail", "start", "mysite"], cwd=workdir)
    require(result, "wagtail start")
    local = f"DATABASES = {{'default': {database!r}}}\n"
    apply_documented_setup(site.directory, documented_blocks(), local)
    # migrate runs the system checks first (one Django start-up less than ``check`` + migrate).
    site.outputs["migrate"] = result = site.manage("migrate", "--noinput")
    require(result, "manage.py migrate")
    timings["wagtail start, migrate"] = time.monotonic() - mark
    mark = time.monotonic()
    check_urls = [line.strip() for line in documented_blocks()["check"][0].splitlines()]
    env = clean_env(
        ADOPTION_HOST=HOST,
        ADOPTION_CHECK_URLS=json.dumps([url for url in check_urls if url]),
        ADOPTION_WORKDIR=str(workdir),
    )
    code = f"import runpy; runpy.run_path({str(CHECKS_SCRIPT)!r}, run_name='__main__')"
    site.outputs["checks"] = result = site.manage("shell", "-c", code, env=env)
    require(result, "the checks in the site")
    site.report = json.loads(result.stdout.strip().splitlines()[-1])
    timings["content, translation, requests, import"] = time.monotonic() - mark
    timings["total"] = time.monotonic() - started
    return site
