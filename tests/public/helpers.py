from django.urls import reverse
from django.utils import translation


def public_url(name: str, language: str = "en", **kwargs) -> str:
    """A public page's address in a language (the language of the last request leaks)."""
    with translation.override(language):
        return reverse(f"public:{name}", kwargs=kwargs)
