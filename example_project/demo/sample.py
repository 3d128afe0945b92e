"""A sample congress with real volume, for looking at the programme, speakers and exports.

KPM 2021 (the demo proper) keeps the one session its sources describe. This module builds a
second, clearly fictitious congress in the demo file format — three days, several rooms,
tracks with a nested sub-track, breaks, ~60 sessions and their speakers in Polish and English —
from a seeded random generator, so every run (and every database) gets the same content.
``manage.py load_demo --sample-congress`` loads it with the same loader, and so through
wagtail-localize's own translation operations.
"""

from __future__ import annotations

import copy
import datetime
import random
from pathlib import Path
from typing import Any

from .content import DemoContent, check_content

SAMPLE_SEED = 2027
SAMPLE_KEY = "sample-congress"
FIRST_DAY = datetime.date(2027, 5, 11)
DAYS = 3
ROOMS = ["Aula", "Sala 101", "Sala 102", "Sala 201"]
# (start, end) of the parallel slots of a day; the gaps between them are breaks.
SLOTS = [("09:30", "11:00"), ("11:30", "13:00"), ("14:00", "15:30"), ("16:00", "17:30")]
BREAKS = [
    ("11:00", "11:30", ("Przerwa kawowa", "Coffee break")),
    ("13:00", "14:00", ("Przerwa obiadowa", "Lunch break")),
    ("15:30", "16:00", ("Przerwa kawowa", "Coffee break")),
]

LABEL = {"pl": "(dane przykładowe)", "en": "(sample data)"}

AREAS = [
    ("sample-area-mobility", "Mobilność i transport", "Mobility and transport"),
    ("sample-area-housing", "Mieszkalnictwo", "Housing"),
    ("sample-area-climate", "Klimat i zieleń", "Climate and greenery"),
    ("sample-area-governance", "Zarządzanie i partycypacja", "Governance and participation"),
    ("sample-area-economy", "Gospodarka lokalna", "Local economy"),
]

TRACKS = [
    # key, pl, en, kind, colour, parent
    ("sample-track-plenary", "Sesje plenarne", "Plenary sessions", "stage", "#6b2c91", None),
    (
        "sample-track-cities",
        "Miasta w praktyce",
        "Cities in practice",
        "main_block",
        "#1d6e4a",
        None,
    ),
    (
        "sample-track-research",
        "Nauka dla miast",
        "Research for cities",
        "main_block",
        "#0b4f8a",
        None,
    ),
    ("sample-track-workshops", "Warsztaty", "Workshops", "session_format", "#a34700", None),
    (
        "sample-track-young",
        "Młodzi w mieście",
        "Young people in the city",
        "side_event",
        "#8a1538",
        "sample-track-workshops",
    ),
]

TOPICS = [
    ("Tramwaj na nowo", "The tram, reinvented"),
    ("Rowerem do szkoły", "Cycling to school"),
    ("Ciche ulice, zdrowe miasta", "Quiet streets, healthy cities"),
    ("Mieszkania na wynajem w średnich miastach", "Rental homes in medium-sized towns"),
    ("Rewitalizacja bez wysiedleń", "Regeneration without displacement"),
    ("Budżet obywatelski po dekadzie", "Participatory budgets ten years on"),
    ("Drzewa zamiast parkingów", "Trees instead of car parks"),
    ("Woda deszczowa jako zasób", "Rainwater as a resource"),
    ("Upały w mieście", "Heatwaves in the city"),
    ("Dane miejskie otwarte dla wszystkich", "Open city data for everyone"),
    ("Małe miasta, duże ambicje", "Small towns, big ambitions"),
    ("Centra handlowe po pandemii", "Shopping centres after the pandemic"),
    ("Lokalne rynki pracy", "Local labour markets"),
    ("Metropolie i ich sąsiedzi", "Metropolises and their neighbours"),
    ("Rady młodzieżowe w praktyce", "Youth councils in practice"),
    ("Dostępność przestrzeni publicznej", "Accessible public space"),
    ("Energia ze wspólnoty", "Community energy"),
    ("Transport na żądanie", "Transport on demand"),
    ("Planowanie z mieszkańcami", "Planning with residents"),
    ("Miasto piętnastominutowe", "The fifteen-minute city"),
]

