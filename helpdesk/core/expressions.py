from django.db.models import BooleanField, Func


class EqualsAny(Func):
    """PostgreSQL's `value = ANY(array)`: unlike `IN (subquery)`, an index
    condition; and a list of ids is one parameter, not one per id."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()
