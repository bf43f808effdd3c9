"""The shell twin of the app: ``nuit-tui swap post``, ``schedule``, ``status --line``…

Dispatched from ``nuittui.cli``. Never imports textual; each command imports what
it needs inside its function, so the hot paths (``swap post``, ``status --line``)
stay fast to start.
"""
