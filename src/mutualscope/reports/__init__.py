"""Report data -> Markdown/HTML -> DOCX/PDF, charts and maps. May import services and below."""
