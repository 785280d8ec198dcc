"""Numbers as Vietnamese readers write them: a dot between thousands, a comma before decimals.

"150.000.000 đồng" is how the sites print an amount; Python's "150,000,000" reads to a Vietnamese
reader as 150 with decimals.
"""

from __future__ import annotations


def format_number(value: float) -> str:
    """150000000 → "150.000.000", 1234567.25 → "1.234.567,25", 3.0 → "3"."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, decimals = f"{value:,.6f}".rstrip("0").partition(".")
        return f"{whole.replace(',', '.')},{decimals}"
    return f"{int(value):,}".replace(",", ".")