FORMATS = ["panel", "lecture", "presentation", "debate", "kaleidoscope"]
FORMAT_WORDS = {
    "panel": ("panel", "a panel"),
    "lecture": ("wykład", "a lecture"),
    "presentation": ("prezentacja", "a presentation"),
    "debate": ("debata", "a debate"),
    "kaleidoscope": ("kalejdoskop", "a kaleidoscope"),
    "workshop": ("warsztat", "a workshop"),
}

FIRST_NAMES = [
    "Anna", "Piotr", "Maria", "Tomasz", "Katarzyna", "Paweł", "Agnieszka", "Michał",
    "Joanna", "Marek", "Emily", "James", "Sofia", "Lukas", "Ingrid", "Mateo",
]  # fmt: skip
LAST_NAMES = [
    "Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska",
    "Szymański", "Dąbrowska", "Mazur", "Carter", "Hughes", "Rossi", "Becker", "Lindqvist",
    "García",
]  # fmt: skip
POSITIONS = [
    ("Prezydentka miasta", "Mayor"),
    ("Dyrektor biura planowania", "Director of the planning office"),
    ("Badaczka", "Researcher"),
    ("Architekt miasta", "City architect"),
    ("Koordynatorka projektu", "Project coordinator"),
    ("Ekspert ds. mobilności", "Mobility expert"),
]
ORGANISATIONS = [
    ("Urząd Miasta Przykładowo", "Przykładowo City Hall"),
    ("Instytut Badań Miejskich (przykład)", "Institute of Urban Research (sample)"),
    ("Fundacja Miasto Wspólne", "Common City Foundation"),
    ("Politechnika Przykładowa", "Sample University of Technology"),
    ("Związek Gmin Przykładowych", "Association of Sample Municipalities"),
]

PARTNERS = [
    ("sample-partner-organiser", "Fundacja Kongresów Przykładowych", "Sample Congress Foundation"),
    ("sample-partner-city", "Miasto Przykładowo", "City of Przykładowo"),
    ("sample-partner-university", "Politechnika Przykładowa", "Sample University of Technology"),
]


def sample_content(demo: DemoContent, seed: int = SAMPLE_SEED) -> DemoContent:
    """The checked sample congress, under the home page of the ``demo`` file."""
    data = sample_congress_content(copy.deepcopy(demo.data["home"]), seed)
    return check_content(data, Path(f"<sample congress, seed {seed}>"))


def text(pl: str, en: str) -> dict[str, str]:
    return {"pl": pl, "en": en}


def slugify_ascii(value: str) -> str:
    from anyascii import anyascii
    from django.utils.text import slugify

    return slugify(anyascii(value))


