from maca.notifications.models import SentEmail


def emails_for(partnership):
    return SentEmail.objects.for_partnership(partnership)
