"""The one exception a domain app raises for a refusal that is not a validation error of a
field (a PDF the store will not take, a full disk): it carries the message and the HTTP status.
Kept here, below every domain app, so that the API's error handler depends on none of them."""


class Refused(Exception):
    """A request refused for a reason the user should read; ``status`` is the HTTP answer."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
