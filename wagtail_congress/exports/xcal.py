"""xCal (RFC 6321): the iCalendar exports as XML, converted from ``icalendar`` objects.

``icalendar`` reads and writes only the text format and no maintained PyPI library writes
xCal, so this module maps an ``icalendar`` component tree onto RFC 6321's elements:
components and properties by lower-cased name, each parameter as ``<name><text>``, and each
value in the element of its value type (``<text>``, ``<date-time>``, ``<utc-offset>``,
``<recur>`` ...). Text is written unescaped (XML escapes it); multi-valued properties such
as ``CATEGORIES`` get one value element per value. Properties of a type this module does not
know, and extension (``X-``) properties without a ``VALUE`` parameter, are ``<unknown>``
with their iCalendar text, as RFC 6321 §5 says.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

# The standard library's ElementTree: lxml is not a dependency of the package (the tests,
# which parse what this writes, use it). Writing only, so no XML parser is exposed (B405).
from xml.etree import ElementTree as etree  # nosec B405

from icalendar import Component
from icalendar.prop import (
    vBinary,
    vBoolean,
    vCalAddress,
    vCategory,
    vDDDLists,
    vDDDTypes,
    vFloat,
    vGeo,
    vInt,
    vPeriod,
    vRecur,
    vText,
    vUri,
    vUTCOffset,
)

from .common import xml_text

NAMESPACE = "urn:ietf:params:xml:ns:icalendar-2.0"
CONTENT_TYPE = "application/calendar+xml; charset=utf-8"

# RFC 6321 §3.6.10: the parts of a <recur>, in the order its schema requires.
RECUR_ORDER = (
    "freq",
    "until",
    "count",
    "interval",
    "bysecond",
    "byminute",
    "byhour",
    "byday",
    "bymonthday",
    "byyearday",
    "byweekno",
    "bymonth",
    "bysetpos",
    "wkst",
)
# Parameters whose value is a URI or a calendar user address (RFC 6321 §3.5).
URI_PARAMETERS = {"altrep", "dir"}
CAL_ADDRESS_PARAMETERS = {"delegated-from", "delegated-to", "member", "sent-by"}


def _element(parent: etree.Element, name: str, text: str | None = None) -> etree.Element:
    # Unprefixed names in the default namespace the root declares (``xmlns``).
    element = etree.SubElement(parent, name)
    if text is not None:
        element.text = xml_text(text)
    return element


def date_time_text(value: datetime.datetime, local: bool = False) -> str:
    """``2021-06-08T10:00:00``: UTC with ``Z``; ``local`` (with a TZID) and floating bare."""
    if value.tzinfo is not None and not local:
        value = value.astimezone(datetime.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def utc_offset_text(offset: datetime.timedelta) -> str:
    """``+01:00`` (``+05:45:30`` with seconds), RFC 6321 §3.6.14."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def _duration_text(value: datetime.timedelta) -> str:
    return vDDDTypes(value).to_ical().decode()


def _add_time(parent: etree.Element, value, local: bool, name: str | None = None) -> None:
    """A DATE, DATE-TIME, DURATION or PERIOD value (``vDDDTypes`` holds any of them)."""
    if isinstance(value, datetime.datetime):
        _element(parent, name or "date-time", date_time_text(value, local))
    elif isinstance(value, datetime.date):
        _element(parent, name or "date", value.isoformat())
    elif isinstance(value, datetime.timedelta):
        _element(parent, name or "duration", _duration_text(value))
    elif isinstance(value, tuple):  # a period: (start, end or duration)
        period = _element(parent, "period")
        start, end = value
        _element(period, "start", date_time_text(start, local))
        if isinstance(end, datetime.timedelta):
            _element(period, "duration", _duration_text(end))
        else:
            _element(period, "end", date_time_text(end, local))
    else:
        raise TypeError(f"Not a time value: {value!r}")


def _add_recur(parent: etree.Element, rule: vRecur, local: bool) -> None:
    recur = _element(parent, "recur")
    parts = {key.lower(): value for key, value in rule.items()}
    for key in RECUR_ORDER:
        values = parts.get(key)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            if key == "until":
                _add_time(recur, value, local, "until")
            else:
                _element(recur, key, str(value).upper())


def _add_values(parent: etree.Element, name: str, prop) -> None:
    """The value elements of one property."""
    local = "TZID" in getattr(prop, "params", {})
    if isinstance(prop, vCategory):
        for value in prop.cats:
            _element(parent, "text", str(value))
    elif isinstance(prop, vDDDLists):
        for value in prop.dts:
            _add_time(parent, value.dt, local)
    elif isinstance(prop, (vDDDTypes, vPeriod)):
        _add_time(parent, prop.dt, local)
    elif isinstance(prop, vUTCOffset):
        _element(parent, "utc-offset", utc_offset_text(prop.td))
    elif isinstance(prop, vRecur):
        _add_recur(parent, prop, local)
    elif isinstance(prop, vBoolean):
        _element(parent, "boolean", "true" if prop else "false")
    elif isinstance(prop, vInt):
        _element(parent, "integer", str(int(prop)))
    elif isinstance(prop, vFloat):
        _element(parent, "float", repr(float(prop)))
    elif isinstance(prop, vGeo):
        _element(parent, "latitude", repr(float(prop.latitude)))
        _element(parent, "longitude", repr(float(prop.longitude)))
    elif isinstance(prop, vCalAddress):
        _element(parent, "cal-address", str(prop))
    elif isinstance(prop, vUri):
        _element(parent, "uri", str(prop))
    elif isinstance(prop, vBinary):
        _element(parent, "binary", prop.to_ical().decode())
    elif isinstance(prop, vText) and not (name.startswith("x-") and "VALUE" not in prop.params):
        _element(parent, "text", str(prop))
    else:
        _element(parent, "unknown", prop.to_ical().decode())


def _add_parameters(parent: etree.Element, params) -> None:
    wanted = [(key.lower(), value) for key, value in params.items() if key.upper() != "VALUE"]
    if not wanted:
        return
    parameters = _element(parent, "parameters")
    for key, value in wanted:
        parameter = _element(parameters, key)
        kind = (
            "uri"
            if key in URI_PARAMETERS
            else "cal-address"
            if key in CAL_ADDRESS_PARAMETERS
            else "text"
        )
        for item in value if isinstance(value, list) else [value]:
            _element(parameter, kind, str(item))


def _add_property(parent: etree.Element, name: str, prop) -> None:
    element = _element(parent, name.lower())
    _add_parameters(element, getattr(prop, "params", {}))
    _add_values(element, name.lower(), prop)


def _add_component(parent: etree.Element, component: Component) -> None:
    element = _element(parent, component.name.lower())
    properties = _element(element, "properties")
    for name in component:
        values = component[name]
        for prop in values if isinstance(values, list) else [values]:
            _add_property(properties, name, prop)
    if len(properties) == 0:
        element.remove(properties)
    if component.subcomponents:
        components = _element(element, "components")
        for sub in component.subcomponents:
            _add_component(components, sub)


def to_xcal(calendars: Component | Iterable[Component]) -> bytes:
    """An ``<icalendar>`` document holding ``calendars`` (``VCALENDAR`` components)."""
    if isinstance(calendars, Component):
        calendars = [calendars]
    root = etree.Element("icalendar", {"xmlns": NAMESPACE})
    for calendar in calendars:
        _add_component(root, calendar)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
