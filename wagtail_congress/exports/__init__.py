"""Exports for other people's software: iCalendar, news feeds and schema.org JSON-LD."""
