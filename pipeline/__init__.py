"""newsclean: turn scraped Chinese news and their English translations into clean, structured JSONL."""
__version__ = "0.1.0"
