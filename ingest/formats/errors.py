"""The one error a format reader raises: what is wrong with the content, without the path
(the reader adds it)."""


class FormatError(ValueError):
    pass


class UnsupportedFormat(FormatError):
    """Content policykg cannot read at all (scanned PDF, an unknown binary type)."""