def sample_congress_content(home: dict[str, Any], seed: int = SAMPLE_SEED) -> dict[str, Any]:
    """The sample congress as demo file data (before checking), under the demo's ``home``."""
    rng = random.Random(seed)
    speakers = sample_speakers(rng)
    sessions = sample_sessions(rng, speakers)
    congress_title = text(
        "Przykładowy Kongres Miast 2027 (dane przykładowe)",
        "Sample Cities Congress 2027 (sample data)",
    )
    last_day = FIRST_DAY + datetime.timedelta(days=DAYS - 1)
    return {
        "locales": ["pl", "en"],
        "thematic_areas": [{"key": k, "name": text(pl, en)} for k, pl, en in AREAS],
        "partners": [
            {
                "key": key,
                "name": text(pl, en),
                "description": text(
                    f"<p>Partner przykładowy {LABEL['pl']}.</p>",
                    f"<p>A sample partner {LABEL['en']}.</p>",
                ),
            }
            for key, pl, en in PARTNERS
        ],
        "news_categories": [
            {
                "key": "sample-news-programme",
                "name": text("Program", "Programme"),
                "slug": text("program", "programme"),
            },
        ],  # fmt: skip
        "speakers": speakers,
        "home": home,
        "congress": {
            "key": SAMPLE_KEY,
            "title": congress_title,
            "slug": text("przykladowy-kongres-miast-2027", "sample-cities-congress-2027"),
            "edition": text("2027", "2027"),
            "lead": text(
                "Fikcyjny kongres z danymi przykładowymi: trzy dni, cztery sale, kilkadziesiąt "
                "sesji. Pokazuje program, prelegentów i eksporty pakietu wagtail-congress.",
                "A fictitious congress with sample data: three days, four rooms, dozens of "
                "sessions. It shows the programme, speakers and exports of wagtail-congress.",
            ),
            "start": f"{FIRST_DAY.isoformat()}T09:00",
            "end": f"{last_day.isoformat()}T18:00",
            "timezone": "Europe/Warsaw",
            "attendance_mode": "hybrid",
            "venue": text("Centrum Kongresowe (przykład)", "Congress Centre (sample)"),
            "city": text("Przykładowo", "Przykładowo"),
            "languages": ["pl", "en"],
            "thematic_areas": [key for key, _pl, _en in AREAS],
            "body": [
                {
                    "type": "paragraph",
                    "text": text(
                        "<p>To jest kongres przykładowy: osoby, instytucje i sesje są "
                        "zmyślone i służą tylko do pokazania możliwości pakietu.</p>",
                        "<p>This is a sample congress: its people, institutions and sessions "
                        "are made up, only to show what the package can do.</p>",
                    ),
                }
            ],
            "partner_groups": [
                {
                    "heading": text("Organizator", "Organiser"),
                    "role": "organiser",
                    "partners": [PARTNERS[0][0]],
                },
                {
                    "heading": text("Partnerzy", "Partners"),
                    "role": "partner",
                    "partners": [PARTNERS[1][0], PARTNERS[2][0]],
                },
            ],
        },
        "tracks": [
            {
                "key": key,
                "title": text(pl, en),
                "slug": text(slugify_ascii(pl), slugify_ascii(en)),
                "kind": kind,
                "colour": colour,
                "description": text(
                    f"<p>Ścieżka „{pl}” {LABEL['pl']}.</p>",
                    f"<p>The “{en}” track {LABEL['en']}.</p>",
                ),
                **({"parent": parent} if parent else {}),
            }
            for key, pl, en, kind, colour, parent in TRACKS
        ],
        "sessions": sessions,
        "news_index": {
            "key": "sample-news",
            "title": text("Aktualności", "News"),
            "slug": text("aktualnosci", "news"),
            "intro": text(
                "<p>Wiadomości kongresu przykładowego.</p>", "<p>News of the sample congress.</p>"
            ),
        },
        "partner_listing": {
            "key": "sample-partners",
            "title": text("Partnerzy", "Partners"),
            "slug": text("partnerzy", "partners"),
            "intro": text(
                "<p>Partnerzy kongresu przykładowego.</p>",
                "<p>Partners of the sample congress.</p>",
            ),
            "partner_groups": [
                {
                    "heading": text("Partnerzy", "Partners"),
                    "role": "partner",
                    "partners": [key for key, _pl, _en in PARTNERS],
                }
            ],
        },
        "news": [
            {
                "key": "sample-news-programme-published",
                "title": text("Program jest już dostępny", "The programme is out"),
                "slug": text("program-jest-juz-dostepny", "the-programme-is-out"),
                "publication_date": "2027-03-01",
                "category": "sample-news-programme",
                "lead": text(
                    "Opublikowaliśmy program kongresu przykładowego: trzy dni "
                    "i kilkadziesiąt sesji.",
                    "We have published the sample congress's programme: three days and dozens of "
                    "sessions.",
                ),
                "related_congress": True,
                "related_sessions": [sessions[1]["key"]],
            }
        ],
    }


