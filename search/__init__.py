"""Full-text Vietnamese search over the archive (Whoosh behind a small interface of our own)."""
