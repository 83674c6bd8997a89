from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them to
    the app's icon instead of a 404 in every console."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