def sample_speakers(rng: random.Random, count: int = 40) -> list[dict[str, Any]]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in names:
            names.append(name)
    speakers = []
    for index, name in enumerate(names):
        position = rng.choice(POSITIONS)
        organisation = rng.choice(ORGANISATIONS)
        speakers.append(
            {
                "key": f"sample-speaker-{index + 1:02d}",
                "name": text(name, name),
                "position": text(*position),
                "organisation": text(*organisation),
                "bio": text(
                    f"<p>{name} – osoba fikcyjna {LABEL['pl']}.</p>",
                    f"<p>{name} is a fictitious person {LABEL['en']}.</p>",
                ),
            }
        )
    return speakers


def sample_sessions(rng: random.Random, speakers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = []
    track_keys = [key for key, *_rest in TRACKS]
    for day_index in range(DAYS):
        day = (FIRST_DAY + datetime.timedelta(days=day_index)).isoformat()
        for start, end, (pl, en) in BREAKS:
            sessions.append(
                {
                    "key": f"sample-break-{day_index + 1}-{start.replace(':', '')}",
                    "track": "sample-track-plenary",
                    "title": text(pl, en),
                    "slug": text(
                        f"{slugify_ascii(pl)}-{day}-{start.replace(':', '')}",
                        f"{slugify_ascii(en)}-{day}-{start.replace(':', '')}",
                    ),
                    "start": f"{day}T{start}",
                    "end": f"{day}T{end}",
                    "room": "Foyer",
                    "format": "break",
                    "language": "pl",
                }
            )
        for start, end in SLOTS:
            busy: set[str] = set()  # nobody speaks in two rooms at once
            for room_index, room in enumerate(ROOMS):
                number = len([s for s in sessions if s["format"] != "break"]) + 1
                topic_pl, topic_en = TOPICS[(number * 7) % len(TOPICS)]
                if room_index == 0:
                    track = "sample-track-plenary"
                elif room_index == 3:
                    track = rng.choice(["sample-track-workshops", "sample-track-young"])
                else:
                    track = rng.choice(track_keys[1:3])
                format_ = "workshop" if room_index == 3 else rng.choice(FORMATS)
                language = "en" if rng.random() < 0.3 else "pl"
                word_pl, word_en = FORMAT_WORDS[format_]
                free = [speaker for speaker in speakers if speaker["key"] not in busy]
                chosen = rng.sample(free, k=rng.randint(1, 3))
                busy.update(speaker["key"] for speaker in chosen)
                roles = ["moderator"] + ["panellist"] * 2 if format_ == "panel" else ["speaker"] * 3
                area_keys = [key for key, *_r in rng.sample(AREAS, k=rng.randint(1, 2))]
                sessions.append(
                    {
                        "key": f"sample-session-{number:02d}",
                        "track": track,
                        "title": text(f"{topic_pl} ({word_pl} {number})", f"{topic_en} ({number})"),
                        "slug": text(
                            f"{slugify_ascii(topic_pl)}-{number}",
                            f"{slugify_ascii(topic_en)}-{number}",
                        ),
                        "start": f"{day}T{start}",
                        "end": f"{day}T{end}",
                        "room": room,
                        "format": format_,
                        "language": language,
                        "description": text(
                            f"<p>Sesja przykładowa ({word_pl}) na temat: {topic_pl.lower()}.</p>",
                            f"<p>A sample session ({word_en}) on {topic_en.lower()}.</p>",
                        ),
                        "thematic_areas": area_keys,
                        "speakers": [
                            {"speaker": speaker["key"], "role": role}
                            for speaker, role in zip(chosen, roles, strict=False)
                        ],
                        **(
                            {"partners": [PARTNERS[2][0]]}
                            if track == "sample-track-research"
                            else {}
                        ),
                    }
                )
    return sessions
