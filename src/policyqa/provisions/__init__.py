"""Naming provisions: find references in questions ("Art. 5(1)(f) AI Act", "bijlage III punt 4")
and label units ("Article 5(1)(f)", "Annex III, point 4") in English or the user's language."""
from .parse import Reference, is_lookup, parse_references
from .units import ProvisionError, parse_unit, unit_label, unit_label_local

__all__ = ["ProvisionError", "Reference", "is_lookup", "parse_references", "parse_unit", "unit_label",
           "unit_label_local"]
