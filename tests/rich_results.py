"""The checks of Google's rich-result presets for Event and Article, as data.

From Google Search Central's structured-data pages (Event: required name, startDate,
location; Article/NewsArticle: no required property, the rest recommended; the AMP-era
publisher with a logo that validators still check). ``check`` returns the missing required
properties (errors: no rich result) and the missing recommended ones (warnings).
"""

from __future__ import annotations

from typing import Any

EVENT_REQUIRED = ["name", "startDate", "location"]
EVENT_RECOMMENDED = [
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "image",
    "offers",
    "offers.availability",
    "offers.price",
    "offers.priceCurrency",
    "offers.url",
    "offers.validFrom",
    "organizer",
    "organizer.name",
    "organizer.url",
    "performer",
    "performer.name",
]
ARTICLE_RECOMMENDED = [
    "headline",
    "description",
    "image",
    "datePublished",
    "dateModified",
    "mainEntityOfPage",
    "author",
    "author.name",
    "author.url",
    "publisher",
    "publisher.name",
    "publisher.logo",
    "publisher.logo.url",
]
# Properties the package has no data for: it knows no ticket price.
NO_DATA = {"offers.price", "offers.priceCurrency"}


def _values(data: Any, path: str) -> list[Any]:
    """Every value at a dotted ``path``, through lists (``performer.name`` of each one)."""
    values = [data]
    for key in path.split("."):
        found = []
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and item.get(key) not in (None, "", [], {}):
                    found.append(item[key])
        values = found
    return values


def has(data: Any, path: str) -> bool:
    """Whether ``path`` is set on ``data`` and, through lists, on every item on the way."""
    parts = path.split(".")
    for depth in range(1, len(parts) + 1):
        parent = _values(data, ".".join(parts[: depth - 1])) if depth > 1 else [data]
        items = [i for p in parent for i in (p if isinstance(p, list) else [p])]
        if not items or not all(
            isinstance(item, dict) and item.get(parts[depth - 1]) not in (None, "", [], {})
            for item in items
        ):
            return False
    return True


def location_errors(data: dict) -> list[str]:
    errors = []
    for location in _values(data, "location"):
        for item in location if isinstance(location, list) else [location]:
            if item.get("@type") == "Place" and not has(item, "address"):
                errors.append("location.address")
            if item.get("@type") == "VirtualLocation" and not has(item, "url"):
                errors.append("location.url")
            if item.get("@type") not in ("Place", "VirtualLocation"):
                errors.append("location.@type")
    online = data.get("eventAttendanceMode", "").endswith("/OnlineEventAttendanceMode")
    kinds = {item.get("@type") for item in data.get("location") or []}
    if online and "VirtualLocation" not in kinds:
        errors.append("location: an online event needs a VirtualLocation")
    return errors


def check(data: dict) -> tuple[list[str], list[str]]:
    """(errors, warnings) of Google's preset for ``data``'s ``@type``."""
    kind = data.get("@type")
    if kind == "Event":
        errors = [path for path in EVENT_REQUIRED if not has(data, path)]
        errors += location_errors(data)
        warnings = [path for path in EVENT_RECOMMENDED if not has(data, path)]
    elif kind in ("NewsArticle", "Article", "BlogPosting"):
        errors = []
        warnings = [path for path in ARTICLE_RECOMMENDED if not has(data, path)]
    else:
        raise AssertionError(f"no preset for {kind}")
    return errors, warnings


def check_item_list(data: dict) -> list[str]:
    """Google's summary-page carousel: an ItemList of ListItems with position and url."""
    items = data.get("mainEntity", {}).get("itemListElement")
    if data.get("@type") != "CollectionPage" or not isinstance(items, list):
        return ["a CollectionPage whose mainEntity is an ItemList"]
    errors = []
    for n, item in enumerate(items, start=1):
        if item.get("@type") != "ListItem" or item.get("position") != n or not item.get("url"):
            errors.append(f"itemListElement[{n}]")
    return errors
