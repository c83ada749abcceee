"""A user's own account: passwords, the second factor, recovery codes and sign-in history."""
