"""The client's API surface, and the diff of two of them (``oapigen diff`` and the changelog)."""
