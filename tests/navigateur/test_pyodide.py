"""Le calculateur dans le navigateur : la roue, lancée par Pyodide (Python 3.14) dans le worker
du site, donne pour chaque cas de tests/cas/ exactement le résultat de CPython, présentation
comprise (les phrases que la page affiche)."""

from __future__ import annotations

import json

import pytest

import calculator
from construction import pages, simulateur
from tests.cas_de_test import CAS

from .conftest import comme_dans_la_page

pytestmark = pytest.mark.navigateur

VERSION = pages.lire_reglages()[0]["pyodide"]["version"]

# Dans la page : démarre le worker du site, envoie les demandes tout de suite (avant qu'il soit
# prêt : elles doivent attendre la fin du démarrage), et rend les réponses et les états annoncés.
DIALOGUE = """async (demandes) => {
  const adresse = new URL("../js/calculateur.worker.mjs", location.href);
  const worker = new Worker(adresse, {type: "module"});
  const etats = [];
  const attentes = new Map();
  worker.onmessage = ({data}) => {
    if (data.id === undefined) { etats.push(data.etat); return; }
    attentes.get(data.id)(data);
  };
  const reponses = await Promise.all(demandes.map((demande, id) => new Promise((resoudre) => {
    attentes.set(id, resoudre);
    worker.postMessage({id, ...demande});
  })));
  worker.terminate();
  return {etats, reponses};
}"""


def dialoguer(onglet, serveur, demandes):
    onglet.goto(serveur.url("simulateur/"))
    return onglet.evaluate(DIALOGUE, demandes)


def test_toute_la_suite_de_cas_donne_dans_pyodide_le_resultat_de_cpython(
    nouvel_onglet, serveur, baremes
):
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    dialogue = dialoguer(onglet, serveur, [{"action": "estimer", "entree": c.entree} for c in CAS])
    assert dialogue["etats"][-1] == "pret"
    assert "chargement" in dialogue["etats"]
    ecarts = []
    for cas, reponse in zip(CAS, dialogue["reponses"], strict=True):
        _, attendu = calculator.calculer(cas.entree, baremes, presentation=True)
        if reponse.get("resultat") != comme_dans_la_page(attendu):
            ecarts.append(f"{cas.annee} · {cas.nom} : {reponse}")
    assert not ecarts, "\n".join(ecarts[:5])
    assert len(dialogue["reponses"]) == len(CAS) >= 7 * 15


def test_le_worker_repond_aux_erreurs_de_saisie_et_aux_actions_inconnues(nouvel_onglet, serveur):
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    dialogue = dialoguer(
        onglet,
        serveur,
        [
            {"action": "lire_montant", "texte": "21 988,00 €"},
            {"action": "lire_montant", "texte": ""},
            {"action": "estimer", "entree": {"revenu_brut_global": 1000}},
            {"action": "annees"},
            {"action": "deviner"},
        ],
    )
    montant, vide, incomplet, annees, inconnue = dialogue["reponses"]
    assert montant["resultat"] == 21988
    assert vide["erreur"]["erreurs"][0]["champ"] == "revenu_brut_global"
    champs = {e["champ"] for e in incomplet["erreur"]["erreurs"]}
    assert champs == {"distance_km", "enfants_a_charge", "dont_etudiants_superieur"}
    assert [a["annee_universitaire"] for a in annees["resultat"]][:2] == ["2019-2020", "2020-2021"]
    assert "action inconnue" in inconnue["erreur"]["erreurs"][0]["message"]


