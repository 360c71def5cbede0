"""The fields of education the Beneficiary Module accepts: ISCED-F 2013 detailed fields.

Higher education reports only the four-digit (detailed) fields of the UNESCO
classification "ISCED Fields of Education and Training 2013 (ISCED-F 2013)", table 1;
"9999" is its "field unknown".
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISCED_F_DETAILED_FIELDS = frozenset(
    """
    0011 0021 0031
    0111 0112 0113 0114 0119 0188
    0211 0212 0213 0214 0215 0219 0221 0222 0223 0229 0231 0232 0239 0288
    0311 0312 0313 0314 0319 0321 0322 0329 0388
    0411 0412 0413 0414 0415 0416 0417 0419 0421 0429 0488
    0511 0512 0519 0521 0522 0529 0531 0532 0533 0539 0541 0542 0549 0588
    0611 0612 0613 0619 0688
    0711 0712 0713 0714 0715 0716 0719 0721 0722 0723 0724 0729 0731 0732 0739 0788
    0811 0812 0819 0821 0829 0831 0839 0841 0888
    0911 0912 0913 0914 0915 0916 0917 0919 0921 0922 0923 0929 0988
    1011 1012 1013 1014 1015 1019 1021 1022 1029 1031 1032 1039 1041 1088
    9999
    """.split()  # noqa: SIM905 (the classification's table, row by row)
)
ISCED_F_MESSAGE = _("Enter a four-digit ISCED-F 2013 field of education, e.g. 0912 for medicine.")


def validate_isced_f(value: str) -> None:
    if value not in ISCED_F_DETAILED_FIELDS:
        raise ValidationError(ISCED_F_MESSAGE, code="isced_f")
