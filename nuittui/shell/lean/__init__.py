"""The shell's fast paths: ``swap post`` and ``status --line`` without pydantic or the async client.

Each piece handles only the plain case and answers ``None`` (or a "fall back"
outcome) for anything else, so the full path — the profiles package, the sync
engine and the contract's models — decides and reports every unusual case.
Tests check that both paths agree.
"""
