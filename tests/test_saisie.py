"""Lecture des montants et des nombres tels que les étudiants les tapent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator import MontantIllisible, lire_montant
from calculator.saisie import NombreIllisible, avertissement_du_revenu, lire_nombre


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


DISTANCE = "la distance entre le domicile familial et le lieu d'études"
ENFANTS = "le nombre d'autres enfants à charge"


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("29,5", Decimal("29.5")),
        ("29.5", Decimal("29.5")),
        ("1 200", 1200),
        ("1\u202f200", 1200),
        ("1 200 km", 1200),
        ("120km", 120),
        ("120 KM", 120),
        ("42,5 km", Decimal("42.5")),
        ("29,125", Decimal("29.125")),  # la virgule marque toujours les décimales
        ("0.500", Decimal("0.5")),  # un zéro devant : pas de milliers
        ("40,0", 40),
        ("3 500 kilomètres", 3500),
    ],
)
def test_un_nombre_se_tape_a_la_francaise_avec_son_unite(texte, attendu):
    lu = lire_nombre(texte, DISTANCE, unite="km", feminin=True)
    assert lu == attendu and type(lu) is type(attendu)


@pytest.mark.parametrize(
    ("texte", "message"),
    [
        ("abc", "« abc » n'est pas un nombre : indiquez la distance entre le domicile familial "
         "et le lieu d'études en chiffres (par exemple 29,5 km)."),
        ("1e5", "« 1e5 » n'est pas un nombre"),
        ("12.5.3", "« 12.5.3 » n'est pas un nombre"),
        ("-3", "La distance entre le domicile familial et le lieu d'études ne peut pas être "
         "négative."),
        ("\u22123", "ne peut pas être négative"),
        ("120 ans", "n'est pas un nombre"),  # pas l'unité de ce champ
        ("1.200", "« 1.200 » peut se lire 1,2 ou 1\u202f200 : pour la distance entre le domicile "
         "familial et le lieu d'études, tapez 1200 (sans séparateur de milliers) ou 1,2"),
    ],
)  # fmt: skip
def test_un_nombre_illisible_ou_ambigu_est_refuse_en_nommant_le_champ(texte, message):
    with pytest.raises(NombreIllisible) as erreur:
        lire_nombre(texte, DISTANCE, unite="km", feminin=True)
    assert message in str(erreur.value)


def test_dans_un_lien_le_point_est_toujours_decimal():
    assert lire_nombre("1.200", DISTANCE, unite="km", lien=True) == Decimal("1.2")


@pytest.mark.parametrize(("texte", "attendu"), [("2", 2), ("2 enfants", 2), ("1 enfant", 1)])
def test_un_nombre_d_enfants_se_lit_en_entier(texte, attendu):
    assert lire_nombre(texte, ENFANTS, unite="enfants", entier=True) == attendu


def test_un_nombre_d_enfants_a_virgule_est_refuse_parce_qu_il_est_entier():
    with pytest.raises(NombreIllisible, match="« 1,5 » : le nombre d'autres enfants à charge est "
                       "un nombre entier ; tapez 0, 1, 2…"):  # fmt: skip
        lire_nombre("1,5", ENFANTS, unite="enfants", entier=True)
    with pytest.raises(NombreIllisible, match=r"ne peut pas être négatif\.$"):
        lire_nombre("-1", ENFANTS, unite="enfants", entier=True)


def test_un_revenu_sous_100_euros_avertit_sans_jamais_etre_corrige():
    avertissement = avertissement_du_revenu("21,98", Decimal("21.98"))
    assert avertissement["code"] == "revenu_invraisemblable"
    message = avertissement["message"].replace("\u202f", " ").replace("\u00a0", " ")
    assert "Vous avez tapé « 21,98 »" in message and "Vouliez-vous dire 21 980 € ?" in message
    assert avertissement_du_revenu("0", 0) is None  # aucun revenu : vraisemblable
    assert avertissement_du_revenu("100", 100) is None
