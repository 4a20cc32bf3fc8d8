"""Pure Python: no database, no I/O. May import nothing else from mutualscope
except ``errors``."""
