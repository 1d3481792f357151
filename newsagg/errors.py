"""Errors a user can fix: the CLI prints their message on one line and exits 2; anything else is a
bug and keeps its traceback."""


class UserError(Exception):
    """A mistake or a missing resource the user can do something about."""


class UnknownOutlet(UserError):
    pass


class NotFound(UserError):
    pass


class BadInput(UserError):
    pass


class DatabaseUnavailable(UserError):
    """The database could not be reached; the message says which and how to fix it."""
