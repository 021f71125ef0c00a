"""Errors raised by services; views, socket handlers and CLI commands translate them."""


class ServiceError(Exception):
    """Base class: `message` is a translated, user-facing sentence."""

    def __init__(self, message="", field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ServiceError):
    """The thing does not exist, or the user may not know that it exists."""


class PermissionDenied(ServiceError):
    """The user is known to see the thing but may not do this to it."""


class ValidationFailed(ServiceError):
    """The input is wrong; nothing was changed. `field` names the form field, if any."""


class Conflict(ServiceError):
    """The action lost a race or repeats one that may happen only once."""
