"""In an installed wheel: templates/, locales/, static/ and content/ (see pyproject.toml)."""
