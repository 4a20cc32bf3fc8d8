"""The bundled, fictional demo project and its builder. May import reports and below."""
