"""Generated databases, cached: SQLite files under ``benchmarks/.cache/``, PostgreSQL databases.

A dataset is keyed by its sizes, the seed, the generator's source and the migrations, so a
change to any of them regenerates it. Migrations are applied once into a template (a SQLite
file, a PostgreSQL template database) that every dataset starts from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from .sizes import Sizes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
POSTGRES_SERVER = os.environ.get(
    "BENCHMARK_POSTGRES", "postgres://congress:congress@127.0.0.1:5432"
)


def migrations_key() -> str:
    """A hash of every migration file of the project's apps (the template's content)."""
    digest = hashlib.sha256()
    folders = [ROOT / "wagtail_congress" / "migrations", *ROOT.glob("example_project/*/migrations")]
    for folder in sorted(folders):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def dataset_key(sizes: Sizes, seed: int) -> str:
    generator = (HERE / "generate.py").read_bytes() + (HERE / "sizes.py").read_bytes()
    digest = hashlib.sha256(generator + migrations_key().encode()).hexdigest()[:8]
    return f"{sizes.signature(seed)}-{digest}"


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a process working on ``database_url`` with the benchmark settings."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        **extra,
    }


def run_worker(database_url: str, task: str, args: dict, **extra_env: str) -> dict:
    """Run ``python -m benchmarks.worker task`` against ``database_url``; its JSON answer."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", task, json.dumps(args)],
        env=child_env(database_url, **extra_env),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"worker {task} failed:\n{completed.stderr[-4000:]}")
    line = completed.stdout.strip().splitlines()[-1]
    return json.loads(line)


def sqlite_dataset(sizes: Sizes, seed: int, regenerate: bool = False) -> tuple[str, dict]:
    """The URL and generation summary of a cached SQLite dataset (generated if missing)."""
    CACHE.mkdir(exist_ok=True)
    key = dataset_key(sizes, seed)
    database = CACHE / f"{key}.sqlite3"
    meta_file = CACHE / f"{key}.json"
    url = f"sqlite:///{database}"
    if database.exists() and meta_file.exists() and not regenerate:
        return url, json.loads(meta_file.read_text())
    template = CACHE / f"migrated-{migrations_key()}.sqlite3"
    if not template.exists():
        partial = template.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        run_worker(f"sqlite:///{partial}", "migrate", {})
        partial.rename(template)
    database.unlink(missing_ok=True)
    shutil.copyfile(template, database)
    meta = run_worker(url, "generate", {"sizes": asdict(sizes), "seed": seed})
    meta_file.write_text(json.dumps(meta, indent=2))
    return url, meta


def _admin_sql(statements: list[str]) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def postgres_dataset(
    sizes: Sizes, seed: int, name: str = "congress_bench", regenerate: bool = False
) -> tuple[str, dict]:
    """The URL and generation summary of a PostgreSQL dataset in database ``name``."""
    CACHE.mkdir(exist_ok=True)
    key = dataset_key(sizes, seed)
    meta_file = CACHE / f"postgres-{name}.json"
    url = f"{POSTGRES_SERVER}/{name}"
    if meta_file.exists() and not regenerate:
        meta = json.loads(meta_file.read_text())
        if meta.get("key") == key:
            return url, meta
    template = f"{name}_tpl"
    template_file = CACHE / f"postgres-{template}.json"
    migrations = migrations_key()
    if not template_file.exists() or json.loads(template_file.read_text()) != migrations:
        _admin_sql([f'DROP DATABASE IF EXISTS "{template}"', f'CREATE DATABASE "{template}"'])
        run_worker(f"{POSTGRES_SERVER}/{template}", "migrate", {})
        template_file.write_text(json.dumps(migrations))
    meta_file.unlink(missing_ok=True)
    _admin_sql(
        [
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
        ]
    )
    meta = run_worker(url, "generate", {"sizes": asdict(sizes), "seed": seed})
    meta["key"] = key
    meta_file.write_text(json.dumps(meta, indent=2))
    return url, meta
