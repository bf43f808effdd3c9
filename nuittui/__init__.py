"""nuit-tui: the terminal app of the Nuit du Code Citoyen, and its city API server."""

__version__ = "0.1.0"
