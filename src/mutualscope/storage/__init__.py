"""SQLAlchemy models, engine set-up and Alembic migrations. May import ``domain``,
``errors`` and ``settings``."""
