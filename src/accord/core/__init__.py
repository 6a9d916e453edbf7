"""Pure domain logic: no Django imports. Typed dataclasses in, dataclasses out."""
