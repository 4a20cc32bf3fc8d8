"""Local assistance: passage vectors beside the data, search by meaning, suggested
codings a person accepts or rejects, and an evaluation against the project's own coding.

The embedding model is passed in (:func:`mutualscope.io.embeddings.load_model` in the
shells, a deterministic fake in tests), so these services never load it themselves.
"""
