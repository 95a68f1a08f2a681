"""Which statements of the second development file are held out.

The second development file (215 statements from about 40 partnerships) is
split by area: every statement from the 26 areas below is held out of all
tuning of the lexicon and rules, so the figure reported on it estimates how
the tagger does on partnerships it has never seen. The split was drawn once
(areas shuffled with seed 2026, added until half the statements were held
out) and is fixed here by statement id.

Held-out areas: Brighton and Hove, Cheshire West, Conwy, Cumberland, Devon,
Doncaster, Essex, Halton, Herefordshire, Hertfordshire, Hounslow, Kingston and
Richmond, Knowsley, Lambeth, Lincolnshire, Medway, Newcastle, North Tyneside,
North Wales, Isles of Scilly, Sheffield, Stockport, Telford and Wrekin,
Torbay, Wirral, Wolverhampton.
"""

from __future__ import annotations

_HELD_OUT_RANGES = (
    (1, 8),
    (13, 37),
    (43, 56),
    (73, 80),
    (87, 88),
    (102, 111),
    (121, 146),
    (156, 159),
    (197, 197),
    (199, 208),
    (212, 215),
)

HELD_OUT_IDS: frozenset[str] = frozenset(
    f"e{number:03d}" for first, last in _HELD_OUT_RANGES for number in range(first, last + 1)
)
