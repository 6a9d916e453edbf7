"""accord: software for running a consensus-based regional organisation."""

__version__ = "0.1.0"
