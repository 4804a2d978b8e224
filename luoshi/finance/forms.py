"""Forms parse what a person typed; the services decide whether it is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.finance import registry
from luoshi.finance.models import Product


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


class ProductForm(Styled):
    name = forms.CharField(label=_("Product name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of product"), choices=Product.Kind.choices)
    accepted_kinds = forms.MultipleChoiceField(
        label=_("Qualifications that admit a borrower (any of; none: everyone)"),
        choices=registry.KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tech_sme_lookback = forms.IntegerField(
        label=_("A tech-SME registration counts for (years)"), min_value=1, max_value=10, initial=3
    )
    pool = forms.ModelChoiceField(queryset=None, label=_("Risk-compensation pool"), required=False)
    active = forms.BooleanField(label=_("Open for applications"), required=False, initial=True)
    caps = forms.CharField(
        label=_(
            "Caps by year: one line each, from year, yuan per firm a year, longest term in months"
        ),
        help_text=_("For example: 2020, 10000000, 12"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, pools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = pools

    def clean_caps(self):
        caps = []
        lines = [line for line in self.cleaned_data["caps"].splitlines() if line.strip()]
        for number, line in enumerate(lines[:30], start=1):
            parts = line.replace("，", ",").replace("、", ",").split(",")
            try:
                year, amount, months = (p.strip().replace(" ", "") for p in parts)
                caps.append((int(year), amount, int(months)))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)d: give the year, the yuan and the months, separated by commas.")
                    % {"n": number}
                ) from None
        return caps


class PoolForm(Styled):
    name = forms.CharField(label=_("Pool name"), max_length=100)
    pool_share = forms.DecimalField(
        label=_("Pool's share of a loss (%)"), max_digits=5, decimal_places=2
    )
    bank_share = forms.DecimalField(
        label=_("Bank's share of a loss (%)"), max_digits=5, decimal_places=2
    )
    guarantor_share = forms.DecimalField(
        label=_("Guarantor's or insurer's share of a loss (%)"),
        max_digits=5,
        decimal_places=2,
        initial=0,
        required=False,
    )
