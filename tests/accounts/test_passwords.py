"""Password rules and hashing, without the app."""
import pytest

from aftercare.accounts.passwords import hash_password, password_problem, verify_password


@pytest.mark.parametrize("password", ["password123", "Passord123", "qwertyuiop", "12345678", "sommer2024"])
def test_common_passwords_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", ["short", "abc", ""])
def test_too_short(password):
    assert "at least 8" in str(password_problem(password))


def test_long_passphrases_without_composition_rules_are_fine():
    assert password_problem("tre små katter på taket om natten") is None
    assert password_problem("x" * 10 + "yz" * 40) is None  # 90 characters, no digits or symbols needed


def test_password_cannot_equal_username():
    assert password_problem("lise.hansen", username="lise.hansen") is not None


def test_argon2id_round_trip():
    hashed = hash_password("a good long passphrase")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a good long passphrase")
    assert not verify_password(hashed, "a wrong passphrase")
    assert not verify_password("not a hash", "anything")
