"""Models built from values that already have their fields' types, without re-validation.

A region's proposal has 50,000 lines, and each is built twice (explained, then annotated with
its oversight). Its values come from the validated scenario and the day's figures, so
validating them again only repeats work; and pydantic's ``model_construct``, the documented
way to skip it, walks every field's default in Python, costing nearly as much as validation.
``trusted`` sets the instance's state directly, as ``model_construct`` does, for the one
case the engine needs: every field given, no private attributes.
tests/engine/test_lines_unvalidated.py holds the lines built this way to the model's own
validation.
"""

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


_FIELDS: dict[type[BaseModel], list[str]] = {}
"""Each model's field names in order, read once (``model_fields`` is a computed property)."""


def _fields(cls: type[BaseModel]) -> list[str]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = list(cls.model_fields)
    return names


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` holding ``values`` as they are; every field must be given, in
    the model's order (pydantic writes an instance's fields in the order it holds them)."""
    if list(values) != _fields(cls) or cls.__private_attributes__:
        missing = sorted(cls.model_fields.keys() - values.keys())
        unknown = sorted(values.keys() - cls.model_fields.keys())
        raise ValueError(
            f"{cls.__name__}: missing {missing}, unknown {unknown}, out of order, or private state"
        )
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
