"""luoshi (落实): turn a government action plan into accountable, measured work."""

__version__ = "0.1.0"
