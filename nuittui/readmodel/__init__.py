"""The read model: plain projections of the local cache's stored rows into what people see.

Every screen, the status line and the shell's reads show the cache through these
functions, and every rule about what is shown is written once here: what a
mention is (``rules.mention_pattern``), which characters never reach a terminal
(``rules.UNSAFE``), a swap status in words (``rules.status_label``), a city's name
(``rules.city_names``), what is on now and next (``schedule.now_and_next``).

Standard library and ``nuittui.i18n`` only: no pydantic, Textual, httpx or TinyDB,
so the very first paint of the app can use it as is. Rows are the JSON objects the
cache stores (the contract's models dumped to JSON); a row of the wrong shape is
left out, never raised. Writes still in the outbox are a field of their own, beside
the confirmed rows, never mixed into them.
"""
