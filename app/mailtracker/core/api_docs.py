from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """The browsable API docs: Swagger UI from the app's own static files (pinned by the lock
    through drf-spectacular-sidecar, so the page also works without internet). Its set-up
    script is fetched as a file and its styles come from a stylesheet, so the page runs under
    the Content-Security-Policy, which allows no inline script or style."""

    template_name = "core/api_docs.html"
