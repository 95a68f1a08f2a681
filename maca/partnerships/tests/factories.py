import factory

from maca.partnerships.models import Agency, AgencyKind, Partnership


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Testshire {n} Safeguarding Children Partnership")
    short_name = factory.Sequence(lambda n: f"Testshire {n} SCP")
    slug = factory.Sequence(lambda n: f"testshire-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Test agency {n}")
    kind = AgencyKind.OTHER
