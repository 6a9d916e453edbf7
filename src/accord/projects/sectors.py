"""Sectors of regional projects and the OECD DAC purpose codes they are reported under (data, not logic).

The DAC 5-digit purpose code is what IATI's sector element carries (vocabulary 1); a sector maps to the
code that best describes a typical project of that kind. Edit this table to refine the mapping.
"""

from django.utils.translation import gettext_lazy as _

# sector -> (label, DAC 5-digit purpose code, the code's name in the DAC list)
SECTORS: dict[str, tuple[str, str, str]] = {
    "transport": (_("Transport"), "21020", "Road transport"),
    "rail": (_("Rail transport"), "21030", "Rail transport"),
    "energy": (_("Energy"), "23210", "Energy generation, renewable sources - multiple technologies"),
    "digital": (_("Digital connectivity"), "22040", "Information and communication technology (ICT)"),
    "environment": (_("Environment"), "41010", "Environmental policy and administrative management"),
    "trade": (_("Trade"), "33120", "Trade facilitation"),
    "water": (_("Water"), "14010", "Water sector policy and administrative management"),
    "agriculture": (_("Agriculture"), "31110", "Agricultural policy and administrative management"),
    "health": (_("Health"), "12110", "Health policy and administrative management"),
    "education": (_("Education"), "11110", "Education policy and administrative management"),
    "industry": (_("Industry"), "32110", "Industrial policy and administrative management"),
    "tourism": (_("Tourism"), "33210", "Tourism policy and administrative management"),
}

SECTOR_CHOICES = [(code, label) for code, (label, _dac, _name) in SECTORS.items()]


def dac_code(sector: str) -> str:
    return SECTORS[sector][1]
