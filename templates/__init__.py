"""The shipped templates, installed as the package data of ``oapigen.templates``."""
