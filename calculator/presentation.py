"""Ce que la page du simulateur montre d'un résultat, déjà écrit en français : la page range ces
textes dans sa mise en page (éléments, graphique, classes) et n'en compose aucun.

Une phrase est une liste de morceaux : un texte, ou un objet `{"role", "texte", …}` que la page
met en forme selon son rôle : `fort`, `etiquette`, `montant` (avec `valeur` et `champ`),
`renvoi` (vers l'étape du `bloc` nommé), `revenus` (avec le `code` des revenus retenus), `lien`
(vers le service officiel d'`adresse`). Un
paragraphe est un bloc `{"genre", "morceaux"}` ; un bloc `{"genre": "modele", "modele"}` est un
texte fixe de la page. La carte du résultat est une liste ordonnée de blocs : un bloc de plus
(un verdict, une liste « à vérifier ») s'y ajoute sans changer la page. Détail des clés :
docs/interface.md, « presentation ».

Calculée seulement à la demande (`calculer(…, presentation=True)`, la page du navigateur) : le
chemin rapide de `--jsonl` ne l'écrit pas.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .bareme import Bareme
from .echelon import echelon_superieur
from .format import date_longue, euros, nombre, points
from .points_de_charge import tranche_d_eloignement
from .recapitulatif import recapitulatif
from .situation import Situation

Morceau = str | dict[str, Any]
Bloc = dict[str, Any]


# --- Morceaux et blocs ----------------------------------------------------------------------


def _fort(texte: str) -> dict[str, Any]:
    return {"role": "fort", "texte": texte}


def _etiquette(texte: str) -> dict[str, Any]:
    return {"role": "etiquette", "texte": texte}


def _montant(valeur: int | float, champ: str) -> dict[str, Any]:
    """Un montant écrit en euros, avec sa valeur exacte et la clé du résultat qu'il montre."""
    return {"role": "montant", "texte": euros(valeur), "valeur": valeur, "champ": champ}


def _renvoi(texte: str, bloc: str) -> dict[str, Any]:
    """Un lien vers l'étape facultative du bloc `bloc` (la page sait où elle est)."""
    return {"role": "renvoi", "texte": texte, "bloc": bloc}


def _lien(texte: str, adresse: str) -> dict[str, Any]:
    """Un lien vers un service officiel nommé dans une phrase (le seul qui quitte le site, et
    seulement si l'étudiant le suit)."""
    return {"role": "lien", "texte": texte, "adresse": adresse}


MESSERVICES = _lien("messervices.etudiant.gouv.fr", "https://messervices.etudiant.gouv.fr/")
"""Le site du dossier social étudiant (DSE), où la bourse se demande."""


def _phrase(*morceaux: Morceau | None) -> list[Morceau]:
    """Les morceaux d'une phrase, sans les vides, deux textes qui se suivent réunis."""
    phrase: list[Morceau] = []
    for morceau in morceaux:
        if not morceau:
            continue
        if isinstance(morceau, str) and phrase and isinstance(phrase[-1], str):
            phrase[-1] += morceau
        else:
            phrase.append(morceau)
    return phrase


def _bloc(genre: str, *morceaux: Morceau | None) -> Bloc:
    return {"genre": genre, "morceaux": _phrase(*morceaux)}


# --- L'ensemble -----------------------------------------------------------------------------


