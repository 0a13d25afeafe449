"""The product's URLs plus a bare view, the baseline every page is compared with. Not in the product."""

from django.http import HttpResponse
from django.urls import path

from coproduce.core.access import PUBLIC, access
from coproduce.urls import urlpatterns as product_urlpatterns


@access(PUBLIC)
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urlpatterns]
