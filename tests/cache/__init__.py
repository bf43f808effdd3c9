"""Tests of nuittui.cache: the local cache and the outbox, on real files."""
