"""Check digits and allocation rules of UK identifiers."""

from __future__ import annotations

# HMRC: D, F, I, Q, U and V are never used in a prefix, O never second, and these
# prefixes are not allocated.
_NEVER_IN_PREFIX = set("DFIQUV")
_UNALLOCATED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nhs_number_valid(digits: str) -> bool:
    """True when ten digits pass the NHS number's modulus 11 check.

    The first nine digits are weighted 10 down to 2; 11 minus the sum's remainder by 11
    is the check digit, 11 standing for 0 and 10 meaning the number is never issued.
    """
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def ni_prefix_valid(prefix: str) -> bool:
    """True when two letters can begin an allocated National Insurance number."""
    prefix = prefix.upper()
    if len(prefix) != 2 or not prefix.isascii() or not prefix.isalpha():
        return False
    first, second = prefix[0], prefix[1]
    if first in _NEVER_IN_PREFIX or second in _NEVER_IN_PREFIX or second == "O":
        return False
    return prefix not in _UNALLOCATED_PREFIXES
