from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import validate_upload_size
from luoshi.indicators.models import DataElement, DataValue, Goal, Indicator
from luoshi.indicators.services import ValueInput, decimal_or_none
from luoshi.indicators.services.definitions import ELEMENT_FIELDS, INDICATOR_FIELDS


class EntryForm(forms.Form):
    """Every element × place of one unit for one year, built from selectors.entry_grid.

    Per cell: value, note and the version the person saw; per element: status and source.
    Locked cells (approved, accepted) get no fields.
    """

    def __init__(self, *args, grid: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.cells: dict[str, tuple] = {}
        for row in grid["rows"]:
            element = row.element
            first = next((c.value for c in row.cells if c.value is not None), None)
            self.fields[f"s-{element.pk}"] = forms.ChoiceField(
                label=_("Status"),
                required=False,
                choices=DataValue.Status.choices,
                initial=first.status if first else DataValue.Status.PROVISIONAL,
            )
            self.fields[f"src-{element.pk}"] = forms.CharField(
                label=_("Source"),
                required=False,
                max_length=200,
                initial=first.source if first else "",
            )
            for cell in row.cells:
                if not cell.allowed or (cell.value is not None and cell.value.locked):
                    continue
                key = f"{element.pk}-{cell.region.pk}"
                current = cell.value
                self.fields[f"v-{key}"] = forms.CharField(
                    label=f"{element.name} · {cell.region.name}",
                    required=False,
                    initial=_plain(current.value) if current else "",
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "decimal",
                            "class": "form-control form-control-sm num",
                            "autocomplete": "off",
                        }
                    ),
                )
                self.fields[f"n-{key}"] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    initial=current.note if current else "",
                    widget=forms.TextInput(
                        attrs={"class": "form-control form-control-sm", "placeholder": _("Note")}
                    ),
                )
                self.fields[f"ver-{key}"] = forms.IntegerField(
                    required=False,
                    initial=current.version if current else None,
                    widget=forms.HiddenInput,
                )
                self.cells[key] = (element, cell)

    def layout(self) -> list[dict]:
        """Per element: its status and source fields and, per place, the cell's fields
        (None for locked or not collected cells) — what the template walks."""
        out = []
        for row in self.grid["rows"]:
            element = row.element
            cells = []
            for cell in row.cells:
                key = f"{element.pk}-{cell.region.pk}"
                editable = key in self.cells
                change = None
                if cell.value is not None and cell.previous is not None and cell.previous.value:
                    change = float(
                        (cell.value.value - cell.previous.value) / abs(cell.previous.value) * 100
                    )
                cells.append(
                    {
                        "cell": cell,
                        "value": self[f"v-{key}"] if editable else None,
                        "note": self[f"n-{key}"] if editable else None,
                        "version": self[f"ver-{key}"] if editable else None,
                        "change": change,
                    }
                )
            out.append(
                {
                    "element": element,
                    "status": self[f"s-{element.pk}"],
                    "source": self[f"src-{element.pk}"],
                    "cells": cells,
                }
            )
        return out

    def clean(self):
        data = super().clean()
        for key in self.cells:
            raw = data.get(f"v-{key}")
            try:
                data[f"parsed-{key}"] = decimal_or_none(raw)
            except ValueError:
                self.add_error(f"v-{key}", _("“%(text)s” is not a number.") % {"text": raw})
        return data

    def entries(self, *, year: int) -> list[ValueInput]:
        """Cells that hold a value now, or held one before (an emptied draft is removed)."""
        out = []
        for key, (element, cell) in self.cells.items():
            value = self.cleaned_data.get(f"parsed-{key}")
            if value is None and cell.value is None:
                continue
            out.append(
                ValueInput(
                    element=element,
                    region=cell.region,
                    year=year,
                    value=value,
                    status=self.cleaned_data.get(f"s-{element.pk}") or DataValue.Status.PROVISIONAL,
                    source=self.cleaned_data.get(f"src-{element.pk}") or "",
                    note=self.cleaned_data.get(f"n-{key}") or "",
                    version=self.cleaned_data.get(f"ver-{key}"),
                    key=f"v-{key}",
                )
            )
        return out


def _plain(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template (.xlsx)"), validators=[validate_upload_size])


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for unlocking"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class _Styled:
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ElementForm(_Styled, forms.ModelForm):
    class Meta:
        model = DataElement
        fields = list(ELEMENT_FIELDS)
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["supplying_unit"].queryset = units


class IndicatorForm(_Styled, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "formula": forms.TextInput(
                attrs={"class": "font-monospace", "placeholder": "rd_expenditure / gdp * 100"}
            ),
        }


class GoalForm(_Styled, forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "name",
            "indicator",
            "comparator",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "responsible_unit",
        ]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["responsible_unit"].queryset = units


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=200)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    done_on = forms.DateField(
        label=_("Done"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, image, Word, Excel)"))


class BreakdownForm(forms.Form):
    """The yearly targets of one monitored target: a number per place × year (empty clears)."""

    def __init__(self, *args, data_grid: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = data_grid
        for row in data_grid["rows"]:
            for cell in row.cells:
                self.fields[self.key(row.place.pk, cell.year)] = forms.DecimalField(
                    label=f"{row.place.name} {cell.year}",
                    required=False,
                    min_value=0,
                    max_digits=20,
                    decimal_places=4,
                    initial=cell.target,
                    localize=False,
                )

    @staticmethod
    def key(place_id: int, year: int) -> str:
        return f"y-{place_id}-{year}"

    def entries(self):
        from luoshi.indicators.services import YearlyTargetInput

        goal = self.grid["goal"]
        out = []
        for row in self.grid["rows"]:
            for cell in row.cells:
                key = self.key(row.place.pk, cell.year)
                value = self.cleaned_data.get(key)
                if value is None and cell.target is None:
                    continue
                out.append(
                    YearlyTargetInput(
                        goal=goal, region=row.place, year=cell.year, value=value, key=key
                    )
                )
        return out


class TaskFiguresForm(forms.Form):
    """Which computed data elements a task's reports show, and in what order: a tick and an
    order number per element (elements ticked without a number follow the numbered ones, in
    the list's order)."""

    def __init__(self, *args, elements: list[DataElement], chosen: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        position = {pk: n for n, pk in enumerate(chosen, start=1)}
        for element in elements:
            self.fields[f"pick-{element.pk}"] = forms.BooleanField(
                label=element.name, required=False, initial=element.pk in position
            )
            self.fields[f"order-{element.pk}"] = forms.IntegerField(
                label=_("Order"),
                required=False,
                min_value=1,
                max_value=999,
                initial=position.get(element.pk),
            )

    def rows(self):
        return [(e, self[f"pick-{e.pk}"], self[f"order-{e.pk}"]) for e in self.elements]

    def chosen_elements(self) -> list[DataElement]:
        picked = [
            (self.cleaned_data.get(f"order-{e.pk}") or 10_000, n, e)
            for n, e in enumerate(self.elements)
            if self.cleaned_data.get(f"pick-{e.pk}")
        ]
        return [e for _order, _n, e in sorted(picked, key=lambda t: (t[0], t[1]))]