def presenter(
    resultat: dict[str, Any],
    bareme: Bareme,
    situation: Situation,
    *,
    distance_lue: bool = True,
    reponses: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """La présentation d'un résultat d'estimation (objet de sortie, blocs facultatifs compris),
    dans l'ordre où la page la montre. La distance de `situation` est redite dans les points de
    charge quand elle a été lue (`distance_lue` : False pour la borne basse d'une tranche) ;
    `reponses`, les blocs facultatifs de l'entrée, sont redits dans le récapitulatif."""
    distance_km = situation.distance_km if distance_lue else None
    la_carte = carte(resultat, bareme)
    return {
        "titre": f"Votre estimation pour {resultat['annee_universitaire']}",
        "verdict": verdict(resultat),
        "annonce": annonce(resultat, la_carte),
        "carte": la_carte,
        "marges": marges(resultat),
        "points_de_charge": points_de_charge(resultat, bareme, distance_km),
        "graphique": graphique(resultat, bareme),
        "calcul": calcul(resultat["explication"], bareme),
        "resume": resume(resultat),
        "calendrier": calendrier(bareme),
        "etapes": etapes(resultat),
        "pieces": pieces(resultat),
        "recapitulatif": recapitulatif(resultat, bareme, situation, distance_lue, reponses or {}),
    }


# --- La carte de l'échelon ------------------------------------------------------------------


def carte(r: dict[str, Any], bareme: Bareme) -> dict[str, Any]:
    """La carte du résultat, dans l'ordre où l'étudiant la lit : le refus, si une condition
    d'attribution n'est pas remplie ; le revenu à revoir, s'il n'est pas celui qui compte ;
    l'échelon (ce qu'il serait si la condition était remplie, après un refus) et le montant qui
    s'applique ; juste sous le montant, les conditions à vérifier ; puis ce qui le précise."""
    refus = _refus(r.get("eligibilite"))
    avant = [b for b in (refus, _revenu_a_revoir(r.get("ressources"))) if b is not None]
    a_verifier = _conditions_a_verifier(r.get("eligibilite"))
    if r["echelon"] is None:
        echelon = _bloc("echelon", "Pas de bourse")
        if refus is not None:
            echelon = _bloc(
                "echelon_si_remplie",
                _etiquette("Même si cette condition était remplie : "),
                _fort("pas de bourse"),
            )
        montant = [echelon, _depassement(r, bareme), *a_verifier]
        return {"bourse": False, "duree": None, "blocs": [*avant, *montant]}
    versement = r.get("versement")
    douze_mois = versement is not None and versement["duree_mois"] == 12
    echelon = _bloc("echelon", _etiquette("Échelon "), _fort(r["echelon"]))
    if refus is not None:
        echelon = _bloc(
            "echelon_si_remplie",
            _etiquette("Si cette condition était remplie : échelon "),
            _fort(r["echelon"]),
        )
    principal, *suite = _sur_12_mois(r, versement) if douze_mois else _sur_10_mois(r, versement)
    blocs = [*avant, echelon, principal, *a_verifier, *suite]
    majoration = _majoration_de_la_carte(r.get("outre_mer"))
    if majoration is not None:
        blocs.append(majoration)
    return {"bourse": True, "duree": 12 if douze_mois else 10, "blocs": blocs}


# --- Le verdict des conditions, le revenu à revoir, l'annonce -------------------------------

_CLE_CITEE = re.compile(r"\s*\(« [a-z_]+\.[a-z0-9_]+ »\)|« [a-z_]+\.[a-z0-9_]+ »")
"""Une clé de l'interface citée dans une raison (« eligibilite.diplome ») : utile à qui écrit
du JSON, pas à l'étudiant, qui a la question à côté (lien `ancre`)."""

ETAPE_DES_CONDITIONS = "etape-conditions"
"""L'id de l'étape des conditions dans la page : l'ancre d'une condition qu'aucune question ne
tranche (sources en conflit, appréciation du Crous)."""


def _raison_pour_l_etudiant(raison: str) -> str:
    """La raison d'une condition, sans les clés de l'interface qu'elle cite."""
    return _CLE_CITEE.sub("", raison)


def _apres_deux_points(texte: str) -> str:
    """Une phrase qui suit « : » commence par une minuscule (sauf un sigle : « DAEU »)."""
    if len(texte) > 1 and texte[1].isupper():
        return texte
    return texte[:1].lower() + texte[1:]


def _ancre(condition: dict[str, Any]) -> str:
    """L'id HTML de la question qui tranche la condition (« eligibilite-date_de_naissance »,
    celui des macros de la page), ou celui de l'étape des conditions."""
    question = condition.get("question_a_repondre")
    return question.replace(".", "-") if question else ETAPE_DES_CONDITIONS


def _premiere_non_remplie(e: dict[str, Any] | None) -> dict[str, Any] | None:
    if e is None or e["statut"] != "non remplie":
        return None
    return next(c for c in e["conditions"] if c["statut"] == "non remplie")


def _refus(e: dict[str, Any] | None) -> Bloc | None:
    """« Pas de bourse : » et la raison de la première condition non remplie."""
    condition = _premiere_non_remplie(e)
    if condition is None:
        return None
    raison = _apres_deux_points(_raison_pour_l_etudiant(condition["raison"]))
    bloc = _bloc("refus", _fort("Pas de bourse : "), raison)
    return {**bloc, "condition": condition["condition"], "ancre": _ancre(condition)}


def _conditions_a_verifier(e: dict[str, Any] | None) -> list[Bloc]:
    """Les conditions « à vérifier », chacune avec le lien vers la question qui la tranche."""
    if e is None:
        return []
    conditions = [
        {
            "condition": c["condition"],
            "libelle": c["libelle"],
            "morceaux": [_raison_pour_l_etudiant(c["raison"])],
            "ancre": _ancre(c),
        }
        for c in e["conditions"]
        if c["statut"] == "a_verifier"
    ]
    return [{"genre": "a_verifier", "conditions": conditions}] if conditions else []


DEBUTS_DU_REVENU = {"a_revoir": "Revenu à revoir : ", "a_verifier": "Revenu à vérifier : "}
"""Le début du bloc « revenu à revoir », par statut du revenu indiqué (ressources.py)."""


def _revenu_a_revoir(r: dict[str, Any] | None) -> Bloc | None:
    """Le revenu indiqué n'est pas celui qui compte (ou reste à vérifier) : ce que dit
    `ressources.revenu_saisi`, et le lien vers l'étape des revenus."""
    saisi = r.get("revenu_saisi") if r is not None else None
    if saisi is None or saisi["statut"] not in DEBUTS_DU_REVENU:
        return None
    bloc = _bloc(
        "revenu_a_revoir",
        _fort(DEBUTS_DU_REVENU[saisi["statut"]]),
        _apres_deux_points(saisi["raison"]),
        " Voyez ",
        _renvoi("quels revenus comptent pour vous", "ressources"),
        ".",
    )
    return {**bloc, "statut": saisi["statut"]}


VERDICTS = {
    "remplie": ("Conditions d'attribution remplies", " d'après vos réponses."),
    "a_verifier": ("Conditions d'attribution à vérifier", " : {libelles}."),
    "non remplie": ("Pas de bourse", " : {raison}"),
}
"""Le verdict des conditions d'attribution, par statut du bloc `eligibilite` : le début mis en
avant, puis la suite."""


def verdict(r: dict[str, Any]) -> dict[str, Any] | None:
    """Le verdict des conditions d'attribution (statut du bloc `eligibilite`), ou None sans ce
    bloc ; sans aucune réponse, toutes sont « à vérifier », jamais « remplies »."""
    e = r.get("eligibilite")
    if e is None:
        return None
    fort, suite = VERDICTS[e["statut"]]
    libelles = [c["libelle"].lower() for c in e["conditions"] if c["statut"] == "a_verifier"]
    premiere = _premiere_non_remplie(e)
    raison = _raison_pour_l_etudiant(premiere["raison"]) if premiere else ""
    texte = suite.format(libelles=_liste(libelles), raison=_apres_deux_points(raison))
    return {"statut": e["statut"], "texte": _phrase(_fort(fort), texte)}


def _liste(mots: list[str]) -> str:
    """« âge, diplôme et études »."""
    return " et ".join(filter(None, [", ".join(mots[:-1]), *mots[-1:]]))


ANNONCES_DU_REVENU = {"a_revoir": "Revenu à revoir.", "a_verifier": "Revenu à vérifier."}
"""Ce que l'annonce ajoute quand le revenu indiqué n'est pas celui qui compte, par statut."""


def annonce(r: dict[str, Any], la_carte: dict[str, Any]) -> str:
    """La phrase courte que lit un lecteur d'écran quand le résultat arrive : l'échelon et la
    mensualité (« Échelon 2, 307,10 € par mois. »), ou le refus ; puis ce qui reste à revoir."""
    genres = {b["genre"]: b for b in la_carte["blocs"]}
    condition = _premiere_non_remplie(r.get("eligibilite"))
    if condition is not None:
        libelle = condition["libelle"].lower()
        phrases = [f"Pas de bourse : condition d'attribution non remplie ({libelle})."]
    elif r["echelon"] is None:
        premier = echelon_superieur(None)
        phrases = [f"Pas de bourse : revenu au-dessus du plafond de l'échelon {premier}."]
    else:
        mensuel = r["montant_mensuel"]
        if la_carte["duree"] == 12:
            mensuel = r["versement"]["montant_mensuel_applicable"]
        phrases = [f"Échelon {r['echelon']}, {euros(mensuel)} par mois."]
    if "revenu_a_revoir" in genres:
        phrases.append(ANNONCES_DU_REVENU[genres["revenu_a_revoir"]["statut"]])
    if "a_verifier" in genres and condition is None:
        phrases.append("Conditions à vérifier.")
    return " ".join(phrases)


def _depassement(r: dict[str, Any], bareme: Bareme) -> Bloc:
    """Sans bourse : de combien le revenu dépasse le plafond de l'échelon le plus bas."""
    premier = echelon_superieur(None)
    plafond = bareme.plafonds[r["ligne_du_tableau"]][premier]
    baisse = r["marges"]["baisse_necessaire"]
    return _bloc(
        "texte",
        "Votre revenu brut global (",
        _montant(r["revenu_brut_global"], "revenu_brut_global"),
        ") dépasse ",
        *(("de ", _montant(baisse, "baisse_necessaire"), " ") if baisse is not None else ()),
        f"le plafond de l'échelon {premier} ({euros(plafond)}) pour votre nombre de points de "
        "charge.",
    )


def _sur_12_mois(r: dict[str, Any], v: dict[str, Any]) -> list[Bloc]:
    """Douze mensualités (maintien pendant les grandes vacances) : le montant qui s'applique."""
    return [
        _bloc(
            "montant_principal",
            _montant(v["montant_mensuel_applicable"], "montant_mensuel_applicable"),
            " par mois, pendant 12 mois",
        ),
        _bloc(
            "texte",
            "Soit ",
            _montant(v["montant_annuel_applicable"], "montant_annuel_applicable"),
            " par an (sur 12 mois).",
        ),
        _bloc("applicable", _fort("C'est le montant qui s'applique. "), v["raison"]),
        _bloc(
            "texte",
            "Sans le maintien pendant l'été : ",
            _montant(r["montant_mensuel"], "montant_mensuel"),
            " par mois pendant 10 mois, soit ",
            _montant(r["montant_annuel"], "montant_annuel"),
            " par an.",
        ),
    ]


def _sur_10_mois(r: dict[str, Any], v: dict[str, Any] | None) -> list[Bloc]:
    """Dix mensualités ; le montant sur 12 mois, si le maintien pendant l'été reste à
    vérifier."""
    return [
        _bloc(
            "montant_principal",
            _montant(r["montant_mensuel"], "montant_mensuel"),
            " par mois, pendant 10 mois",
        ),
        _bloc(
            "texte",
            "Soit ",
            _montant(r["montant_annuel"], "montant_annuel"),
            " par an (sur 10 mois).",
        ),
        *(_si_douze_mois(r) if v is not None and v["maintien_grandes_vacances"] is None else ()),
        _douze_mois_a_verifier(v),
    ]


def _si_douze_mois(r: dict[str, Any]) -> list[Bloc]:
    """Le montant sur 12 mois, seulement quand le maintien pendant l'été reste à vérifier :
    dit sur toutes les cartes, il se lirait comme celui de l'étudiant."""
    return [
        _bloc(
            "texte",
            "Si vous gardez la bourse pendant l'été : ",
            _montant(r["montant_mensuel_12_mois"], "montant_mensuel_12_mois"),
            " par mois pendant 12 mois, soit ",
            _montant(r["montant_annuel_12_mois"], "montant_annuel_12_mois"),
            " par an.",
        )
    ]


def _douze_mois_a_verifier(v: dict[str, Any] | None) -> Bloc:
    """Sans réponse à l'étape « 10 ou 12 mois », le texte de la page qui dit qui y a droit."""
    if v is None:
        return {"genre": "modele", "modele": "douze-mois"}
    debut = (
        "D'après vos réponses : 10 mensualités, sans maintien pendant l'été ("
        if v["maintien_grandes_vacances"] is False
        else "D'après vos réponses, le maintien pendant l'été reste à vérifier ("
    )
    return _bloc("note", debut, _renvoi("10 ou 12 mois", "versement"), ").")


def _majoration_de_la_carte(o: dict[str, Any] | None) -> Bloc | None:
    """La majoration outre-mer sous le montant : ajoutée, ou à vérifier pour le territoire."""
    if o is None or o["majoration_mensuelle"] is None:
        return None
    majoration = euros(o["majoration_mensuelle"])
    if o["applicable"] is True and o["montant_mensuel_majore"] is not None:
        return _bloc(
            "applicable",
            f"Majoration outre-mer : {majoration} de plus par mois, soit ",
            _montant(o["montant_mensuel_majore"], "montant_mensuel_majore"),
            " par mensualité.",
        )
    if o["applicable"] is None and o["lieu_des_etudes"]:
        return _bloc(
            "note",
            f"Majoration outre-mer de {majoration} par mois : à vérifier pour votre territoire (",
            _renvoi("études en outre-mer", "outre_mer"),
            ").",
        )
    return None


# --- Marges, points de charge, graphique ----------------------------------------------------


def marges(r: dict[str, Any]) -> list[list[Morceau]]:
    """Ce qui sépare le revenu des plafonds voisins, une phrase par marge."""
    m, actuel = r["marges"], r["echelon"]
    hausse, baisse, suivant = m["hausse_possible"], m["baisse_necessaire"], m["echelon_superieur"]
    if actuel is None:
        return [
            _phrase(
                "Il faudrait un revenu brut global plus bas de ",
                _fort(euros(baisse)),
                f" pour obtenir l'échelon {suivant}.",
            )
        ]
    phrases = []
    if hausse == 0:
        phrases.append(
            [
                f"Votre revenu est exactement au plafond de l'échelon {actuel} : le moindre "
                "euro de plus vous ferait changer d'échelon."
            ]
        )
    else:
        phrases.append(
            _phrase(
                "Votre revenu peut augmenter de ",
                _fort(euros(hausse)),
                f" sans que vous perdiez l'échelon {actuel} (plafond : {euros(r['plafond'])}).",
            )
        )
    if suivant is None:
        phrases.append([f"L'échelon {actuel} est le plus élevé."])
    else:
        phrases.append(
            _phrase(
                "Avec un revenu plus bas de ",
                _fort(euros(baisse)),
                f", vous passeriez à l'échelon {suivant}.",
            )
        )
    return phrases


def points_de_charge(
    r: dict[str, Any], bareme: Bareme, distance_km: int | Decimal | None = None
) -> dict[str, Any]:
    """Chaque élément des points de charge et le total, écrits (« 2 points ») ; la distance
    redite telle que lue (« 29,5 km : moins de 30 km ») ; sans les lignes d'enfants à charge
    quand il n'y en a aucun ; la ligne lue si elle n'est pas celle du total (au-delà de 17
    points)."""
    total, ligne = r["points_de_charge"], r["ligne_du_tableau"]
    return {
        "lignes": [
            {"libelle": _libelle_de_charge(e, bareme, distance_km), "points": points(e["points"])}
            for e in r["detail_points_de_charge"]
            if not (e["regle"].startswith("enfant") and e["points"] == 0)
        ],
        "total": points(total),
        "note": None if ligne == total else f"Le tableau des plafonds est lu à la ligne {ligne}.",
    }


def _libelle_de_charge(e: dict[str, Any], bareme: Bareme, distance_km: Any) -> str:
    """Le libellé d'une ligne des points de charge ; l'éloignement redit la distance lue."""
    if e["regle"] != "eloignement" or distance_km is None:
        return e["libelle"]
    tranche = tranche_d_eloignement(e["points"], bareme)
    return f"Domicile familial à {nombre(distance_km)} km : {tranche}"


def graphique(r: dict[str, Any], bareme: Bareme) -> dict[str, Any]:
    """Les plafonds de la ligne de l'étudiant, du premier échelon au dernier, et son revenu."""
    ligne, actuel, revenu = r["ligne_du_tableau"], r["echelon"], r["revenu_brut_global"]
    plafonds = bareme.plafonds[ligne]
    description = _description_du_graphique(euros(revenu), plafonds, actuel)
    return {
        "titre_section": f"Les plafonds de votre ligne ({points(ligne)})",
        "titre": f"Plafonds de chaque échelon pour {points(ligne)} de charge, en "
        f"{r['annee_universitaire']}, et votre revenu",
        "description": description,
        "legende": f"{description} La valeur en gras est celle de votre échelon ; le trait "
        "pointillé marque votre revenu.",
        "revenu": f"Votre revenu : {euros(revenu)}",
        "revenu_en_deux_lignes": ["Votre revenu :", euros(revenu)],
        "lignes": [
            {
                "echelon": echelon,
                "plafond": plafond,
                "libelle": f"Éch. {echelon}",
                "valeur": euros(plafond),
                "texte": f"Échelon {echelon} : plafond {euros(plafond)}"
                + (" (votre échelon)" if echelon == actuel else ""),
                "votre": echelon == actuel,
                "accessible": revenu <= plafond,
            }
            for echelon, plafond in plafonds.items()
        ],
    }


def _description_du_graphique(revenu: str, plafonds: dict[str, int], actuel: str | None) -> str:
    if actuel is None:
        premier = echelon_superieur(None)
        return (
            f"Votre revenu de {revenu} dépasse le plafond de l'échelon {premier} "
            f"({euros(plafonds[premier])}) : pas de bourse."
        )
    texte = (
        f"Votre revenu de {revenu} ne dépasse pas le plafond de l'échelon {actuel} "
        f"({euros(plafonds[actuel])})"
    )
    suivant = echelon_superieur(actuel)
    if suivant is None:
        return f"{texte}."
    return f"{texte} mais dépasse celui de l'échelon {suivant} ({euros(plafonds[suivant])})."


# --- Le calcul pas à pas, le résumé d'une année, le calendrier -------------------------------


def calcul(explication: list[dict[str, Any]], bareme: Bareme) -> list[dict[str, Any]]:
    """Les étapes de l'explication, groupées par texte appliqué (étapes qui se suivent) ; chaque
    groupe, numéroté à partir de `debut`, finit par le titre de sa référence."""
    groupes: list[dict[str, Any]] = []
    for numero, etape in enumerate(explication, start=1):
        if groupes and groupes[-1]["reference"] == etape["reference"]:
            groupes[-1]["etapes"].append(etape["texte"])
        else:
            groupes.append(
                {"debut": numero, "reference": etape["reference"], "etapes": [etape["texte"]]}
            )
    for groupe in groupes:
        groupe["source"] = _source_du_groupe(groupe, bareme)
    return groupes


def _source_du_groupe(groupe: dict[str, Any], bareme: Bareme) -> dict[str, Any] | None:
    reference = bareme.references.get(groupe["reference"] or "")
    if reference is None:
        return None
    debut, fin = groupe["debut"], groupe["debut"] + len(groupe["etapes"]) - 1
    renvoi = f"Étape {debut} : " if debut == fin else f"Étapes {debut} à {fin} : "
    return {"renvoi": renvoi, "titre": reference.titre, "lien": reference.lien}


# --- Les pièces à préparer pour le dossier ----------------------------------------------------

TITRE_DES_PIECES = "Les pièces à préparer pour votre dossier (DSE)"
INTRO_DES_PIECES = (
    "D'après la situation indiquée. Le Crous peut demander d'autres pièces selon votre "
    "situation ; gardez-les prêtes avant de saisir votre dossier social étudiant."
)
"""Service-public F12216 (copie de 2016) : « D'autres pièces peuvent être demandées par le Crous
selon votre situation »."""
RENVOI_DE_LA_SOURCE = "Source : "


def pieces(r: dict[str, Any]) -> dict[str, Any] | None:
    """Les pièces à préparer (`pieces_a_fournir`), telles que la page les montre et les imprime :
    `titre`, `intro`, et pour chaque pièce `code`, `piece`, `raison`, `source` (`renvoi`,
    `titre`, `lien` ou None) et `a_verifier` (« à vérifier auprès du Crous » quand aucune
    source ne la décrit, sinon None) ; None sans liste (aucun bloc, ou un refus)."""
    liste = r.get("pieces_a_fournir")
    if not liste:
        return None
    from .pieces import A_VERIFIER_AUPRES_DU_CROUS  # ici : une situation seule ne le charge pas

    return {
        "titre": TITRE_DES_PIECES,
        "intro": INTRO_DES_PIECES,
        "pieces": [
            {
                "code": p["code"],
                "piece": p["piece"],
                "raison": p["raison"],
                "source": {"renvoi": RENVOI_DE_LA_SOURCE, **p["source"]},
                "a_verifier": A_VERIFIER_AUPRES_DU_CROUS if p["fiabilite"] == "inconnu" else None,
            }
            for p in liste
        ],
    }


def resume(r: dict[str, Any]) -> dict[str, str]:
    """Le résultat en trois cases, pour le tableau des années : échelon, par mois, par an."""
    if r["echelon"] is None:
        return {"echelon": "pas de bourse", "par_mois": "—", "par_an": "—"}
    return {
        "echelon": r["echelon"],
        "par_mois": euros(r["montant_mensuel"]),
        "par_an": euros(r["montant_annuel"]),
    }


def calendrier(bareme: Bareme) -> list[dict[str, str | None]]:
    """La période de dépôt du dossier social étudiant de l'année, dite avant, pendant et après :
    la page montre la première phrase dont `jusqu_au` (inclus, ou null) n'est pas passé. Chaque
    phrase est en texte (`texte`) et en morceaux (`morceaux`), où le site du dossier, s'il est
    nommé, est un lien."""
    annee, du, au = (
        bareme.annee_universitaire,
        bareme.dossier_social_etudiant.ouverture,
        bareme.dossier_social_etudiant.cloture,
    )
    if not du or not au:
        debut = (
            f"Les dates de dépôt du dossier pour {annee} ne sont pas encore annoncées à notre "
            "connaissance : vérifiez-les sur "
        )
        morceaux = _phrase(debut, MESSERVICES, ".")
        return [{"jusqu_au": None, "texte": _texte(morceaux), "morceaux": morceaux}]
    veille = (date.fromisoformat(du) - timedelta(days=1)).isoformat()
    ouverture, cloture = date_longue(du), date_longue(au)
    periodes = (
        (veille, f"Pour {annee}, le dossier pourra être déposé du {ouverture} au {cloture}."),
        (au, f"Pour {annee}, le dossier se dépose jusqu'au {cloture} (depuis le {ouverture})."),
        (None, f"Pour {annee}, le dossier pouvait être déposé du {ouverture} au {cloture}."),
    )
    return [{"jusqu_au": j, "texte": texte, "morceaux": [texte]} for j, texte in periodes]


def _texte(morceaux: list[Morceau]) -> str:
    """Une phrase en texte simple (les morceaux mis bout à bout)."""
    return "".join(m if isinstance(m, str) else m["texte"] for m in morceaux)


# --- Les réponses des étapes facultatives ----------------------------------------------------


def etapes(r: dict[str, Any]) -> dict[str, Any]:
    """Pour chaque bloc facultatif du résultat, ce que son étape affiche en plus du bloc."""
    return {
        bloc: presente(r[bloc]) for bloc, presente in _ETAPES.items() if r.get(bloc) is not None
    }


BILANS_ELIGIBILITE = {
    "remplie": "toutes les conditions sont remplies d'après vos réponses.",
    "non remplie": "au moins une condition n'est pas remplie : la bourse serait refusée, quel "
    "que soit le revenu (l'échelon ci-dessus reste calculé).",
    "a_verifier": "au moins une condition reste à vérifier.",
}
"""La phrase du bilan des conditions, par statut (eligibilite.py)."""


def _eligibilite(e: dict[str, Any]) -> dict[str, Any]:
    return {"bilan": BILANS_ELIGIBILITE.get(e["statut"], "")}


STATUTS_DES_RESSOURCES = {
    "determine": ("remplie", "déterminé"),
    "a_verifier": ("a_verifier", "à vérifier"),
}
"""Le statut des revenus retenus (ressources.py), comme statut de condition, et son libellé."""

REVENUS_RETENUS = {
    "foyer_de_l_etudiant": "ceux de votre propre foyer fiscal",
    "foyer_des_parents": "ceux de vos parents",
    "parent_chez_qui_vit_l_etudiant": "ceux du parent chez qui vous vivez",
    "deux_parents": "ceux de vos deux parents, additionnés",
    "parent_isole": "ceux du parent isolé (case T)",
}
"""Les revenus qui comptent, par code de `revenus_retenus` (ressources.py)."""


def _ressources(r: dict[str, Any]) -> dict[str, Any]:
    statut, libelle = STATUTS_DES_RESSOURCES.get(r["statut"], STATUTS_DES_RESSOURCES["a_verifier"])
    retenus = REVENUS_RETENUS.get(r["revenus_retenus"] or "")
    if retenus is None:
        phrase = ["Les revenus retenus dépendent des réponses qui manquent."]
    else:
        phrase = _phrase(
            "Les revenus qui comptent : ",
            {"role": "revenus", "texte": retenus, "code": r["revenus_retenus"]},
            "."
            if r["statut"] == "determine"
            else ", sauf si une réponse manquante change le chemin.",
        )
    return {
        "statut": statut,
        "libelle_statut": libelle,
        "revenus": phrase,
        "montant_a_indiquer": _montant_a_indiquer(len(r["lignes_a_additionner"])),
    }


def _montant_a_indiquer(lignes: int) -> list[Morceau] | None:
    """Ce qu'il faut faire des lignes à relever sur l'avis : leur somme, ou la ligne seule."""
    if not lignes:
        return None
    return _phrase(
        "Leur somme est le montant à indiquer dans "
        if lignes > 1
        else "C'est le montant à indiquer dans ",
        {"role": "lien", "texte": "votre situation", "adresse": "#revenu_brut_global"},
        ".",
    )


def _code_du_versement(v: dict[str, Any]) -> str:
    """Le versement d'après le bloc de sortie : sans bourse, 12 mois, 10 mois, ou à vérifier."""
    if v["duree_mois"] is None:
        return "sans_bourse"
    if v["maintien_grandes_vacances"] is True:
        return "douze_mois"
    if v["maintien_grandes_vacances"] is False:
        return "dix_mois"
    return "a_verifier"


VERSEMENTS = {
    "sans_bourse": ("non remplie", "pas de bourse"),
    "douze_mois": ("remplie", "12 mois"),
    "dix_mois": ("non remplie", "10 mois"),
    "a_verifier": ("a_verifier", "à vérifier"),
}
"""Par code du versement : son statut de condition et son libellé."""


def _versement(v: dict[str, Any]) -> dict[str, Any]:
    statut, libelle = VERSEMENTS[_code_du_versement(v)]
    applicable = None
    if v["duree_mois"]:
        applicable = _bloc(
            "applicable",
            "Montant qui s'applique : ",
            _montant(v["montant_mensuel_applicable"], "versement_mensuel"),
            f" par mois pendant {v['duree_mois']} mois, soit ",
            _montant(v["montant_annuel_applicable"], "versement_annuel"),
            " par an.",
        )
    return {"statut": statut, "libelle_statut": libelle, "applicable": applicable}


MAJORATIONS = {
    True: ("remplie", "s'applique"),
    False: ("non remplie", "ne s'applique pas"),
    None: ("a_verifier", "à vérifier"),
}
"""Par valeur de `outre_mer.applicable` : son statut de condition et son libellé."""


def _outre_mer(o: dict[str, Any]) -> dict[str, Any]:
    statut, libelle = MAJORATIONS.get(o["applicable"], MAJORATIONS[None])
    applicable = None
    if o["applicable"] is True and o["montant_mensuel_majore"] is not None:
        applicable = _bloc(
            "applicable",
            f"{euros(o['majoration_mensuelle'])} de plus par mois, soit ",
            _montant(o["montant_mensuel_majore"], "montant_mensuel_majore"),
            " par mensualité.",
        )
    return {"statut": statut, "libelle_statut": libelle, "applicable": applicable}


def _aides(liste: list[dict[str, Any]]) -> dict[str, Any]:
    """Le bilan (« 2 remplies, 3 non remplies ») et, par aide, dans l'ordre, son montant."""
    compte = Counter(a["libelle_statut"] for a in liste)
    bilan = ", ".join(f"{n} {_accord(libelle, n)}" for libelle, n in compte.items())
    return {"bilan": bilan, "montants": [_montant_de_l_aide(a) for a in liste]}


def _accord(libelle: str, n: int) -> str:
    return re.sub("remplie$", "remplies", libelle) if n > 1 else libelle


def _montant_de_l_aide(a: dict[str, Any]) -> Bloc | None:
    """Le montant d'une aide : celui qui revient à l'étudiant si ses conditions sont remplies,
    sinon celui que l'aide prévoit cette année ; rien pour une exonération."""
    if a["montant_total"] is not None:
        detail = (
            f" ({_avec_unite(a['montant'], a['unite'])})"
            if a["montant"] != a["montant_total"]
            else _suite_de_l_unite(a["unite"])
        )
        return _bloc(
            "applicable", "Montant : ", _montant(a["montant_total"], "montant_total"), detail, "."
        )
    if a["montant"] is not None:
        prevu = _avec_unite(a["montant"], a["unite"])
        return _bloc("texte", f"Montant prévu cette année : {prevu}.")
    return None


def _suite_de_l_unite(unite: str | None) -> str:
    """« euros par an » → « par an » ; « euros » → rien."""
    suite = re.sub(r"^euros?\s*", "", unite or "")
    return f" {suite}" if suite else ""


def _avec_unite(valeur: int | float, unite: str | None) -> str:
    return f"{euros(valeur)}{_suite_de_l_unite(unite)}"


_ETAPES = {
    "eligibilite": _eligibilite,
    "ressources": _ressources,
    "versement": _versement,
    "outre_mer": _outre_mer,
    "aides": _aides,
}


# --- Le montant d'un échelon connu ----------------------------------------------------------


def carte_du_montant_connu(objet: dict[str, Any]) -> dict[str, Any]:
    """La carte du montant d'un échelon connu (objet de sortie de `calculer_montant`) ; la page
    y ajoute la raison, la certitude et les avertissements de l'objet."""
    duree = objet["duree_versement"]
    return {
        "bourse": True,
        "duree": duree,
        "blocs": [
            _bloc(
                "echelon",
                _etiquette("Échelon "),
                _fort(objet["echelon"]),
                _etiquette(f" en {objet['annee_universitaire']}"),
            ),
            _bloc(
                "montant_principal",
                _montant(objet["montant_mensuel"], "montant_mensuel"),
                f" par mois, pendant {duree} mois",
            ),
            _bloc(
                "texte", "Soit ", _montant(objet["montant_annuel"], "montant_annuel"), " par an."
            ),
        ],
    }
