"""The error a source value raises when it cannot be stored; the sync rejects its row."""


class BadValue(ValueError):
    """A value that cannot be stored; the message is a reason a person can act on."""
