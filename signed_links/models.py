from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class LinkKey(models.Model):
    """The version of the signed links sent to one email address.

    Every signed link carries the version its address had when the link was made; raising
    the version revokes all of them at once. Addresses without a row are at version 0.
    """

    address = models.CharField(_("email address"), max_length=254, unique=True)
    version = models.PositiveIntegerField(_("link version"), default=0)
    revoked_at = models.DateTimeField(_("links last revoked at"), null=True, blank=True)
    # When a fresh link was last sent on request: requests are answered at most this often.
    fresh_link_sent_at = models.DateTimeField(_("fresh link last sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signed link key")
        verbose_name_plural = _("signed link keys")
        constraints = [
            models.CheckConstraint(
                condition=Q(address=Lower("address")),
                name="link_key_address_lower_case",
                violation_error_message=_("The address is stored in lower case."),
            ),
        ]

    def __str__(self):
        return f"{self.address} (v{self.version})"
