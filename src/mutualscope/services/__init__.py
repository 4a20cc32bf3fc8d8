"""Use cases over a session; they own transactions and raise ``errors``. May import
``domain``, ``storage``, ``io``."""
