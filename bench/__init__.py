"""``make bench``: oapigen against its peers, measured side by side in one run."""
