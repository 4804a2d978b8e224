"""Forms parse what a person typed; the services decide whether it is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.finance import registry


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(field, forms.DateField):
                widget.input_type = "date"


class ApplyForm(Styled):
    product = forms.ModelChoiceField(queryset=None, label=_("Loan product"))
    bank = forms.ModelChoiceField(queryset=None, label=_("Bank"))
    guarantor = forms.ModelChoiceField(
        queryset=None, label=_("Guarantor or insurer"), required=False
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=1, max_digits=14, decimal_places=2
    )
    term_months = forms.IntegerField(
        label=_("Term (months)"), min_value=1, max_value=120, initial=12
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    declared_kinds = forms.MultipleChoiceField(
        label=_("Qualifications held"),
        choices=registry.KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tech_sme_years = forms.CharField(
        label=_("Years registered as a tech-based SME"),
        required=False,
        help_text=_("For example: 2023, 2024"),
        max_length=60,
    )

    def __init__(self, *args, products, banks, backers, known: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if known:  # the registry answers for the firm: nothing to declare
            del self.fields["declared_kinds"]
            del self.fields["tech_sme_years"]
        self.fields["product"].queryset = products
        self.fields["bank"].queryset = banks
        self.fields["guarantor"].queryset = backers

    def clean_tech_sme_years(self):
        raw = self.cleaned_data["tech_sme_years"].replace("，", ",").replace("、", ",")
        try:
            years = sorted({int(p) for p in raw.split(",") if p.strip()})
        except ValueError:
            raise forms.ValidationError(_("Years as numbers, separated by commas.")) from None
        if any(not 2000 <= y <= 2100 for y in years):
            raise forms.ValidationError(_("Years between 2000 and 2100."))
        return years


class DecideForm(Styled):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    amount = forms.DecimalField(
        label=_("Amount approved (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class DateForm(Styled):
    on = forms.DateField(label=_("Date"))


class AmountDateForm(Styled):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2)
    on = forms.DateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ClaimDecisionForm(Styled):
    pay = forms.TypedChoiceField(
        choices=[("1", _("Pay from the pool")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    on = forms.DateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class YearForm(Styled):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
