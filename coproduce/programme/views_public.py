"""The concordat in public: its current text with the signatories who agreed to be listed, and every
version with what changed."""

from django.shortcuts import render

from coproduce.core.access import access

from . import selectors
from .rules import PUBLIC


@access(PUBLIC)
def concordat(request):
    current = selectors.current_concordat()
    return render(
        request,
        "programme/public/concordat.html",
        {
            "version": current,
            "signatories": list(selectors.listed_signatories(current)) if current else [],
            "is_current": True,
        },
    )


@access(PUBLIC)
def concordat_history(request):
    return render(request, "programme/public/history.html", {"versions": selectors.concordat_versions()})


@access(PUBLIC)
def concordat_version(request, number):
    version = selectors.concordat_version_or_404(number)
    current = selectors.current_concordat()
    return render(
        request,
        "programme/public/concordat.html",
        {
            "version": version,
            "signatories": list(selectors.listed_signatories(version)),
            "is_current": current is not None and current.pk == version.pk,
        },
    )
