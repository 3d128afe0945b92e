"""Benchmarks of wagtail-congress: ``python -m benchmarks`` (see docs/performance.md)."""
