"""20 concurrent redemptions of one voucher: at most its amount is ever committed."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.errors import Conflict
from luoshi.instruments.tests.test_concurrency import _concurrently
from luoshi.vouchers import services
from luoshi.vouchers.models import Redemption, Voucher
from luoshi.vouchers.tests.conftest import pdf


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_redemptions_never_exceed_the_voucher(voucher, org_admin, provider):
    contracts = [
        services.contract_register(
            actor=org_admin,
            voucher=voucher,
            provider=provider,
            service_type="testing",
            title=f"合同{i}",
            amount=Decimal("20000"),
            signed_on=dt.date.today(),
        )
        for i in range(20)
    ]
    # 20 contracts × 6,000 (30%) = 120,000 asked against a 50,000 voucher: 8 fit.
    outcomes = _concurrently(
        20,
        lambda i: services.redemption_request(
            actor=org_admin, contract=contracts[i], invoice=pdf(), proof=pdf()
        ),
    )
    others = [o for o in outcomes if not isinstance(o, Redemption | Conflict)]
    assert not others, others[:3]
    voucher = Voucher.objects.get(pk=voucher.pk)
    total = sum(r.amount for r in Redemption.objects.filter(voucher=voucher))
    assert total == voucher.committed <= voucher.amount
    assert Redemption.objects.filter(voucher=voucher).count() == 8


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_for_one_contract_make_one_redemption(contract, org_admin):
    outcomes = _concurrently(
        20,
        lambda i: services.redemption_request(
            actor=org_admin, contract=contract, invoice=pdf(), proof=pdf()
        ),
    )
    assert sum(isinstance(o, Redemption) for o in outcomes) == 1
    assert all(isinstance(o, Redemption | Conflict) for o in outcomes), outcomes
    assert Voucher.objects.get().committed == 30000
