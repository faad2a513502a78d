"""Hotlist categories: what kind of list a plate is on and how loudly to say so.

The national system (SCNTT) sends stolen vehicles (A1) and missing revisione
(A2); the Motorizzazione's data gives uninsured vehicles; the comune keeps
its own lists (wanted, seized, banned from the ZTL, anything local). Each
category has a priority (1 is the most urgent), a colour, a sound and the
text the operator reads on a hit. Lists of priority ``FUZZY_PRIORITY`` or
more urgent are also matched with one edit of tolerance.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

#: Categories this urgent (or more) get the edit-distance step of the matcher.
FUZZY_PRIORITY = 2


class Sound(enum.StrEnum):
    """Which alert sound a hit plays (files in resources/sounds)."""

    URGENT = "urgent"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Category:
    """A kind of hotlist: urgency, colour (#rrggbb), sound and operator text."""

    id: str
    name: str
    priority: int
    colour: str
    sound: Sound
    text: str

    @property
    def fuzzy(self) -> bool:
        """Whether the matcher also looks one edit away for this category."""
        return self.priority <= FUZZY_PRIORITY


CATEGORIES: tuple[Category, ...] = (
    Category(
        "a1",
        "Veicoli rubati (A1)",
        1,
        "#e0262b",
        Sound.URGENT,
        "Veicolo segnalato rubato: non intervenire da soli, avvisare la centrale.",
    ),
    Category(
        "wanted",
        "Ricercati",
        1,
        "#c2185b",
        Sound.URGENT,
        "Veicolo ricercato: seguire le istruzioni della segnalazione.",
    ),
    Category(
        "uninsured",
        "Senza assicurazione",
        2,
        "#f57c00",
        Sound.WARNING,
        "Veicolo privo di copertura assicurativa RCA.",
    ),
    Category(
        "seized",
        "Fermo o sequestro",
        2,
        "#ef6c00",
        Sound.WARNING,
        "Veicolo sottoposto a fermo amministrativo o sequestro: non può circolare.",
    ),
    Category(
        "a2",
        "Revisione scaduta (A2)",
        3,
        "#fbc02d",
        Sound.NOTICE,
        "Revisione periodica non effettuata.",
    ),
    Category(
        "ztl",
        "Divieto ZTL",
        4,
        "#1e88e5",
        Sound.NOTICE,
        "Veicolo non autorizzato all'accesso alla ZTL.",
    ),
    Category(
        "local",
        "Lista locale",
        3,
        "#8e24aa",
        Sound.NOTICE,
        "Veicolo in una lista del comando.",
    ),
)

_BY_ID = {c.id: c for c in CATEGORIES}


def category(category_id: str) -> Category:
    """The category with this id.

    Raises:
        KeyError: no such category (the message lists the known ones).
    """
    try:
        return _BY_ID[category_id]
    except KeyError:
        known = ", ".join(_BY_ID)
        raise KeyError(f"unknown hotlist category {category_id!r} (known: {known})") from None


@dataclass(frozen=True)
class HotList:
    """One named list (``A1-Questura``, ``ZTL-centro``) of one category."""

    name: str
    category: Category
    text: str = ""  # overrides the category's text when set

    @property
    def display_text(self) -> str:
        """What the operator reads on a hit."""
        return self.text or self.category.text
