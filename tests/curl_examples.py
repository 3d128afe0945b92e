"""The ``curl`` examples of a docs page, run against the demo through the Django test client.

Shared by the tests of docs/frontend-guide.md and docs/api.md, so an example a reader copies
is one that answers. A line ``NAME=$(curl ... | jq ...)`` sets ``$NAME`` for later lines; the
test says how to extract each (``VARIABLES``), since jq does not run here.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

from django.test import Client

CURL = re.compile(r"""curl (?P<arguments>[^|)]*)""")

Command = tuple[str | None, str, dict[str, str]]


def curl_commands(page: Path) -> list[Command]:
    """``(variable assigned or None, URL path with $VARIABLES, headers)`` of each curl."""
    blocks = re.findall(r"```sh\n(.*?)```", page.read_text(), flags=re.DOTALL)
    commands = []
    for line in "\n".join(blocks).splitlines():
        match = CURL.search(line)
        if not match:
            continue
        assigned = re.match(r"(\w+)=\$\(", line)
        words = shlex.split(match["arguments"], posix=True)
        url = next(word for word in words if word.startswith("$SITE/"))
        headers = {}
        for flag, value in zip(words, words[1:], strict=False):
            if flag == "-H":
                name, _, header_value = value.partition(": ")
                headers[name] = header_value
        commands.append((assigned[1] if assigned else None, url.removeprefix("$SITE"), headers))
    return commands


def run_curl_commands(
    commands: list[Command],
    variables: dict[str, Callable],
    values: dict[str, str] | None = None,
    client: Client | None = None,
) -> None:
    """Send each request; a 200 with a body is expected (a 304 when ``If-None-Match`` is sent).

    ``values`` holds variables the page takes from elsewhere (a preview token).
    """
    client = client or Client()
    values = dict(values or {})

    def substitute(text: str) -> str:
        return re.sub(r"\$(\w+)", lambda match: str(values[match[1]]), text)

    for variable, url, headers in commands:
        url = substitute(url)
        extra = {
            "HTTP_" + name.upper().replace("-", "_"): substitute(value)
            for name, value in headers.items()
        }
        response = client.get(url, **extra)
        expected = 304 if "If-None-Match" in headers else 200
        assert response.status_code == expected, (url, response.content[:500])
        if expected == 200:
            data = response.json()
            assert data, url
            # A filtered example that finds nothing shows a reader nothing.
            assert data.get("items", [None]), f"{url}: no items"
            programme = [day for day in data.get("days", []) if isinstance(day, dict)]
            assert not programme or any(day["sessions"] for day in programme), url
        if variable:
            values[variable] = variables[variable](response)
