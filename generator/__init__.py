"""Aviato's published API reference: from pinned release specs to a versioned static site."""

__version__ = "0.1.0"
