"""One step of the benchmark in its own process, on the database of ``DATABASE_URL``.

``python -m benchmarks.worker TASK 'JSON-ARGS'`` prints its result as JSON on its last line.
Tasks: ``migrate``, ``generate``, ``endpoints`` (queries, timings, the floor's bytes and
profiles), ``listings`` (growth), ``admin``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path


def main(task: str, args: dict) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if task == "migrate":
        call_command("migrate", verbosity=0, interactive=False)
        return {}
    if task == "generate":
        from .generate import generate
        from .sizes import Sizes

        sizes = args["sizes"]
        sizes["languages"] = tuple(sizes["languages"])
        return asdict(generate(Sizes(**sizes), seed=args["seed"]))

    from . import measure

    meta = args["meta"]
    if task == "endpoints":
        floor_file = Path(args["floor_file"])
        floor_file.write_bytes(measure.programme_bytes(meta))
        results = measure.measure_endpoints(meta, repeat=args.get("repeat", 5))
        profiles = {}
        if args.get("profile_dir"):
            profiles = measure.profile_endpoints(meta, Path(args["profile_dir"]), args["label"])
        return {"endpoints": results, "profiles": profiles}
    if task == "listings":
        return measure.measure_listings(meta, repeat=args.get("repeat", 3))
    if task == "admin":
        return measure.measure_admin(meta, repeat=args.get("repeat", 3))
    raise SystemExit(f"unknown task {task}")


if __name__ == "__main__":
    result = main(sys.argv[1], json.loads(sys.argv[2]))
    sys.stdout.write("\n" + json.dumps(result) + "\n")
