"""Tacitus: political event coding (CAMEO and PLOVER) from news text."""

__version__ = "0.1.0"
