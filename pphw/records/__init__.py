"""Records management: what is due for disposal, and disposal agreed by two people."""
