"""Ce que le worker du simulateur appelle dans Pyodide : du texte JSON en entrée et en sortie.

Réponses : {"resultat": …} si tout va bien, {"erreur": {"erreurs": [{"champ", "message"}]}}
sinon. Les barèmes sont ceux que la roue embarque (`donnees.py`), lus une fois.

Chaque réponse est typographiée pour la page (`format.typographie` : espaces insécables des
milliers, des unités, de la ponctuation haute), d'un seul passage sur le texte JSON : l'encodeur
n'écrit aucune espace hors des chaînes, et les règles ne changent que des espaces. L'interface
JSON et la ligne de commande gardent les espaces ordinaires.
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from typing import Any

from .bareme import BaremesALaDemande
from .donnees import charger_donnees
from .format import typographie
from .interface import (
    MODULES_CHARGES_A_LA_DEMANDE,
    calculer_json,
    calculer_montant,
    calculer_saisie,
    decoder,
    encoder,
    erreurs_en_dict,
)

# Chaque estimation de la page écrit sa présentation : importée avec le worker, elle est dans
# l'instantané de la mémoire de Python (voir `prechauffer`).
from .presentation import presenter as _presenter  # noqa: F401
from .saisie import MontantIllisible
from .saisie import lire_montant as _lire_montant


@cache
def _donnees() -> dict[str, Any]:
    return charger_donnees()


@cache
def _baremes() -> BaremesALaDemande:
    return BaremesALaDemande(_donnees()["baremes"])


SITUATION_A_BLANC = {
    "revenu_brut_global": 18500,
    "distance_km": 45,
    "enfants_a_charge": 1,
    "dont_etudiants_superieur": 0,
}
"""La situation fixe des estimations à blanc (`estimer_a_blanc`, `prechauffer`) : le formulaire
principal seul, une distance qui compte des points. Aucune demande de la page n'y entre."""


def estimer_a_blanc() -> bool:
    """Une estimation de SITUATION_A_BLANC, réponse jetée ; vrai si elle a donné un résultat.

    Dans le navigateur, le premier passage dans le code que parcourt toute estimation
    (lecture, calcul, présentation, typographie) coûte plusieurs fois les suivants : chaque
    fonction WebAssembly est compilée à son premier appel, le barème de l'année est construit,
    les modèles des remplacements typographiques sont lus. Le worker l'appelle après un
    démarrage complet, avant d'annoncer « prêt » : la première demande de l'étudiant ne le paie
    pas (docs/performance.md, « La première estimation »). Les modules des blocs, plus longs à
    importer, restent au préchauffage.
    """
    return estimer(json.dumps(SITUATION_A_BLANC)).startswith('{"resultat":')


def prechauffer() -> None:
    """Charge d'avance ce que les demandes chargeraient à la première : les modules des blocs
    facultatifs et les barèmes ; puis passe une fois par la lecture des textes du formulaire
    (`estimer_saisie` à blanc, SITUATION_A_BLANC écrite en textes, réponse jetée).

    Le worker l'appelle quand il est au repos, après « prêt » : l'étudiant qui remplit le
    formulaire n'attend plus ces imports. Le preneur d'instantané l'appelle juste avant de
    prendre l'image de la mémoire de Python : les fichiers de la roue ne font pas partie de
    cette image, plus rien ne doit y être lu ensuite.
    """
    for module in MODULES_CHARGES_A_LA_DEMANDE:
        importlib.import_module(f"{__package__}.{module}")
    dict(_baremes())  # chaque barème, construit à sa première lecture
    saisie = {cle: str(valeur) for cle, valeur in SITUATION_A_BLANC.items()}
    estimer_saisie(json.dumps({"saisie": saisie, "origine": "formulaire"}))


def estimer(texte: str) -> str:
    """Une estimation pour un objet d'entrée de l'interface JSON (docs/interface.md), avec ses
    blocs facultatifs (`eligibilite`, `ressources`, `versement`, `outre_mer`, `aides`) et ce que
    la page en montre, déjà écrit (`presentation`) : la page ne compose aucune phrase."""
    valide, sortie = calculer_json(texte, _baremes(), presentation=True)
    return typographie(f'{{"resultat":{sortie}}}' if valide else f'{{"erreur":{sortie}}}')


def estimer_saisie(texte: str) -> str:
    """Une estimation pour les textes du formulaire ou d'un lien de partage :
    `{"saisie": {cle: texte}, "origine": "formulaire" | "lien"}` (docs/interface.md,
    « estimer_saisie »). Répond `{"resultat": {"valide": true, "resultat", "entree",
    "fragment"}}`, ou `{"resultat": {"valide": false, "erreurs", "incomplet"}}` : la page lit
    `valide` ; seul un texte JSON illisible donne `{"erreur": …}`."""
    objet, erreurs = decoder(texte)
    if erreurs:
        return encoder({"erreur": erreurs_en_dict(erreurs)})
    return typographie(encoder({"resultat": calculer_saisie(objet, _baremes())}))


def montant_depuis_echelon(texte: str) -> str:
    """Le montant exact d'un échelon connu : `{"annee_universitaire"?, "echelon",
    "duree_versement"}` (une notification de bourse, ou l'API « statut étudiant boursier » du
    Cnous), voir docs/interface.md ; sa carte est déjà écrite (`presentation`)."""
    entree, erreurs = decoder(texte)
    if erreurs:
        return encoder({"erreur": erreurs_en_dict(erreurs)})
    valide, objet = calculer_montant(entree, _baremes())
    return typographie(encoder({"resultat": objet} if valide else {"erreur": objet}))


def lire_montant(texte: str, champ: str = "revenu_brut_global") -> str:
    """Un montant tel que l'étudiant l'a tapé (« 21 988 € »), lu en nombre, ou l'erreur."""
    try:
        montant = _lire_montant(texte)
    except MontantIllisible as erreur:
        return encoder({"erreur": {"erreurs": [{"champ": champ, "message": str(erreur)}]}})
    valeur = int(montant) if montant == montant.to_integral_value() else float(montant)
    return encoder({"resultat": valeur})


def annees() -> str:
    """Chaque année des barèmes et son statut (« provisoire » ou non) : ce que la page en lit,
    pour le tableau des années sous un résultat (la page ne lit jamais de YAML). Rien de plus :
    la page la demande dès « prêt », avant la première estimation."""
    resume = [
        {"annee_universitaire": annee, "statut": b["statut"]}
        for annee, b in sorted(_donnees()["baremes"].items())
    ]
    return json.dumps({"resultat": resume}, ensure_ascii=False, separators=(",", ":"))
