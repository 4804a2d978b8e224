from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import validate_upload_size
from luoshi.organisations.forms import StyledForm
from luoshi.vouchers.models import Qualification, Redemption, ServiceType


class BatchForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=120)
    budget = forms.DecimalField(
        label=_("Budget (yuan)"), min_value=1, max_digits=14, decimal_places=0
    )
    share_percent = forms.DecimalField(
        label=_("Share of a contract covered (%)"),
        min_value=1,
        max_value=100,
        initial=30,
        decimal_places=2,
    )
    per_firm_cap = forms.DecimalField(
        label=_("Cap per firm per year (yuan)"),
        min_value=1,
        initial=100000,
        max_digits=12,
        decimal_places=0,
    )
    valid_days = forms.IntegerField(
        label=_("Validity (days)"), min_value=1, max_value=1100, initial=365
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Eligible qualifications"),
        choices=Qualification.choices,
        initial=[Qualification.HIGH_TECH, Qualification.TECH_SME],
        widget=forms.CheckboxSelectMultiple,
    )
    service_types = forms.MultipleChoiceField(
        label=_("Eligible services"),
        choices=ServiceType.choices,
        initial=ServiceType.values,
        widget=forms.CheckboxSelectMultiple,
    )
    providers = forms.ModelMultipleChoiceField(
        label=_("Registered providers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cross_city = forms.BooleanField(label=_("Usable across cities"), required=False)

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = providers
        for name in ("qualifications", "service_types", "providers"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class ApplicationForm(StyledForm):
    qualification = forms.ChoiceField(label=_("Qualification"), choices=Qualification.choices)
    amount = forms.DecimalField(
        label=_("Amount asked (yuan)"), min_value=1, max_digits=12, decimal_places=0
    )
    purpose = forms.CharField(
        label=_("Services planned"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(StyledForm):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, min_value=1, max_digits=12, decimal_places=0
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ContractForm(StyledForm):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None)
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    title = forms.CharField(label=_("Contract"), max_length=200)
    amount = forms.DecimalField(
        label=_("Contract amount (yuan)"), min_value=1, max_digits=12, decimal_places=0
    )
    signed_on = forms.DateField(
        label=_("Signed"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class RedemptionForm(StyledForm):
    amount = forms.DecimalField(
        label=_("Amount (yuan; empty: the share the batch covers)"),
        required=False,
        min_value=1,
        max_digits=12,
        decimal_places=0,
    )
    invoice = forms.FileField(label=_("Invoice (PDF or image)"), validators=[validate_upload_size])
    proof = forms.FileField(
        label=_("Proof of service (report, record)"), validators=[validate_upload_size]
    )


class SettleForm(StyledForm):
    payee = forms.ChoiceField(label=_("Paid to"), choices=Redemption.Payee.choices)
