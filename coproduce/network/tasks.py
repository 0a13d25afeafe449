"""Sending a newsletter: one task works through its deliveries, marking each as it goes, so a retry after a
failure never sends anyone a second copy. Each goes through coproduce.notifications, by the way the person
chose to be contacted; to anyone but a champion (for whom it is part of the role) it is marketing, sent only
with their consent to be contacted."""

from django_tasks import task

BATCH = 200


@task()
def deliver_newsletter(newsletter_id: int) -> int:
    from django.urls import reverse

    from coproduce.accounts.services import site_url
    from coproduce.notifications.services import notify

    from . import services
    from .models import Champion, Newsletter, NewsletterDelivery
    from .selectors import unsubscribe_token

    newsletter = Newsletter.objects.get(pk=newsletter_id)
    champions = set(Champion.objects.active().values_list("person_id", flat=True))
    sent = 0
    while True:
        batch = list(
            NewsletterDelivery.objects.filter(newsletter=newsletter, delivered_at__isnull=True)
            .select_related("person")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        for delivery in batch:
            person = delivery.person
            unsubscribe_url = site_url(reverse("network:unsubscribe", args=[unsubscribe_token(person.pk)]))
            notify(
                person,
                "newsletter",
                {"newsletter": newsletter, "subject": newsletter.subject, "unsubscribe_url": unsubscribe_url},
                f"network.newsletter:{newsletter.pk}:{person.pk}",
                marketing=person.pk not in champions,
            )
            services.mark_delivered([delivery.pk])
            sent += 1
    services.finish_newsletter(newsletter_id)
    return sent
