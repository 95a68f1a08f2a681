"""The publication safety check applied to one version of an output: every
piece of its text checked with the audit's held names and pseudonyms, each
hit placed in its section with the words around it, the pseudonym to put in
its place, and the override a person gave it, if any."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from maca.publications.document import Document
from maca.publications.models import Pseudonym, Publication, PublicationVersion, SafetyOverride
from maca.publications.safety import KIND_LABELS, Hit, Kind, SafetyCheck, find_identifiers, propose_replacement

CONTEXT = 60


@dataclass
class FoundHit:
    address: str
    where: str
    hit: Hit
    before: str
    after: str
    proposal: str | None
    fingerprint: str
    override: SafetyOverride | None = None
    # Every replacement offered, each a button; ``proposal`` is the first. A
    # year's report's "Child A" could be several audits' (``_bare_label_hits``).
    proposals: tuple[str, ...] = ()

    def __post_init__(self):
        if self.proposal and not self.proposals:
            self.proposals = (self.proposal,)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.hit.kind, str(self.hit.kind))

    @property
    def kind_in_a_sentence(self) -> str:
        """The kind inside a sentence ("Keep this phone number"): lower case,
        but never "nhs number" or "national insurance number"."""
        label = self.kind_label
        first = label.split()[0]
        if first.isupper() or first == "National":
            return label
        return label[0].lower() + label[1:]

    @property
    def is_open(self) -> bool:
        return self.override is None

    @property
    def section_key(self) -> str:
        """The section whose page edits it (its heading or text), or "" (the
        title, a table or the chart: drafted from the record, not typed)."""
        key, _dot, rest = self.address.partition(".")
        return key if rest in ("heading", "text") else ""


def fingerprint(address: str, kind: str, text: str) -> str:
    return salted_hmac("maca.publications.override", f"{address}|{kind}|{text}").hexdigest()[:64]


def _where(document: Document, address: str) -> str:
    if address == "title":
        return "The title"
    if address == "subtitle":
        return "The subtitle"
    key, part, *rest = address.split(".")
    heading = document.section(key).heading
    if part == "heading":
        return f"‘{heading}’: the heading"
    if part == "text":
        return f"‘{heading}’"
    if part == "table":
        if rest[-1] == "caption":
            return f"‘{heading}’: a table’s caption"
        return f"‘{heading}’: table {int(rest[0]) + 1}, row {int(rest[1]) + 1}"
    return f"‘{heading}’: the chart"


def names_for(publication: Publication) -> dict[str, str]:
    """``{held name: pseudonym}`` for the output's audit (for a year's report,
    every audit of the year, each pseudonym after its audit's title:
    ``pseudonyms.year_held_names``)."""
    from maca.publications import pseudonyms

    if publication.audit_id:
        return pseudonyms.held_names(publication.audit)
    return pseudonyms.year_held_names(publication.partnership_id, publication.year)


def pseudonym_labels(publication: Publication) -> list[str]:
    from maca.publications import pseudonyms

    if publication.audit_id:
        query = Pseudonym.objects.filter(partnership_id=publication.partnership_id, audit_id=publication.audit_id)
        return list(query.values_list("label", flat=True))
    return pseudonyms.year_labels(publication.partnership_id, publication.year)


def bare_label_reason(label: str, titles: list[str]) -> str:
    """Why a year's report's "Child A" written alone is a hit, naming the
    audits it could be and how the report writes each."""
    from maca.publications.pseudonyms import in_year_report

    forms = [f"‘{in_year_report(title, label)}’" for title in titles]
    said = f"Every audit of the year has its own pseudonyms, so ‘{label}’ on its own does not say which child it is. "
    if len(forms) == 1:
        return said + f"Only ‘{titles[0]}’ has a ‘{label}’: write it as {forms[0]}."
    return said + f"It could be {', '.join(forms[:-1])} or {forms[-1]}: write it after its audit’s title."


def _bare_label_hits(text: str, label_audits: dict[str, list[str]], taken: list[Hit]) -> list[tuple[Hit, tuple]]:
    """The year's report's pseudonyms written without their audit's title,
    each with the titled forms to offer; none where the detectors found
    something already."""
    from maca.publications.pseudonyms import bare_year_labels, in_year_report

    found = []
    for start, end, label in bare_year_labels(text, label_audits):
        if any(hit.start < end and start < hit.end for hit in taken):
            continue
        titles = label_audits[label]
        hit = Hit(
            kind=Kind.BARE_PSEUDONYM,
            start=start,
            end=end,
            text=text[start:end],
            reason=bare_label_reason(label, titles),
        )
        found.append((hit, tuple(in_year_report(title, label) for title in titles)))
    return found


def run_check(
    document: Document,
    *,
    names: dict[str, str],
    labels: list[str],
    label_audits: dict[str, list[str]] | None = None,
) -> list[FoundHit]:
    """``label_audits``: for a year's report, its audits' pseudonyms with the
    audits that have each (``pseudonyms.year_label_audits``), so that one
    written without its audit's title is found."""
    check = SafetyCheck(names=tuple(names), pseudonyms=tuple(labels))
    found = []
    for address, text in document.fields():
        if not text:
            continue
        hits = check.find(text)
        offered = [(hit, None) for hit in hits]
        if label_audits:
            offered += _bare_label_hits(text, label_audits, hits)
        for hit, proposals in sorted(offered, key=lambda pair: pair[0].start):
            found.append(
                FoundHit(
                    address=address,
                    where=_where(document, address),
                    hit=hit,
                    before=("…" if hit.start > CONTEXT else "") + text[max(0, hit.start - CONTEXT) : hit.start],
                    after=text[hit.end : hit.end + CONTEXT] + ("…" if hit.end + CONTEXT < len(text) else ""),
                    proposal=proposals[0] if proposals else propose_replacement(hit, names),
                    fingerprint=fingerprint(address, str(hit.kind), hit.text),
                    proposals=proposals or (),
                )
            )
    return found


