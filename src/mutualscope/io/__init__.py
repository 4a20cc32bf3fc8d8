"""Headless importers and exporters: file -> plain data, data -> file. May import
``domain``, ``errors`` and ``settings``; never the database."""
