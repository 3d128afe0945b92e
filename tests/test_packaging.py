"""The sdist and the wheel hold every file of the package: modules, templates, static files,
compiled catalogues and migrations. A folder without ``__init__.py`` (issue 13: the API's
``routes/`` left out of the wheel) or a data file outside ``package_data`` fails here by name."""

from __future__ import annotations

from pathlib import PurePosixPath

from .adoption.distributions import PACKAGE, ROOT, build_distributions, source_files

KINDS = {
    "module": lambda path: path.suffix == ".py" and "migrations" not in path.parts,
    "migration": lambda path: "migrations" in path.parts,
    "template": lambda path: "templates" in path.parts,
    "static file": lambda path: "static" in path.parts,
    "catalogue": lambda path: path.suffix in {".po", ".mo"},
}


def describe(paths: set[str]) -> str:
    """``missing: api/routes/__init__.py (module), …`` sorted, each with its kind."""
    lines = []
    for name in sorted(paths):
        path = PurePosixPath(name)
        kind = next((kind for kind, test in KINDS.items() if test(path)), "file")
        lines.append(f"  {name} ({kind})")
    return "\n".join(lines)


def test_every_folder_with_modules_is_a_package():
    """``packages = find:`` only finds folders with ``__init__.py``."""
    folders = {
        path.parent for path in (ROOT / PACKAGE).rglob("*.py") if "__pycache__" not in path.parts
    }
    missing = sorted(
        folder.relative_to(ROOT).as_posix()
        for folder in folders
        if not (folder / "__init__.py").exists()
    )
    assert not missing, f"folders with Python modules but no __init__.py: {missing}"


def test_the_source_tree_has_every_kind_of_file():
    """The comparison below means something only if each kind exists in the checkout."""
    files = [PurePosixPath(name) for name in source_files()]
    for kind, test in KINDS.items():
        assert any(test(path) for path in files), f"no {kind} found under {PACKAGE}/"
    assert f"{PACKAGE}/locale/pl/LC_MESSAGES/django.mo" in source_files()


def test_the_wheel_holds_every_file_of_the_package():
    dists = build_distributions()
    files = dists.wheel_files()
    missing = source_files() - files
    assert not missing, f"missing from {dists.wheel.name}:\n{describe(missing)}"
    extra = {
        name
        for name in files - source_files()
        if not name.startswith(f"{PACKAGE}-") or ".dist-info/" not in name
    }
    assert not extra, f"files in {dists.wheel.name} that are not in the package:\n{describe(extra)}"


def test_the_sdist_holds_every_file_of_the_package():
    dists = build_distributions()
    files = dists.sdist_files()
    missing = source_files() - files
    assert not missing, f"missing from {dists.sdist.name}:\n{describe(missing)}"
    for name in ("setup.cfg", "pyproject.toml", "MANIFEST.in", "README.md", "LICENSE"):
        assert name in files, f"{name} missing from {dists.sdist.name}"
