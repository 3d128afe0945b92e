"""Reading the calendar exports back, for the tests: iCalendar with ``icalendar`` and with
``vobject`` (a second, independent parser), xCal (RFC 6321) with ``lxml`` into the values
``icalendar`` decodes, so the two formats can be compared property by property."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import vobject
from icalendar import Calendar
from lxml import etree

XCAL_NAMESPACE = "urn:ietf:params:xml:ns:icalendar-2.0"
NS = {"x": XCAL_NAMESPACE}
# Properties that differ between two requests by design (the time of the request).
VOLATILE = {"DTSTAMP"}


def ical_events(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


def vobject_events(content: bytes) -> list:
    """The VEVENTs as ``vobject`` reads them (it raises on what it cannot parse)."""
    calendar = vobject.readOne(content.decode("utf-8"))
    return list(getattr(calendar, "vevent_list", []))


def _xcal_value(element: etree._Element, tzid: str | None) -> Any:
    kind = etree.QName(element).localname
    text = element.text or ""
    if kind == "date-time":
        if text.endswith("Z"):
            return datetime.datetime.fromisoformat(text[:-1]).replace(tzinfo=datetime.UTC)
        value = datetime.datetime.fromisoformat(text)
        return value.replace(tzinfo=zoneinfo.ZoneInfo(tzid)) if tzid else value
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "integer":
        return int(text)
    if kind in ("text", "uri", "cal-address", "unknown"):
        return text
    return (kind, text)  # types the exports do not use: compared as they are written


def xcal_document(content: bytes) -> etree._Element:
    """The parsed document, checked to be RFC 6321's ``<icalendar>`` in its namespace."""
    root = etree.fromstring(content)  # raises on XML that is not well-formed
    assert root.tag == f"{{{XCAL_NAMESPACE}}}icalendar", root.tag
    assert [etree.QName(child).localname for child in root] == ["vcalendar"]
    return root


def xcal_properties(component: etree._Element) -> dict[str, list]:
    """``{NAME: [value or list of values, ...]}`` of a component's ``<properties>``."""
    found: dict[str, list] = {}
    for prop in component.xpath("x:properties/*", namespaces=NS):
        name = etree.QName(prop).localname.upper()
        tzid = prop.xpath("string(x:parameters/x:tzid/x:text)", namespaces=NS) or None
        values = [
            _xcal_value(value, tzid)
            for value in prop
            if etree.QName(value).localname != "parameters"
        ]
        found.setdefault(name, []).append(values[0] if len(values) == 1 else values)
    return found


def xcal_events(content: bytes) -> list[dict[str, list]]:
    root = xcal_document(content)
    return [
        xcal_properties(event)
        for event in root.xpath("x:vcalendar/x:components/x:vevent", namespaces=NS)
    ]


def ical_properties(event) -> dict[str, list]:
    """The same shape from an ``icalendar`` VEVENT: decoded values, categories as lists."""
    found: dict[str, list] = {}
    for name, _value in event.property_items(recursive=False, sorted=False):
        if name in ("BEGIN", "END"):
            continue
        if name == "CATEGORIES":
            cats = [str(cat) for cat in event[name].cats]
            found.setdefault(name, []).append(cats[0] if len(cats) == 1 else cats)
            continue
        decoded = event.decoded(name)
        if isinstance(decoded, bytes):
            decoded = decoded.decode()
        found.setdefault(name, []).append(decoded)
    return found


def assert_same_events(ics: bytes, xcs: bytes) -> int:
    """Every VEVENT of ``ics`` has its twin in ``xcs`` (same values, by UID); the count."""
    ical = {str(event["UID"]): ical_properties(event) for event in ical_events(ics)}
    xcal = {props["UID"][0]: props for props in xcal_events(xcs)}
    assert ical.keys() == xcal.keys()
    for uid, props in ical.items():
        left = {k: v for k, v in props.items() if k not in VOLATILE}
        right = {k: v for k, v in xcal[uid].items() if k not in VOLATILE}
        assert left == right, uid
    return len(ical)
