"""The named-entity model that finding personal data may use (the ``protection`` extra)."""
