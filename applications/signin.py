"""The applicant's sign-in: applicants have no account, so opening a sign-in link puts its
address in the session, and the applicant's pages (and the participant page reached from an
application) read it back."""

SESSION_KEY = "applications.email"


def sign_in(request, *, address: str) -> None:
    """Sign the address in, in a fresh session (the old session key is not reused)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = address


def signed_in_address(request) -> str:
    """The address the session is signed in with, or "" when none is."""
    return request.session.get(SESSION_KEY, "")
