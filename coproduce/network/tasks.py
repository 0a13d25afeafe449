"""Sending a newsletter: one task works through its deliveries, marking each as it goes, so a retry after a
failure never sends anyone a second copy."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from coproduce.core.markdown import render_markdown

BATCH = 200


def send_copy(newsletter, person, html_body: str) -> None:
    """Send one person their copy. The one place a newsletter leaves the programme: by email for now; when
    the notifications app lands, this becomes a call to send by each person's preferred channel (and
    selectors.newsletter_recipient_ids stops requiring an email address)."""
    from django.urls import reverse

    from coproduce.accounts.services import site_url

    from .selectors import unsubscribe_token

    unsubscribe_url = site_url(reverse("network:unsubscribe", args=[unsubscribe_token(person.pk)]))
    context = {
        "newsletter": newsletter,
        "person": person,
        "html_body": html_body,
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        newsletter.subject,
        render_to_string("network/emails/newsletter.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>"},
    )
    message.attach_alternative(render_to_string("network/emails/newsletter.html", context), "text/html")
    message.send()


@task()
def deliver_newsletter(newsletter_id: int) -> int:
    from . import services
    from .models import Newsletter, NewsletterDelivery

    newsletter = Newsletter.objects.get(pk=newsletter_id)
    html_body = render_markdown(newsletter.body)
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
            send_copy(newsletter, delivery.person, html_body)
            services.mark_delivered([delivery.pk])
            sent += 1
    services.finish_newsletter(newsletter_id)
    return sent
