"""The screens of the nuit-tui app: one per section, plus the modals they open.

Each section module is imported when its mode is first shown, so start-up imports only Home.
"""
