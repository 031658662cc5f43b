"""Ce que la page du simulateur montre d'un résultat, déjà écrit en français : la page range ces
textes dans sa mise en page (éléments, graphique, classes) et n'en compose aucun.

Une phrase est une liste de morceaux : un texte, ou un objet `{"role", "texte", …}` que la page
met en forme selon son rôle : `fort`, `etiquette`, `montant` (avec `valeur` et `champ`),
`renvoi` (vers l'étape du `bloc` nommé), `revenus` (avec le `code` des revenus retenus). Un
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
from typing import Any

from .bareme import Bareme
from .echelon import echelon_superieur
from .format import date_longue, euros, points

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


def presenter(resultat: dict[str, Any], bareme: Bareme) -> dict[str, Any]:
    """La présentation d'un résultat d'estimation (objet de sortie, blocs facultatifs compris),
    dans l'ordre où la page la montre."""
    return {
        "titre": f"Votre estimation pour {resultat['annee_universitaire']}",
        "carte": carte(resultat, bareme),
        "marges": marges(resultat),
        "points_de_charge": points_de_charge(resultat),
        "graphique": graphique(resultat, bareme),
        "calcul": calcul(resultat["explication"], bareme),
        "resume": resume(resultat),
        "calendrier": calendrier(bareme),
        "etapes": etapes(resultat),
    }


# --- La carte de l'échelon ------------------------------------------------------------------


def carte(r: dict[str, Any], bareme: Bareme) -> dict[str, Any]:
    """La carte du résultat : l'échelon, le montant qui s'applique et ce qui le précise."""
    if r["echelon"] is None:
        return {
            "bourse": False,
            "duree": None,
            "blocs": [_bloc("echelon", "Pas de bourse"), _depassement(r, bareme)],
        }
    versement = r.get("versement")
    douze_mois = versement is not None and versement["duree_mois"] == 12
    blocs = [
        _bloc("echelon", _etiquette("Échelon "), _fort(r["echelon"])),
        *(_sur_12_mois(r, versement) if douze_mois else _sur_10_mois(r, versement)),
    ]
    majoration = _majoration_de_la_carte(r.get("outre_mer"))
    if majoration is not None:
        blocs.append(majoration)
    return {"bourse": True, "duree": 12 if douze_mois else 10, "blocs": blocs}


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
    """Dix mensualités, et le montant sur 12 mois pour qui garderait la bourse l'été."""
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
        _bloc(
            "texte",
            "Sur 12 mois : ",
            _montant(r["montant_annuel_12_mois"], "montant_annuel_12_mois"),
            " par an, soit ",
            _montant(r["montant_mensuel_12_mois"], "montant_mensuel_12_mois"),
            " par mois.",
        ),
        _douze_mois_a_verifier(v),
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


def points_de_charge(r: dict[str, Any]) -> dict[str, Any]:
    """Chaque élément des points de charge et le total, écrits (« 2 points ») ; la ligne lue si
    elle n'est pas celle du total (au-delà de 17 points)."""
    total, ligne = r["points_de_charge"], r["ligne_du_tableau"]
    return {
        "lignes": [
            {"libelle": e["libelle"], "points": points(e["points"])}
            for e in r["detail_points_de_charge"]
        ],
        "total": points(total),
        "note": None if ligne == total else f"Le tableau des plafonds est lu à la ligne {ligne}.",
    }


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
    la page montre la première phrase dont `jusqu_au` (inclus, ou null) n'est pas passé."""
    annee, du, au = (
        bareme.annee_universitaire,
        bareme.dossier_social_etudiant.ouverture,
        bareme.dossier_social_etudiant.cloture,
    )
    if not du or not au:
        return [
            {
                "jusqu_au": None,
                "texte": f"Les dates de dépôt du dossier pour {annee} ne sont pas encore "
                "annoncées à notre connaissance : vérifiez-les sur messervices.etudiant.gouv.fr.",
            }
        ]
    veille = (date.fromisoformat(du) - timedelta(days=1)).isoformat()
    ouverture, cloture = date_longue(du), date_longue(au)
    return [
        {
            "jusqu_au": veille,
            "texte": f"Pour {annee}, le dossier pourra être déposé du {ouverture} au {cloture}.",
        },
        {
            "jusqu_au": au,
            "texte": f"Pour {annee}, le dossier se dépose jusqu'au {cloture} (depuis le "
            f"{ouverture}).",
        },
        {
            "jusqu_au": None,
            "texte": f"Pour {annee}, le dossier pouvait être déposé du {ouverture} au {cloture}.",
        },
    ]


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
    return {"statut": statut, "libelle_statut": libelle, "revenus": phrase}


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