def check_version(version: PublicationVersion) -> list[FoundHit]:
    from maca.publications.pseudonyms import year_label_audits

    publication = version.publication
    found = run_check(
        Document.from_json(version.document),
        names=names_for(publication),
        labels=pseudonym_labels(publication),
        label_audits=None if publication.audit_id else year_label_audits(publication.partnership_id, publication.year),
    )
    overrides = {o.fingerprint: o for o in SafetyOverride.objects.filter(version=version).select_related("decided_by")}
    for item in found:
        item.override = overrides.get(item.fingerprint)
    return found


def hits_in_text(publication: Publication, text: str) -> list[Hit]:
    """What in a piece of text shown with the publication (a correction's
    reason) could identify someone, found as in its sections (``run_check``),
    in text order: in a year's report, a pseudonym without its audit's title
    too (``Kind.BARE_PSEUDONYM``). All but a school named in full: a reason
    has no way to keep a hit with a reason, and says which part of the
    briefing it corrects ("the section about Oakbridge Primary School"),
    which the sections' own check has already let through."""
    from maca.publications.pseudonyms import year_label_audits

    if not text:
        return []
    hits = SafetyCheck(
        names=tuple(names_for(publication)), pseudonyms=tuple(pseudonym_labels(publication)), named_schools=False
    ).find(text)
    if not publication.audit_id:
        label_audits = year_label_audits(publication.partnership_id, publication.year)
        hits += [hit for hit, _proposals in _bare_label_hits(text, label_audits, hits)]
    return sorted(hits, key=lambda hit: hit.start)


def open_hits(found: list[FoundHit]) -> list[FoundHit]:
    return [item for item in found if item.is_open]


def kept_once_each(found: list[FoundHit]) -> list[tuple[FoundHit, int]]:
    """``[(hit, places)]``: each thing kept with a reason once, with how many
    places it is kept in (one reason keeps the same words of the same kind in
    the same section). The safety check lists them so; the publication's page
    counts them so."""
    kept: dict[str, list[FoundHit]] = {}
    for item in found:
        if not item.is_open:
            kept.setdefault(item.fingerprint, []).append(item)
    return [(items[0], len(items)) for items in kept.values()]


def identifiers_in_finding(*, text: str, audit) -> list[str]:
    """What in a finding's words may name or identify a person, in text order
    (registered with ``findings``, whose finding page warns with it). A
    finding names nobody, so a given name alone counts too; the audit's
    pseudonyms ("Child A", "Child Lucy") do not."""
    labels = Pseudonym.objects.filter(partnership_id=audit.partnership_id, audit=audit).values_list("label", flat=True)
    return [hit.text for hit in find_identifiers(text, pseudonyms=tuple(labels), lone_given_names=True)]
