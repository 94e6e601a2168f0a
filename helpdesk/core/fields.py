from typing import Any

from django.http import QueryDict
from rest_framework import serializers


class StrictBooleanField(serializers.BooleanField):
    """A boolean that is a boolean in JSON: true or false, nothing else, as the
    schema says. A form (multipart or urlencoded) carries only text, so there it
    takes every spelling DRF does: true/false, True/False, 1/0, on/off, yes/no...
    (curl's `-F internal=1`, an HTML checkbox's `on`, Python's `str(False)`)."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        if isinstance(getattr(self.root, "initial_data", None), QueryDict):
            return super().to_internal_value(data)
        self.fail("invalid", input=data)
        raise AssertionError  # fail() always raises


# The largest id a row can have (a signed 64-bit primary key): a larger number
# names no row, and SQLite cannot even bind it.
MAX_ID = 2**63 - 1


class StrictIntegerField(serializers.IntegerField):
    """A JSON number, not "42" or true: for the items of a list, which
    StrictInputSerializer does not look into."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


# An input serializer that takes JSON types at their word: a number is not a
# string and a string is not a number, as the API schema says. DRF on its own
# turns 42 into "42" for a text field and "42" into 42 for an id. Forms carry
# only strings, so they are exempt. (A comment, not a docstring: the schema
# would show it as the description of every subclass's request body.)
class StrictInputSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            errors = {
                name: [message]
                for name, field in self.fields.items()
                if not field.read_only and data.get(name) is not None
                for message in [_type_error(field, data[name])]
                if message
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def _type_error(field: serializers.Field, value: Any) -> str | None:
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return "Not a valid string."
    wants_integer = isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField)
    if wants_integer and (isinstance(value, bool) or not isinstance(value, int)):
        return "Not a valid integer."
    return None
