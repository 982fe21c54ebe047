"""Offline renderer: builds the Quarto project without the Quarto CLI (Jupyter executes, pandoc renders)."""

__version__ = "0.1.0"


class BuildError(Exception):
    """A build failure with a message that names the page and line to fix."""
