from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.params import IdField
from luoshi.instruments.models import Fee, Instrument
from luoshi.organisations.forms import StyledForm


class CatalogueFilter(StyledForm):
    q = forms.CharField(label=_("Keyword"), max_length=50, required=False)
    category = forms.ChoiceField(
        label=_("Instrument category"),
        required=False,
        choices=[("", _("Every category")), *Instrument.Category.choices],
    )
    region = IdField(label=_("County or park"))
    fee_kind = forms.ChoiceField(
        label=_("Fee type"), required=False, choices=[("", _("Any fee type")), *Fee.Kind.choices]
    )
    max_price = forms.DecimalField(
        label=_("Price at most (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class InstrumentForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    model_number = forms.CharField(label=_("Model"), max_length=120, required=False)
    category = forms.ChoiceField(
        label=_("Instrument category"), choices=Instrument.Category.choices
    )
    original_value = forms.DecimalField(
        label=_("Original value (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    capabilities = forms.CharField(
        label=_("Capabilities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    open_hours = forms.CharField(
        label=_("Open hours"),
        max_length=200,
        required=False,
        help_text=_(
            "e.g. 工作日 8:30–17:30; bookings outside them are refused. Empty: by arrangement."
        ),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    is_open = forms.BooleanField(label=_("Open to outside users"), required=False, initial=True)
    fee_machine_hour = forms.DecimalField(
        label=_("Fee per machine-hour (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    fee_sample = forms.DecimalField(
        label=_("Fee per sample (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    fee_service = forms.DecimalField(
        label=_("Fee per service (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def split(self):
        data = dict(self.cleaned_data)
        fees = {
            Fee.Kind.MACHINE_HOUR: data.pop("fee_machine_hour"),
            Fee.Kind.SAMPLE: data.pop("fee_sample"),
            Fee.Kind.SERVICE: data.pop("fee_service"),
        }
        return data, fees


class BookingForm(StyledForm):
    starts_at = forms.DateTimeField(
        label=_("From"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    samples = forms.IntegerField(label=_("Samples"), min_value=0, max_value=100000, initial=0)


class DecisionForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class UsageForm(StyledForm):
    hours_used = forms.DecimalField(
        label=_("Hours used"), min_value=0, max_digits=8, decimal_places=2
    )
    samples_used = forms.IntegerField(
        label=_("Samples tested"), min_value=0, max_value=100000, initial=0
    )
    fee_charged = forms.DecimalField(
        label=_("Fee charged (yuan; empty: by the schedule)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
