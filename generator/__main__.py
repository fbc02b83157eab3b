"""``python -m generator``."""

from .launch import console

console()
