"""How django-axes identifies a login attempt."""

from django.contrib.auth import get_user_model

USERNAME_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length


def username_for_axes(request, credentials) -> str | None:
    """The submitted username, cut to what the database column holds.

    Axes stores the username of every failed attempt; an overlong one would make that
    insert fail and turn a wrong login into a server error.
    """
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    if username is None:
        return None
    return str(username)[: min(USERNAME_MAX_LENGTH, 255)]
