"""Audit the installed packages with pip-audit; tell "no known vulnerability" from "not checked".

    python scripts/audit_dependencies.py                  # pip-audit of this interpreter's env
    python scripts/audit_dependencies.py --report FILE    # judge a saved ``pip-audit -f json``

pip-audit reports "No known vulnerabilities found" and exits 0 even when it could not look a
single package up (PyPI's JSON API answering 404 through a registry mirror: every package is
then *skipped*). This script reads its JSON report instead and exits with

- 0: every installed package was checked and none has a known vulnerability;
- 1: a vulnerability was found (not listed in ``ACCEPTED`` below), or pip-audit failed;
- 3: the vulnerability service could not be reached, or some packages were not checked:
  ``scripts/test`` reports this as a warning, never as a pass.

Each accepted finding needs an entry in ``ACCEPTED`` with its reason, and a line in
docs/reliability.md ("Deployment hygiene").
"""

from __future__ import annotations

import json
import subprocess
import sys

# Vulnerability id -> why it does not affect wagtail-congress (also in docs/reliability.md).
ACCEPTED: dict[str, str] = {}

CLEAN, FOUND, UNCHECKED = 0, 1, 3
UNREACHABLE_HINTS = ("Could not connect", "ConnectionError", "Max retries", "Name or service")


def run_pip_audit() -> tuple[int, str, str]:
    """pip-audit of this interpreter's environment, as JSON (the package itself left out)."""
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"]
    command += ["--skip-editable"]
    for vulnerability_id in ACCEPTED:
        command += ["--ignore-vuln", vulnerability_id]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return result.returncode, result.stdout, result.stderr


def judge(report: dict) -> tuple[int, list[str]]:
    """The exit status for a pip-audit JSON report, and the lines to print about it."""
    dependencies = report.get("dependencies", [])
    vulnerable, skipped, checked = [], [], 0
    for dependency in dependencies:
        if "skip_reason" in dependency:
            skipped.append(f"{dependency['name']}: {dependency['skip_reason']}")
            continue
        checked += 1
        for vulnerability in dependency.get("vulns", []):
            if vulnerability["id"] in ACCEPTED:
                continue
            fixes = ", ".join(vulnerability.get("fix_versions") or []) or "no fix released"
            vulnerable.append(
                f"{dependency['name']} {dependency['version']}: {vulnerability['id']} "
                f"(fixed in: {fixes})"
            )
    lines = [f"pip-audit: {checked} of {len(dependencies)} installed packages checked"]
    if vulnerable:
        return FOUND, [*lines, "VULNERABLE:", *(f"  {line}" for line in vulnerable)]
    if skipped or not checked:
        lines.append(
            f"NOT CHECKED: {len(skipped)} packages could not be looked up; their "
            "vulnerabilities are unknown (is PyPI's JSON API or OSV reachable from here?)"
        )
        lines += [f"  {line}" for line in skipped[:5]]
        if len(skipped) > 5:
            lines.append(f"  ... and {len(skipped) - 5} more")
        return UNCHECKED, lines
    return CLEAN, [*lines, "no known vulnerabilities"]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--report"] and len(argv) == 2:
        with open(argv[1], encoding="utf-8") as report_file:
            status, lines = judge(json.load(report_file))
        print("\n".join(lines))
        return status
    returncode, stdout, stderr = run_pip_audit()
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        print(stderr.strip()[-2000:], file=sys.stderr)
        if any(hint in stderr for hint in UNREACHABLE_HINTS):
            print("pip-audit: NOT CHECKED: the vulnerability service is unreachable")
            return UNCHECKED
        print(f"pip-audit failed (exit {returncode})")
        return FOUND
    status, lines = judge(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
