"""The only code that touches the output folder: the atomic tree write and the changelog."""
