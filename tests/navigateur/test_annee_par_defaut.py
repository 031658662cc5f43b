"""L'année proposée suit la date de l'appareil : celle pour laquelle on demande la bourse ce
jour-là (calculator.saison), sur le simulateur comme sur la page des montants ; l'aide du
revenu nomme l'avis d'imposition de cette année-là, lu dans son barème."""

from __future__ import annotations

import datetime as dt

import pytest

from calculator import saison
from construction import baremes_yaml

pytestmark = pytest.mark.navigateur


def baremes() -> dict[str, dict]:
    donnees, _ = baremes_yaml.charger_baremes(baremes_yaml.fichiers_de_baremes())
    return donnees


def attendue(jour: dt.date) -> str:
    """L'année que la page doit proposer ce jour-là : celle de la demande, bornée aux années
    des barèmes (la plus récente après la dernière, la plus ancienne avant la première)."""
    annees = sorted(baremes())
    return min(max(saison.annee_de_la_demande(jour), annees[0]), annees[-1])


JOURS = [
    dt.datetime(2027, 1, 20, 10),  # le DSE 2027-2028 est ouvert ou va l'être
    dt.datetime(2026, 12, 2, 10),  # dès décembre : l'année suivante
    dt.datetime(2026, 10, 15, 10),  # automne : l'année en cours (demande tardive)
    dt.datetime(2025, 4, 1, 10),  # campagne 2025 : 2025-2026
    dt.datetime(2021, 3, 1, 10),
]


PAGES = {
    # page : (liste des années, ce qui dit que le module a pris la main)
    "simulateur/": ("#annee_universitaire", "#estimer:enabled"),
    "montants/": ("#echelon-annee", "#formulaire-echelon button[type=submit]:enabled"),
}


@pytest.mark.parametrize("moment", JOURS, ids=[j.date().isoformat() for j in JOURS])
@pytest.mark.parametrize("page", PAGES)
def test_l_annee_proposee_suit_la_date_de_l_appareil(nouvel_onglet, serveur, moment, page):
    liste, pret = PAGES[page]
    onglet = nouvel_onglet()
    onglet.clock.set_fixed_time(moment)
    onglet.goto(serveur.url(page))
    onglet.wait_for_selector(pret)
    assert onglet.locator(liste).input_value() == attendue(moment.date())


def test_le_20_janvier_2027_le_simulateur_propose_2027_2028_et_l_avis_2026(nouvel_onglet, serveur):
    revenus = baremes()["2027-2028"].revenus_pris_en_compte
    assert revenus.annee_de_l_avis_d_imposition == 2026
    onglet = nouvel_onglet()
    onglet.clock.set_fixed_time(dt.datetime(2027, 1, 20, 10))
    onglet.goto(serveur.url("simulateur/"))
    onglet.wait_for_function("!document.getElementById('estimer').disabled")
    assert onglet.locator("#annee_universitaire").input_value() == "2027-2028"
    aide = onglet.locator("#aide-revenu_brut_global").inner_text()
    assert "avis d'imposition 2026 sur les revenus 2025" in aide
    assert onglet.locator("#note-provisoire [data-annee='2027-2028']").is_visible()


ETAT_DU_FORMULAIRE = """() => ({
    annee: document.getElementById("annee_universitaire").value,
    notes: [...document.querySelectorAll("#note-provisoire [data-annee]")]
        .filter((n) => !n.hidden).map((n) => n.dataset.annee),
    aide: document.getElementById("aide-revenu_brut_global").textContent,
})"""


def test_le_html_propose_deja_l_annee_que_le_module_choisira(nouvel_onglet, serveur):
    """Ce qui est peint avant que le module prenne la main (année choisie, note du barème
    provisoire, années de l'avis d'imposition) est ce qu'il laissera le jour de la
    construction : son démarrage ne change rien à l'écran."""
    sans_module = nouvel_onglet(java_script_enabled=False)
    sans_module.goto(serveur.url("simulateur/"))
    avant = sans_module.evaluate(ETAT_DU_FORMULAIRE)
    assert avant["annee"] == attendue(dt.date.today())

    onglet = nouvel_onglet()
    onglet.goto(serveur.url("simulateur/"))
    onglet.wait_for_function("!document.getElementById('estimer').disabled")
    assert onglet.evaluate(ETAT_DU_FORMULAIRE) == avant


def test_la_note_du_bareme_provisoire_est_celle_de_l_annee_choisie(nouvel_onglet, serveur):
    donnees = baremes()
    publiee = max(a for a, b in donnees.items() if b.statut == "publie")
    provisoires = [a for a, b in donnees.items() if b.statut == "provisoire"]
    onglet = nouvel_onglet()
    onglet.goto(serveur.url("simulateur/"))
    notes = onglet.locator("#note-provisoire [data-annee]")
    onglet.select_option("#annee_universitaire", publiee)
    assert all(notes.nth(i).is_hidden() for i in range(notes.count()))
    for annee in provisoires:
        onglet.select_option("#annee_universitaire", annee)
        note = onglet.locator(f"#note-provisoire [data-annee='{annee}']")
        assert note.is_visible()
        assert f"nous n'avons pas encore relu les arrêtés {annee}" in note.inner_text()
        autres = [a for a in provisoires if a != annee]
        assert all(
            onglet.locator(f"#note-provisoire [data-annee='{a}']").is_hidden() for a in autres
        )
