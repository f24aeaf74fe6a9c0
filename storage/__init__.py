"""The archive: SQLAlchemy models, schema migrations, and read/write functions."""
