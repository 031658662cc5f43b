"""Lecture des montants tels que les étudiants les tapent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator import MontantIllisible, lire_montant


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("21988", "21988"),
        ("21 988", "21988"),
        ("21 988 €", "21988"),
        ("21\u202f988\u00a0€", "21988"),
        ("21.988", "21988"),  # un seul point suivi de trois chiffres : séparateur de milliers
        ("21,988", "21988"),
        ("21 988,00", "21988.00"),
        ("21988,5", "21988.5"),
        ("21988.50", "21988.50"),
        ("1.234.567", "1234567"),
        ("21.988,00", "21988.00"),
        ("21,988.00", "21988.00"),
        ("0", "0"),
        ("€ 12 000", "12000"),
        ("12000 euros", "12000"),
    ],
)
def test_les_ecritures_courantes_sont_comprises(texte, attendu):
    assert lire_montant(texte) == Decimal(attendu)


@pytest.mark.parametrize(
    ("texte", "extrait"),
    [
        ("", "vide"),
        ("   ", "vide"),
        ("€", "vide"),
        ("-100", "négatif"),
        ("douze mille", "n'est pas un montant"),
        ("21 988 $", "n'est pas un montant"),
        ("1.2.3", "pas un montant lisible"),
        ("1,5,5", "pas un montant lisible"),
    ],
)
def test_une_saisie_illisible_est_une_erreur_jamais_zero(texte, extrait):
    with pytest.raises(MontantIllisible, match=extrait):
        lire_montant(texte)
