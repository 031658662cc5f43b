"""Aux visites suivantes, Python repart d'un instantané de sa mémoire, pris par le worker après
son premier démarrage complet et gardé sur l'appareil (espace privé du site, OPFS) : il calcule
exactement comme après un démarrage complet, et un instantané abîmé ou d'un autre déploiement
est remplacé."""

from __future__ import annotations

import re

import pytest

import calculator
from tests.cas_de_test import CAS
from tests.test_cas_situations import CAS as SITUATIONS

from .conftest import comme_dans_la_page

pytestmark = pytest.mark.navigateur

# Dans une page qui ne lance pas elle-même le calculateur : démarre un worker du site, lui
# envoie les demandes tout de suite (elles attendent la fin du démarrage), rend les réponses et
# la façon dont il a démarré (« complet » ou « instantane »). Le worker reste en vie : après
# sa première réponse, il confie l'instantané à un second worker, qui l'écrit.
DEMARRAGE = """async (demandes) => {
  const adresse = new URL("../js/calculateur.worker.mjs", location.href);
  const worker = new Worker(adresse, {type: "module"});
  let depart;
  const attentes = new Map();
  const pret = new Promise((resoudre, rejeter) => {
    worker.onmessage = ({data}) => {
      if (data.etat === "pret") { depart = data.depart; resoudre(); }
      if (data.etat === "echec") rejeter(new Error(data.message));
      if (data.id !== undefined) attentes.get(data.id)(data);
    };
  });
  const reponses = Promise.all(demandes.map((demande, id) => new Promise((resoudre) => {
    attentes.set(id, resoudre);
    worker.postMessage({id, ...demande});
  })));
  await pret;
  (globalThis.workers ??= []).push(worker); // vivant jusqu'au départ de la page : il écrit
  return {depart, reponses: await reponses};
}"""

# Les fichiers de l'espace privé du site : {nom: taille}. Attend d'abord, au plus 60 s, que
# `attendu` y soit (l'instantané s'écrit après « prêt »).
FICHIERS_PRIVES = """async (attendu) => {
  const dossier = await navigator.storage.getDirectory();
  const lister = async () => {
    const fichiers = {};
    for await (const [nom, poignee] of dossier.entries()) {
      fichiers[nom] = (await poignee.getFile()).size;
    }
    return fichiers;
  };
  for (let i = 0; attendu && i < 600 && !(await lister())[attendu]; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return lister();
}"""

ECRIRE_FICHIER_PRIVE = """async ([nom, texte]) => {
  const dossier = await navigator.storage.getDirectory();
  const ecriture = await (await dossier.getFileHandle(nom, {create: true})).createWritable();
  await ecriture.write(texte);
  await ecriture.close();
}"""


# L'instantané gardé : ses premiers octets, sa taille, et, une fois décompressé (gzip), sa
# longueur, la taille de l'image qu'il dit et le nombre de ses pages non nulles.
LIRE_INSTANTANE = """async (nom) => {
  const dossier = await navigator.storage.getDirectory();
  const fichier = await (await dossier.getFileHandle(nom)).getFile();
  const debut = [...new Uint8Array(await fichier.slice(0, 3).arrayBuffer())];
  const compact = await new Response(
    fichier.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  const vue = new DataView(compact);
  return {debut, taille: fichier.size, compact: compact.byteLength,
          image: vue.getUint32(0, true), pages: vue.getUint32(4, true)};
}"""


@pytest.fixture(scope="module")
def instantane(site_construit) -> str:
    """Le nom de l'instantané de ce déploiement, tel que build.py l'a écrit pour le worker."""
    worker = (site_construit / "js" / "calculateur.config.mjs").read_text(encoding="utf-8")
    trouve = re.search(r'const INSTANTANE = "(echelon-instantane-[0-9a-f]{16})";', worker)
    assert trouve, "nom de l'instantané absent du worker"
    return trouve.group(1)


def premiere_visite(onglet, serveur, instantane: str) -> None:
    """Un démarrage complet et une première demande, puis l'instantané écrit sur l'appareil
    (le worker ne le confie au preneur qu'après la première réponse)."""
    onglet.set_default_timeout(120_000)
    onglet.goto(serveur.url("conditions/"))
    demande = {"action": "lire_montant", "texte": "21 988 €"}
    assert onglet.evaluate(DEMARRAGE, [demande])["depart"] == "complet"
    fichiers = onglet.evaluate(FICHIERS_PRIVES, instantane)
    assert fichiers.get(instantane, 0) > 1_000_000, fichiers


def test_la_visite_suivante_part_de_l_instantane_et_toute_la_suite_de_cas_y_est_juste(
    nouvel_onglet, serveur, instantane, baremes
):
    onglet = nouvel_onglet()
    premiere_visite(onglet, serveur, instantane)
    entrees = [c.entree for c in CAS] + [s for _, _, s, _ in SITUATIONS]
    demandes = [{"action": "estimer", "entree": e} for e in entrees] + [
        {"action": "annees"},
        {"action": "lire_montant", "texte": "21 988 €"},
        {"action": "montant_depuis_echelon", "entree": {"echelon": "3", "duree_versement": 10}},
    ]
    onglet.reload()
    visite = onglet.evaluate(DEMARRAGE, demandes)
    assert visite["depart"] == "instantane"
    reponses = visite["reponses"]
    ecarts = []
    for entree, reponse in zip(entrees, reponses, strict=False):
        _, attendu = calculator.calculer(entree, baremes, presentation=True)
        if reponse.get("resultat") != comme_dans_la_page(attendu):
            ecarts.append(f"{entree} : {reponse}")
    assert not ecarts, "\n".join(ecarts[:5])
    assert len(entrees) > 100
    annees, montant, connu = reponses[len(entrees) :]
    assert "2025-2026" in {a["annee_universitaire"] for a in annees["resultat"]}
    assert montant["resultat"] == 21988
    assert connu["resultat"]["echelon"] == "3", connu


