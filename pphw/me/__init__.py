"""What a person (or someone they trust) does with their own record."""
