"""Participant protection: finding personal data in the project's documents
(:mod:`.scans`), reviewing it (:mod:`.findings`), pseudonymised layers (:mod:`.layers`)
and quoting through them (:mod:`.quoting`).

The package itself imports nothing: quoting a passage should not load the scanner's
detector and place names.
"""
