"""Writes of members/, one module per domain: import the module you use (docs/architecture.md)."""
