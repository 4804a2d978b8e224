import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import validate_upload_size
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Plan, Task


class UploadForm(forms.Form):
    # Empty files reach the service, which explains the problem in its own words.
    file = forms.FileField(
        label=_("Plan document"),
        allow_empty_file=True,
        help_text=_("A .txt, .docx or text .pdf file of the plan as issued."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
        validators=[validate_upload_size],
    )

    region = forms.TypedChoiceField(label=_("Unit directory"), coerce=int, required=False)

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.pk: r for r in regions}
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]
        self.fields["region"].help_text = _(
            "Unit names are resolved among the units of this place."
        )

    def clean_region(self):
        value = self.cleaned_data.get("region")
        return self.regions.get(value) if value else None


def mapping_field_name(name: str) -> str:
    """A form field name for an unknown unit name (names hold any characters)."""
    return "map_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def unit_label(unit: Unit) -> str:
    if unit.short_name and unit.short_name != unit.name:
        return f"{unit.short_name}（{unit.name}）"
    return unit.name


class PreviewForm(forms.Form):
    """The coordinating office, a tick for each task whose units the parser is unsure of,
    and for each name needing a decision (services.resolution.NameRow) what it stands for.
    The name rows are read straight from the posted data by `choices()`: each has a pick
    (a unit id, new, ignore, collective or expand), a "remember as alias" tick and, for a
    new unit, its full name, kind and parent. Choices come from the units the view already
    loaded, so rendering costs no query per row."""

    coordinating_unit = forms.TypedChoiceField(
        label=_("Coordinating office"), coerce=int, required=False
    )
    confirmed = forms.TypedMultipleChoiceField(label=_("Units checked"), coerce=int, required=False)
    confirmed_all = forms.BooleanField(label=_("I checked every task marked"), required=False)

    def __init__(
        self,
        *args,
        rows: list,
        units: list[Unit],
        coordinating_unit: Unit | None,
        unsure: list[int] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(k, str(k)) for k in unsure]
        self.rows = rows
        self.units = {u.pk: u for u in units}
        self.unit_choices = [(u.pk, unit_label(u)) for u in units if u.kind != Unit.Kind.GROUP]
        self.fields["coordinating_unit"].choices = [("", _("— default —")), *self.unit_choices]
        self.fields["coordinating_unit"].initial = (
            coordinating_unit.pk if coordinating_unit else None
        )
        self.kinds = [(k, label) for k, label in Unit.Kind.choices if k != Unit.Kind.GROUP]

    def name_rows(self):
        """(row, field-name prefix) for the template."""
        return [(row, mapping_field_name(row.name)) for row in self.rows]

    def choices(self) -> dict[str, dict]:
        """name -> choice as posted (unchecked by the service, which keeps valid ones)."""
        data = self.data
        out = {}
        for row in self.rows:
            key = mapping_field_name(row.name)
            if key not in data:
                continue
            out[row.name] = {
                "pick": data.get(key, ""),
                "alias": data.get(key + "_alias") == "on",
                "new_name": data.get(key + "_name", ""),
                "new_kind": data.get(key + "_kind", ""),
                "new_parent": data.get(key + "_parent", ""),
            }
        return out

    def confirmed_tasks(self) -> list[int]:
        if self.cleaned_data.get("confirmed_all"):
            return [value for value, _label in self.fields["confirmed"].choices]
        return list(self.cleaned_data.get("confirmed") or [])

    def chosen_office(self) -> Unit | None:
        value = self.cleaned_data.get("coordinating_unit")
        return self.units.get(value) if value else None


class ParentPlanForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Parent plan"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, choices: list[Plan], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Plan.objects.filter(
            pk__in=[p.pk for p in choices]
        ).order_by("-id")


class TaskParentForm(forms.Form):
    parent_task = forms.ModelChoiceField(
        label=_("Parent plan's task"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, choices: list[Task], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_task"].queryset = Task.objects.filter(
            pk__in=[t.pk for t in choices]
        ).order_by("order")


class TaskForm(forms.Form):
    """A task's text, deadline and units, edited after the import or entered by hand."""

    title = forms.CharField(
        label=_("Task"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
    )
    deadline_text = forms.CharField(
        label=_("Deadline"),
        max_length=100,
        required=False,
        help_text=_("As the document writes it, e.g. 2027年底前 or 长期坚持."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    lead = forms.TypedMultipleChoiceField(
        label=_("Lead units"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    cooperating = forms.TypedMultipleChoiceField(
        label=_("Cooperating units"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units if u.kind != Unit.Kind.GROUP}
        choices = [(u.pk, unit_label(u)) for u in self.units.values()]
        self.fields["lead"].choices = choices
        self.fields["cooperating"].choices = choices

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "text": data["text"],
            "deadline_text": data["deadline_text"],
            "lead": [self.units[i] for i in data["lead"]],
            "cooperating": [self.units[i] for i in data.get("cooperating") or []],
        }
