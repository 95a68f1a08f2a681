"""Partnerships and agencies for tests, made through the services (so each is
recorded in the partnership's audit log, as in the product)."""

import factory

from maca.partnerships import services
from maca.partnerships.models import Agency, AgencyKind, Partnership


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Testshire {n} Safeguarding Children Partnership")
    short_name = factory.Sequence(lambda n: f"Testshire {n} SCP")
    slug = factory.Sequence(lambda n: f"testshire-{n}")

    @classmethod
    def _create(cls, model_class, *, name, short_name, slug, actor=None):
        existing = Partnership.objects.filter(slug=slug).first()
        return existing or services.partnership_create(actor=actor, name=name, short_name=short_name, slug=slug)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Test agency {n}")
    kind = AgencyKind.OTHER

    @classmethod
    def _create(cls, model_class, *, partnership, name, kind, parent=None, actor=None):
        return services.agency_create(actor=actor, partnership=partnership, name=name, kind=kind, parent=parent)
