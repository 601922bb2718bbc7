"""One recogniser per kind of mention; each is a function (text, context) -> list[Mention]."""