def test_le_runtime_est_celui_de_python_3_14_et_la_roue_est_verrouillee(site_construit):
    verrou = json.loads((site_construit / "py" / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert verrou["info"]["python"].startswith("3.14")
    (paquet,) = verrou["packages"].values()
    assert (site_construit / "py" / paquet["file_name"]).is_file()
    assert paquet["imports"] == ["calculator"]


MESSAGES_D_UN_WORKER = """() => new Promise((resoudre) => {
  const adresse = new URL("../js/calculateur.worker.mjs", location.href);
  const worker = new Worker(adresse, {type: "module"});
  const vus = [];
  worker.onmessage = ({data}) => {
    if (data.etat === "chargement") vus.push(data);
    if (data.etat === "pret" || data.etat === "echec") {
      worker.terminate();
      resoudre(vus);
    }
  };
})"""
"""Démarre un worker du calculateur dans la page et renvoie ses messages de chargement
({message, pourcentage, phase})."""


def test_le_worker_annonce_les_octets_recus_pendant_le_chargement(nouvel_onglet, serveur):
    """Depuis une page qui ne lance pas elle-même le calculateur : celui du simulateur aurait
    déjà gardé le WebAssembly sur l'appareil, et il n'y aurait plus rien à télécharger."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    onglet.goto(serveur.url("conditions/"))
    messages = onglet.evaluate(MESSAGES_D_UN_WORKER)
    octets = [
        m for m in messages if m["message"].startswith("Téléchargement du calculateur\u00a0: ")
    ]
    assert octets, messages
    assert octets[-1] != octets[0], "la progression n'avance pas"
    pourcentages = [m["pourcentage"] for m in messages if "pourcentage" in m]
    assert pourcentages == sorted(pourcentages), "la progression recule"
    assert max(pourcentages[:-1]) <= 99, "100 % avant que tout soit arrivé"
    # Tout est arrivé : 100 %, puis « presque prêt » pendant que Python démarre ; plus de saut
    # d'un pourcentage à « prêt ».
    assert messages[-1]["pourcentage"] == 100 and messages[-1]["phase"] == "demarrage"
    assert "presque prêt" in messages[-1]["message"]


def requetes_d_un_demarrage(onglet, serveur) -> list[str]:
    """Les chemins demandés (page, worker et service worker compris) jusqu'à « prêt »."""
    requetes: list[str] = []
    onglet.context.on("request", lambda r: requetes.append(r.url.removeprefix(serveur.origine)))
    onglet.goto(serveur.url("simulateur/"))
    onglet.wait_for_selector('#etat-calculateur[data-genre="pret"]')
    return list(requetes)  # celles d'après (le preneur d'instantané, plus tard) n'y sont pas


def test_a_la_premiere_visite_le_runtime_voyage_compresse_en_zstd(nouvel_onglet, serveur):
    """Le WebAssembly, la bibliothèque standard et la roue arrivent en zstd (2,89 + 0,53 Mo au
    lieu de 3,56 + 0,69 Mo ; roue 124 ko) ; les originaux ne sont jamais demandés quand le
    décodeur fonctionne. Le module de Pyodide, lui, est importé par son adresse (0,26 Mo en
    gzip)."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    requetes = requetes_d_un_demarrage(onglet, serveur)
    runtime = [r.rsplit("/", 1)[-1] for r in requetes if f"/pyodide/{VERSION}/" in r]
    for nom in simulateur.COMPRESSES_EN_ZSTD:
        assert f"{nom}.zst" in runtime and nom not in runtime, runtime
    # Le WebAssembly une seule fois (le preneur d'instantané, s'il démarre déjà, lit sa copie),
    # le module de Pyodide une fois importé puis relu dans le cache HTTP pour sa copie ; un
    # décodeur par worker qui démarre Python.
    assert runtime.count("pyodide.asm.wasm.zst") == 1, runtime
    assert "pyodide.asm.mjs.zst" not in runtime and "pyodide.asm.mjs" in runtime, runtime
    decodeurs = [r for r in requetes if r.endswith("/pyodide/zstddec/zstddec.wasm")]
    assert len(decodeurs) == runtime.count("pyodide.mjs"), requetes
    roue = [r.rsplit("/", 1)[-1] for r in requetes if "/py/" in r and ".whl" in r]
    assert roue and all(r.endswith(".whl.zst") for r in roue), roue


def test_sans_les_versions_zstd_le_simulateur_demarre_avec_les_originaux(
    nouvel_onglet, serveur, baremes
):
    """Si le décodeur ne peut pas servir (ici : fichiers .zst refusés), le worker se rabat sur
    les fichiers d'origine : le simulateur démarre quand même et calcule juste."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(60_000)
    onglet.context.route("**/*.zst", lambda route: route.abort())
    requetes = requetes_d_un_demarrage(onglet, serveur)
    runtime = [r.rsplit("/", 1)[-1] for r in requetes if f"/pyodide/{VERSION}/" in r]
    for nom in simulateur.COMPRESSES_EN_ZSTD:
        assert nom in runtime, runtime
    dialogue = onglet.evaluate(DIALOGUE, [{"action": "estimer", "entree": CAS[0].entree}])
    _, attendu = calculator.calculer(CAS[0].entree, baremes, presentation=True)
    assert dialogue["reponses"][0]["resultat"] == comme_dans_la_page(attendu)
