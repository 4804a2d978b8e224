from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.org.models import Region, Unit


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=120)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    code = forms.SlugField(label=_("Code"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("As its kind implies")), *Unit.Category.choices],
        required=False,
        help_text=_("For the yearly assessment: e.g. a vertically managed agency."),
    )
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=Unit.objects.none(), required=False
    )
    place = forms.ModelChoiceField(
        label=_("Place governed"), queryset=Region.objects.none(), required=False
    )
    aliases = forms.CharField(
        label=_("Aliases"), required=False, help_text=_("Separate several names with 、 or commas.")
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(
            region=region, merged_into__isnull=True
        )
        self.fields["place"].queryset = Region.objects.filter(pk=region.pk) | Region.objects.filter(
            parent=region
        )

    def alias_list(self) -> list[str]:
        raw = self.cleaned_data.get("aliases", "")
        for sep in "、,，;；\n":
            raw = raw.replace(sep, "|")
        return [a.strip() for a in raw.split("|") if a.strip()]


class AliasForm(forms.Form):
    name = forms.CharField(label=_("Alias"), max_length=120)


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate unit to merge into this one"), queryset=Unit.objects.none()
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Unit.objects.filter(
            region=unit.region, merged_into__isnull=True
        ).exclude(pk=unit.pk)
