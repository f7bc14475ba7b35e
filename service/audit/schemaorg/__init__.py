"""schema.org's release files (package data); see README.md."""
