"""Finding personal data in transcripts: rules, checksums, word lists and a gazetteer.

Pure Python like the rest of ``domain``: the project's gazetteer is built by
``services.protection`` and a named-entity model's entities come from
``io.protection``; both arrive here as plain data.
"""
