"""The reference city API server (FastAPI over SQLite), shipped behind the ``server`` extra.

Import ``create_app`` from ``nuittui.server.app``; the command line is ``nuit-server``.
"""
