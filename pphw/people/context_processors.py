from pphw.people.roles import roles_for


def roles(request) -> dict:
    """The signed-in user's roles, for navigation; computed lazily once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": None}
    return {"roles": roles_for(user)}
