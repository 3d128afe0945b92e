"""Sizes of a generated congress (no Django import: the runner reads them too)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

LANGUAGES = ("pl", "en")


@dataclass
class Sizes:
    """How large a congress to generate (defaults: the benchmark's large congress)."""

    days: int = 3
    rooms: int = 12
    tracks: int = 30
    sessions: int = 400
    speakers: int = 800
    partners: int = 80
    news: int = 2000
    thematic_areas: int = 12
    news_categories: int = 8
    languages: tuple[str, ...] = LANGUAGES

    def signature(self, seed: int) -> str:
        """A short name for a generated database of these sizes and seed."""
        parts = [f"{key}{value}" for key, value in asdict(self).items() if key != "languages"]
        return "-".join([*parts, "".join(self.languages), f"seed{seed}"])
