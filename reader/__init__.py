"""reader: a keyboard-driven terminal reader for collections of scraped news articles."""

__version__ = "0.1.0"
