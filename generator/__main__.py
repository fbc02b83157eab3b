"""``python -m oapigen``."""

from oapigen.cli.launch import console

console()
