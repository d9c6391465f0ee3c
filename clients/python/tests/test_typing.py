"""The package is typed (py.typed, mypy --strict clean, these tests included), and the types
catch a misspelt key, a wrong method and a wrong code."""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api", reason="mypy is in requirements-test.txt")

HERE = Path(__file__).parent

WRONG = '''
from orkestra_checkout import Client, PaymentMethod
from orkestra_checkout.types import CreateCheckoutSession

client = Client("http://127.0.0.1:1", "sk")
body: CreateCheckoutSession = {"merchantOrderId": "o", "contry": "BR", "currency": "BRL", "amount": "1.00"}
method: PaymentMethod = "CHEQUE"
client.sessions.pay("cs_1", {"method": "PIX", "payer": {"nmae": "Maria"}})
'''


def mypy(*args: str) -> tuple[str, int]:
    out, err, status = mypy_api.run(["--strict", "--no-incremental", "--show-error-codes", *args])
    return out + err, status


def test_the_installed_package_and_these_tests_type_check_strictly() -> None:
    import orkestra_checkout

    package = Path(orkestra_checkout.__file__).parent
    assert (package / "py.typed").is_file(), "the wheel ships py.typed"
    for target in (["-p", "orkestra_checkout"], [str(HERE)]):
        out, status = mypy(*target)
        assert status == 0, out


def test_a_wrong_key_method_or_field_fails_the_type_check(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG)
    out, status = mypy(str(wrong))
    assert status == 1, out
    assert '"contry"' in out, out
    assert "'CHEQUE'" in out, out
    assert '"nmae"' in out, out
