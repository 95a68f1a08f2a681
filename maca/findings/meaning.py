"""Findings alike in meaning: each finding's sentence embedding, kept, and
compared to rank "findings like this one".

The vector is the one the tagger makes when it suggests a finding's themes
(``maca.findings.tagging.embedding``, ADR 0010), so a finding written or
changed through the services has its vector at no further cost
(:func:`keep_meaning`). Findings that came in without one (an imported past
audit, findings written while the model was not installed, text that
retention changed) are read by :func:`meanings_fill`: queued after an
import, and run for every partnership by the daily job ``findings.meanings``.

"Findings like this one" ranks by meaning only when every current finding of
the partnership has its vector; until then it ranks by shared words, and the
page says so (``maca.findings.search.findings_like``). Without the model it
always ranks by words.

numpy is imported inside the functions: a process that never compares
meanings does not load it.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Count, Max

from maca.audit_trail.services import record
from maca.findings.caching import PerPartnership
from maca.findings.models import Finding, FindingMeaning

# How alike (cosine of the embeddings) a finding must be to count as like
# another, and how many the fill embeds at a time.
MIN_SIMILARITY = 0.35
FILL_BATCH = 256


def embedder():
    """The shared embedder, or None when the model is not installed."""
    from maca.findings.tagging import embedding

    return embedding.load()


def key_for(text: str) -> str:
    """A digest of the text and of the model and method that made its vector."""
    from maca.findings.tagging import alike, embedding

    digest = hashlib.sha256(alike.METHOD.encode())
    digest.update(embedding.PINNED_FILES["model.safetensors"].encode())
    digest.update(text.encode())
    return digest.hexdigest()


def _as_bytes(vector) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype=np.float16).tobytes()


def keep_meaning(finding: Finding, vector) -> None:
    """Keep ``finding``'s vector (made by the tagger from its current text),
    within the caller's transaction; a None vector (no model) removes any
    vector of earlier words."""
    if vector is None:
        FindingMeaning.objects.filter(finding=finding).delete()
        return
    FindingMeaning.objects.update_or_create(
        finding=finding,
        defaults={"partnership_id": finding.partnership_id, "key": key_for(finding.text), "vector": _as_bytes(vector)},
    )


def missing(partnership) -> list[tuple[int, str]]:
    """``(pk, text)`` of the partnership's current findings whose vector is
    missing or was made from other words."""
    keys = dict(FindingMeaning.objects.filter(partnership=partnership).values_list("finding_id", "key"))
    rows = Finding.objects.current().filter(partnership=partnership).order_by("pk").values_list("pk", "text")
    return [(pk, text) for pk, text in rows if keys.get(pk) != key_for(text)]


def meanings_fill(*, partnership, actor=None) -> int:
    """Make the vectors the partnership's current findings lack. Returns how
    many were made (0 without the model). Each batch is saved in its own
    transaction, so a long fill keeps what it has done; the audit log records
    how many were read."""
    model = embedder()
    if model is None:
        return 0
    todo = missing(partnership)
    for start in range(0, len(todo), FILL_BATCH):
        batch = todo[start : start + FILL_BATCH]
        vectors = model.embed_many([text for _, text in batch])
        with transaction.atomic():
            # A finding whose words changed while this batch was embedded keeps
            # the vector its own save made: only rows still missing are written.
            still = {pk for pk, _ in missing_among(partnership, [pk for pk, _ in batch], dict(batch))}
            FindingMeaning.objects.filter(finding_id__in=still).delete()
            FindingMeaning.objects.bulk_create(
                [
                    FindingMeaning(partnership=partnership, finding_id=pk, key=key_for(text), vector=_as_bytes(vector))
                    for (pk, text), vector in zip(batch, vectors, strict=True)
                    if pk in still
                ]
            )
    if todo:
        record(
            actor=actor,
            action="findings.meanings_made",
            partnership=partnership,
            changes={"findings": len(todo)},
        )
    return len(todo)


def missing_among(partnership, pks: list[int], texts: dict[int, str]) -> list[tuple[int, str]]:
    """Of ``pks``, the current findings whose text is still ``texts[pk]`` and
    whose vector is missing or made from other words."""
    keys = dict(
        FindingMeaning.objects.filter(partnership=partnership, finding_id__in=pks).values_list("finding_id", "key")
    )
    current = Finding.objects.current().filter(partnership=partnership, pk__in=pks).values_list("pk", "text")
    return [(pk, text) for pk, text in current if text == texts.get(pk) and keys.get(pk) != key_for(text)]


def scheduled_fill(day) -> str:
    """The scheduler's daily job (``findings.meanings``): every partnership's
    findings that lack a vector of their words (written while the model was
    not installed, or changed by retention) are read."""
    from maca.core.tenancy import all_partnerships, for_partnership
    from maca.partnerships.models import Partnership

    if embedder() is None:
        return "no sentence embeddings in this installation: nothing read"
    with all_partnerships():
        partnership_ids = list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
    made = 0
    for partnership_id in partnership_ids:
        with for_partnership(partnership_id):
            made += meanings_fill(partnership=Partnership.objects.get(pk=partnership_id))
    return f"{made} finding{'' if made == 1 else 's'} read for their meaning"


class _Matrix:
    """The partnership's kept vectors, one row each (removed findings too:
    the caller keeps to current ones)."""

    def __init__(self, pks: list[int], keys: list[str], vectors) -> None:
        self.pks, self.keys, self.vectors = pks, keys, vectors
        self.row = {pk: index for index, pk in enumerate(pks)}


_MATRICES: PerPartnership[_Matrix] = PerPartnership()


def forget_matrices() -> None:
    """Every matrix of vectors this process keeps is read again on next use."""
    _MATRICES.clear()


def _matrix(partnership) -> _Matrix:
    import numpy as np

    stamp = tuple(
        FindingMeaning.objects.filter(partnership=partnership)
        .aggregate(n=Count("id"), last=Max("id"), made=Max("made_at"))
        .values()
    )

    def build() -> _Matrix:
        rows = list(
            FindingMeaning.objects.filter(partnership=partnership)
            .order_by("finding_id")
            .values_list("finding_id", "key", "vector")
        )
        vectors = np.frombuffer(b"".join(bytes(row[2]) for row in rows), dtype=np.float16)
        return _Matrix(
            [row[0] for row in rows],
            [row[1] for row in rows],
            vectors.reshape(len(rows), -1).astype(np.float32) if rows else np.zeros((0, 0), dtype=np.float32),
        )

    return _MATRICES.get(partnership, stamp, build)


def alike_by_meaning(partnership, finding: Finding, *, limit: int) -> dict[int, float] | None:
    """The partnership's current findings nearest in meaning to ``finding``
    (never itself): ``{pk: similarity}``, at most ``limit``, each at least
    ``MIN_SIMILARITY`` alike. None when meanings cannot be compared: no model,
    or a current finding of the partnership without a vector of its words."""
    import numpy as np

    if embedder() is None:
        return None
    current = set(Finding.objects.current().filter(partnership=partnership).values_list("pk", flat=True))
    matrix = _matrix(partnership)
    if not current <= matrix.row.keys():
        return None
    own = matrix.row.get(finding.pk)
    if own is None or matrix.keys[own] != key_for(finding.text):
        return None
    similarities = matrix.vectors @ matrix.vectors[own]
    found: dict[int, float] = {}
    for index in np.argsort(-similarities, kind="stable"):
        pk, similarity = matrix.pks[index], float(similarities[index])
        if similarity < MIN_SIMILARITY or len(found) >= limit:
            break
        if pk != finding.pk and pk in current:
            found[pk] = min(similarity, 1.0)
    return found
