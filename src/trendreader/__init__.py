"""trendreader: a terminal reader for Chinese-language trend reports."""

__version__ = "0.1.0"