def test_un_instantane_abime_ou_d_un_autre_deploiement_est_remplace(
    nouvel_onglet, serveur, instantane
):
    onglet = nouvel_onglet()
    onglet.set_default_timeout(120_000)
    onglet.goto(serveur.url("conditions/"))
    ancien = "echelon-instantane-0123456789abcdef"
    onglet.evaluate(ECRIRE_FICHIER_PRIVE, [instantane, "pas un instantané " * 1000])
    onglet.evaluate(ECRIRE_FICHIER_PRIVE, [ancien, "instantané d'un déploiement passé"])
    onglet.evaluate(ECRIRE_FICHIER_PRIVE, ["autre-fichier", "ne m'effacez pas"])
    situation = {
        "annee_universitaire": "2025-2026",
        "revenu_brut_global": 21988,
        "distance_km": 40,
        "enfants_a_charge": 1,
        "dont_etudiants_superieur": 0,
    }
    visite = onglet.evaluate(DEMARRAGE, [{"action": "estimer", "entree": situation}])
    # 1 point (40 km) + 2 points (un autre enfant) = 3 ; 19 758 < 21 988 ≤ 22 716 : échelon 3.
    assert visite["reponses"][0]["resultat"]["echelon"] == "3"
    assert visite["depart"] == "complet"
    # Le fichier abîmé est déjà là : FICHIERS_PRIVES n'attend pas le nouveau. Son écriture
    # (31 Mo compressés par morceaux) peut prendre plusieurs secondes sur une machine chargée :
    # 60 s au plus, comme FICHIERS_PRIVES.
    fichiers = onglet.evaluate(FICHIERS_PRIVES, instantane)
    for _ in range(600):
        if ancien not in fichiers and fichiers.get(instantane, 0) > 1_000_000:
            break
        onglet.wait_for_timeout(100)
        fichiers = onglet.evaluate(FICHIERS_PRIVES, None)
    assert fichiers.get(instantane, 0) > 1_000_000, fichiers
    assert ancien not in fichiers, fichiers
    assert fichiers.get("autre-fichier") == len(b"ne m'effacez pas"), fichiers
    assert onglet.evaluate(DEMARRAGE, [])["depart"] == "instantane"


def test_l_instantane_est_garde_compresse_et_la_visite_suivante_en_repart(
    nouvel_onglet, serveur, instantane
):
    onglet = nouvel_onglet()
    premiere_visite(onglet, serveur, instantane)
    garde = onglet.evaluate(LIRE_INSTANTANE, instantane)
    assert garde["debut"] == [0x1F, 0x8B, 0x08], garde  # en-tête gzip, méthode deflate
    # L'image de la mémoire de Python (plus de 20 Mo) tient au moins en quatre fois moins ; ses
    # pages nulles n'y sont pas : l'en-tête, les numéros des pages gardées, puis ces pages.
    assert garde["image"] > 20_000_000, garde
    assert garde["taille"] * 4 < garde["image"], garde
    assert garde["pages"] * 4096 < garde["image"], garde
    assert garde["compact"] <= 8 + 4 * garde["pages"] + 4096 * garde["pages"], garde
    assert garde["compact"] > 8 + 4 * garde["pages"] + 4096 * (garde["pages"] - 1), garde
    onglet.reload()
    visite = onglet.evaluate(DEMARRAGE, [{"action": "annees"}])
    assert visite["depart"] == "instantane"
    assert "2025-2026" in {a["annee_universitaire"] for a in visite["reponses"][0]["resultat"]}


# Le nombre d'occurrences de `marqueur` (en ASCII) dans l'image gardée, décompressée.
OCCURRENCES_DANS_L_INSTANTANE = """async ([nom, marqueur]) => {
  const dossier = await navigator.storage.getDirectory();
  const fichier = await (await dossier.getFileHandle(nom)).getFile();
  const image = new Uint8Array(await new Response(
    fichier.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  const cherche = new TextEncoder().encode(marqueur);
  let n = 0;
  for (let i = image.indexOf(cherche[0]); i >= 0; i = image.indexOf(cherche[0], i + 1)) {
    if (cherche.every((octet, k) => image[i + k] === octet)) n++;
  }
  return n;
}"""


def test_rien_de_ce_que_la_page_demande_n_entre_dans_l_instantane(
    nouvel_onglet, serveur, instantane
):
    """Le calculateur répond sans attendre l'instantané ; l'image est prise par un second
    worker, qui ne reçoit aucune demande : un texte envoyé au calculateur dès l'ouverture, et
    lu par Python, n'y figure pas."""
    onglet = nouvel_onglet()
    onglet.set_default_timeout(120_000)
    onglet.goto(serveur.url("conditions/"))
    marqueur = "Zorglub-4815162342-confidentiel"
    visite = onglet.evaluate(DEMARRAGE, [{"action": "lire_montant", "texte": marqueur}] * 3)
    assert visite["depart"] == "complet"
    # Python a bien lu le texte : il le cite dans son refus.
    assert all(marqueur in str(r) for r in visite["reponses"]), visite["reponses"]
    fichiers = onglet.evaluate(FICHIERS_PRIVES, instantane)
    assert fichiers.get(instantane, 0) > 1_000_000, fichiers
    assert onglet.evaluate(OCCURRENCES_DANS_L_INSTANTANE, [instantane, marqueur]) == 0
    # La recherche elle-même trouve ce qui y est : un nom de module du calculateur.
    assert onglet.evaluate(OCCURRENCES_DANS_L_INSTANTANE, [instantane, "calculator.navigateur"])
