"""Spec files -> a checked document: load, pointers and $refs, our checks, the upstream validator, slice."""
