"""Forms parse what a person typed; the services decide whether it is allowed. The
application form holds only what is new about the project (see profile.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import validate_upload_size
from luoshi.finance import registry
from luoshi.organisations.models import Organisation
from luoshi.projects.models import ToleranceReason


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


class ApplicationForm(Styled):
    category = forms.ChoiceField(label=_("Project category"))
    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(
        label=_("Project summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    requested = forms.DecimalField(
        label=_("City funding asked (yuan)"), max_digits=14, decimal_places=0, min_value=1
    )
    matching = forms.DecimalField(
        label=_("Matching funds (yuan)"), max_digits=14, decimal_places=0, min_value=0
    )
    leader_name = forms.CharField(label=_("Project leader"), max_length=60)
    leader_phone = forms.CharField(label=_("Leader's phone"), max_length=30)
    team = forms.CharField(
        label=_("Team"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    declared_kinds = forms.MultipleChoiceField(
        label=_("Qualifications held"),
        choices=registry.KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, call, known: bool = False, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in call.categories]
        # Qualifications are declared only by a firm the registry does not know, and only
        # for a call that asks for them.
        if known or not call.accepted_kinds:
            del self.fields["declared_kinds"]
        # One file field per attachment kind the call requires, and a box to reuse the file
        # the organisation gave before when there is one (ticked: nothing to upload again).
        self.kinds = list(call.attachment_kinds)
        self.offers = offers or {}
        self.attachment_rows = []
        for i, kind in enumerate(self.kinds):
            self.fields[f"attachment-{i}"] = forms.FileField(
                label=kind,
                required=False,
                validators=[validate_upload_size],
                widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
            )
            offer = self.offers.get(kind)
            if offer is not None:
                self.fields[f"reuse-{i}"] = forms.BooleanField(
                    required=False,
                    initial=True,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
            self.attachment_rows.append(
                (kind, self[f"attachment-{i}"], self[f"reuse-{i}"] if offer else None, offer)
            )

    def main_fields(self):
        return [f for f in self if not f.name.startswith(("attachment-", "reuse-"))]

    def clean(self):
        data = super().clean()
        uploads, reuse = {}, {}
        for i, kind in enumerate(self.kinds):
            upload = data.pop(f"attachment-{i}", None)
            ticked = data.pop(f"reuse-{i}", False)
            if upload:
                uploads[kind] = upload
            elif ticked and kind in self.offers:
                reuse[kind] = self.offers[kind].ref
        data["attachments"], data["reuse"] = uploads, reuse
        return data


class CallForm(Styled):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    guide = forms.CharField(
        label=_("Guide"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = forms.CharField(
        label=_("Categories (one per line)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    budget = forms.DecimalField(
        label=_("Budget (yuan)"), max_digits=14, decimal_places=0, min_value=1
    )
    max_request = forms.DecimalField(
        label=_("Most one project may ask (yuan)"), max_digits=14, decimal_places=0, min_value=1
    )
    opens_on = forms.DateField(label=_("Opens on"))
    closes_on = forms.DateField(label=_("Closes on"))
    org_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["enterprise", "university", "institute"],
    )
    field_codes = forms.CharField(
        label=_("Disciplines of the experts (codes, e.g. 430, 520.10)"),
        max_length=500,
        required=False,
    )
    accepted_kinds = forms.MultipleChoiceField(
        label=_("Qualifications required (any of)"),
        choices=registry.KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment_kinds = forms.CharField(
        label=_("Attachments required (one kind per line, e.g. 申报书, 营业执照)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_attachment_kinds(self):
        return [
            line.strip()
            for line in self.cleaned_data["attachment_kinds"].splitlines()
            if line.strip()
        ]

    def clean_field_codes(self):
        from luoshi.projects.experts import parse_codes

        return parse_codes(self.cleaned_data["field_codes"])

    def clean_categories(self):
        return [
            line.strip() for line in self.cleaned_data["categories"].splitlines() if line.strip()
        ]


class PanelForm(Styled):
    field_codes = forms.CharField(
        label=_("Disciplines of the experts (codes, e.g. 430, 520.10)"), max_length=500
    )


class FormalForm(Styled):
    ok = forms.TypedChoiceField(
        choices=[("1", _("Passes")), ("0", _("Returned"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(required=False, max_length=300)


def parse_pairs(text: str, *, limit: int = 50) -> dict[str, str]:
    """Lines "name: value" (either colon) into {name: value}."""
    pairs = {}
    for line in (text or "").splitlines()[:limit]:
        line = line.replace("：", ":")
        if ":" in line:
            name, _sep, value = line.rpartition(":")
            pairs[name.strip()] = value.strip()
    return pairs


class ContractForm(Styled):
    starts_on = forms.DateField(label=_("Starts on"))
    ends_on = forms.DateField(label=_("Ends on"))
    city_funding = forms.DecimalField(
        label=_("City funding (yuan)"), max_digits=14, decimal_places=0, required=False
    )
    targets = forms.CharField(
        label=_("Targets (one per line: name: number)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    tranches = forms.CharField(
        label=_("Tranches (one per line: name: share %)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="签约: 50\n中期: 30\n验收: 20",
    )


class AcceptanceForm(Styled):
    stage = forms.ChoiceField(
        choices=[("mid", _("Mid-term check")), ("final", _("Final acceptance"))]
    )
    achieved = forms.CharField(
        label=_("Achieved (one per line: name: number)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    tolerate = forms.BooleanField(
        label=_("Close a failure as tolerated (免责清单)"), required=False
    )
    tolerance_reason = forms.ChoiceField(
        label=_("Reason for tolerance"),
        choices=[("", "—"), *ToleranceReason.choices],
        required=False,
    )
    conditions = forms.MultipleChoiceField(
        label=_("Conditions confirmed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        from luoshi.projects.services import TOLERANCE_CONDITIONS

        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = list(TOLERANCE_CONDITIONS.items())


class ChallengeForm(Styled):
    title = forms.CharField(label=_("Title"), max_length=200)
    publisher = forms.ModelChoiceField(
        queryset=None, label=_("Publishing enterprise"), required=False
    )
    goal = forms.CharField(
        label=_("Technical goal"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicators = forms.CharField(
        label=_("Indicators (one per line: name: target)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.DecimalField(
        label=_("Contract budget (yuan)"), max_digits=14, decimal_places=0, min_value=1
    )
    deadline = forms.DateField(label=_("Applications until"))
    org_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_codes = forms.CharField(
        label=_("Disciplines of the experts (codes, e.g. 430, 520.10)"),
        max_length=500,
        required=False,
    )
    funding_rate = forms.DecimalField(
        label=_("City funding rate (%)"), max_digits=5, decimal_places=2, initial=40
    )
    funding_cap = forms.DecimalField(
        label=_("City funding cap (yuan)"), max_digits=14, decimal_places=0, initial=2_000_000
    )

    def __init__(self, *args, enterprises, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].queryset = enterprises
        if not office:
            del self.fields["publisher"]
            del self.fields["field_codes"]
            del self.fields["funding_rate"]
            del self.fields["funding_cap"]

    def clean_field_codes(self):
        from luoshi.projects.experts import parse_codes

        return parse_codes(self.cleaned_data.get("field_codes", ""))


class BidForm(Styled):
    plan = forms.CharField(
        label=_("Technical plan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    price = forms.DecimalField(
        label=_("Contract amount asked (yuan)"), max_digits=14, decimal_places=0, min_value=1
    )
    leader_name = forms.CharField(label=_("Team leader"), max_length=60)


class SignForm(Styled):
    bid = forms.IntegerField(widget=forms.HiddenInput)
    contract_amount = forms.DecimalField(
        label=_("Contract amount (yuan)"), max_digits=14, decimal_places=0, min_value=1
    )
    milestones = forms.CharField(
        label=_("Milestones (one per line: name: share %)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="签约: 30\n中试: 40\n验收: 30",
    )
    on = forms.DateField(label=_("Signed on"))
    defence_note = forms.CharField(label=_("Defence note"), max_length=500, required=False)
