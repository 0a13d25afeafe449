from django.conf import settings

from . import navigation


def programme(request):
    config = settings.COPRODUCE
    return {
        "programme": {
            "name": config["PROGRAMME_NAME"],
            "organisation": config["ORGANISATION_NAME"],
            "brand_colour": config["BRAND_COLOUR"],
            "contact_email": config["CONTACT_EMAIL"],
            "contact_phone": config["CONTACT_PHONE"],
            "contact_address": config["CONTACT_ADDRESS"],
        },
        "nav_items": navigation.items_for(request) if hasattr(request, "user") else [],
    }
