from django_filters import rest_framework as filters


class StrictFilterSet(filters.FilterSet):
    """Query parameters as the schema states them: each given once, and a
    choice never blank. django-filter on its own keeps the last of repeated
    values and reads `?status=` as "no filter"."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if len(values) > 1:
                self.form.add_error(name, "Give this parameter once.")
            elif values == [""] and isinstance(
                declared, filters.ChoiceFilter | filters.TypedChoiceFilter
            ):
                self.form.add_error(name, "Choose a value, or leave the parameter out.")
        return valid and not self.form.errors
