"""L'année proposée par le simulateur suit la date de l'appareil : celle dont la campagne du
dossier social étudiant est ouverte ou la prochaine à ouvrir, provisoire si besoin."""

from __future__ import annotations

import datetime as dt

import pytest

from construction import baremes_yaml

pytestmark = pytest.mark.navigateur


def annees_des_donnees() -> tuple[str, str]:
    baremes, _ = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    return max(a for a, b in baremes.items() if b["statut"] == "publie"), max(baremes)


@pytest.mark.parametrize(
    ("date", "attendue"),
    [
        ("2025-04-01T10:00:00", "2025-2026"),  # campagne 2025 ouverte (13 mars - 31 mai 2025)
        ("2024-12-15T10:00:00", "2025-2026"),  # la prochaine campagne à ouvrir
        ("2022-03-01T10:00:00", "2022-2023"),  # campagne 2022 ouverte
        ("2021-03-01T10:00:00", "2021-2022"),  # dates inconnues : clôture supposée au 31 mai
    ],
)
def test_l_annee_proposee_suit_la_date(nouvel_onglet, serveur, date, attendue):
    onglet = nouvel_onglet()
    onglet.clock.set_fixed_time(dt.datetime.fromisoformat(date))
    onglet.goto(serveur.url("simulateur/"))
    assert onglet.locator("#annee_universitaire").input_value() == attendue


def test_apres_la_derniere_campagne_connue_l_annee_la_plus_recente_meme_provisoire(
    nouvel_onglet, serveur
):
    _, plus_recente = annees_des_donnees()
    onglet = nouvel_onglet()
    onglet.clock.set_fixed_time(dt.datetime(int(plus_recente[:4]), 11, 22, 10))
    onglet.goto(serveur.url("simulateur/"))
    assert onglet.locator("#annee_universitaire").input_value() == plus_recente


ETAT_DU_FORMULAIRE = """() => ({
    annee: document.getElementById("annee_universitaire").value,
    note_cachee: document.getElementById("note-provisoire").hidden,
    aide: document.getElementById("aide-revenu_brut_global").textContent,
})"""


def test_le_html_propose_deja_l_annee_que_le_module_choisira(nouvel_onglet, serveur):
    """Ce qui est peint avant que le module prenne la main (année choisie, note du barème
    provisoire, années de l'avis d'imposition) est ce qu'il laissera, la campagne de l'année la
    plus récente ouverte ou passée : son démarrage ne change rien à l'écran."""
    _, plus_recente = annees_des_donnees()
    sans_module = nouvel_onglet(java_script_enabled=False)
    sans_module.goto(serveur.url("simulateur/"))
    avant = sans_module.evaluate(ETAT_DU_FORMULAIRE)
    assert avant["annee"] == plus_recente

    onglet = nouvel_onglet()
    onglet.clock.set_fixed_time(dt.datetime(int(plus_recente[:4]), 11, 22, 10))
    onglet.goto(serveur.url("simulateur/"))
    onglet.wait_for_function("!document.getElementById('estimer').disabled")
    assert onglet.evaluate(ETAT_DU_FORMULAIRE) == avant


def test_la_note_sur_le_bareme_provisoire_ne_parait_que_pour_une_annee_provisoire(
    nouvel_onglet, serveur
):
    publiee, plus_recente = annees_des_donnees()
    onglet = nouvel_onglet()
    onglet.goto(serveur.url("simulateur/"))
    note = onglet.locator("#note-provisoire")
    onglet.select_option("#annee_universitaire", publiee)
    assert note.is_hidden()
    if plus_recente != publiee:
        onglet.select_option("#annee_universitaire", plus_recente)
        assert note.is_visible()
        assert "Barème non encore publié" in note.inner_text()
