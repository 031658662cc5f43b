"""L'interface JSON du calculateur : un objet situation en entrée, un objet résultat en sortie.

C'est le contrat de tout ce qui embarque le calculateur (le site, les tests, d'autres outils) :
les noms des clés ne changent pas. Le détail du format est dans docs/interface.md.
Aucune entrée ne lève d'exception : une saisie incorrecte donne `{"erreurs": [...]}`.

Deux formes d'entrée :
- une situation (revenu, distance, enfants…), avec ou sans blocs facultatifs (`eligibilite`,
  `ressources`, `versement`, `outre_mer`, `aides`) ; chaque bloc présent ajoute au résultat
  le bloc de même nom, après toutes les clés habituelles ; sans bloc, le résultat est le même
  qu'avant leur création ;
- un échelon connu : `{"annee_universitaire"?, "echelon", "duree_versement"}` (reconnue à la
  clé `echelon`), qui donne le montant exact de l'arrêté « taux ».
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .bareme import Bareme, BaremesALaDemande
from .estimation import Avertissement, Estimation, Etape, estimer, explication
from .format import euros
from .points_de_charge import ElementDeCharge
from .situation import BLOCS_FACULTATIFS, ErreurDeSaisie, Situation, lire_situation

if TYPE_CHECKING:
    from .blocs import Complements

# Les blocs facultatifs et l'échelon connu (modules blocs, eligibilite, ressources, versement,
# aides) ne sont importés qu'à leur première demande : une situation seule, le cas de presque
# toutes les entrées, n'en a pas besoin, et le calculateur est prêt plus tôt (dans le
# navigateur comme en ligne de commande).


def baremes_depuis_donnees(donnees: dict[str, Any]) -> dict[str, Bareme]:
    """Les barèmes de toutes les années, depuis le JSON émis par la construction du site ; un
    barème provisoire sait de quelle année publiée viennent ses valeurs (`valeurs_de`)."""
    return dict(BaremesALaDemande(donnees["baremes"]))


def _nombre_json(valeur: Decimal | int | None) -> int | float | None:
    """Un montant pour JSON : entier s'il l'est, sinon au centime."""
    if valeur is None or type(valeur) is int:
        return valeur
    d = Decimal(valeur)
    if d == d.to_integral_value():
        return int(d)
    return float(d.quantize(Decimal("0.01")))


def resultat_en_dict(estimation: Estimation) -> dict[str, Any]:
    """Le résultat sous la forme de l'interface JSON."""
    b, s, m = estimation.bareme, estimation.situation, estimation.marges
    return {
        "annee_universitaire": b.annee_universitaire,
        "statut_bareme": b.statut,
        "revenu_brut_global": _nombre_json(s.revenu_brut_global),
        "annee_des_revenus": b.annee_des_revenus,
        "annee_de_l_avis_d_imposition": b.annee_de_l_avis_d_imposition,
        "points_de_charge": estimation.points_de_charge,
        "ligne_du_tableau": estimation.ligne_du_tableau,
        "detail_points_de_charge": [
            _element_en_dict(e) for e in estimation.detail_points_de_charge
        ],
        "echelon": estimation.echelon,
        "plafond": estimation.plafond,
        "montant_annuel": estimation.montant_annuel,
        "montant_mensuel": _nombre_json(estimation.montant_mensuel),
        "montant_annuel_12_mois": estimation.montant_annuel_12_mois,
        "montant_mensuel_12_mois": _nombre_json(estimation.montant_mensuel_12_mois),
        "marges": {
            "hausse_possible": _nombre_json(m.hausse_possible),
            "echelon_superieur": m.echelon_superieur,
            "baisse_necessaire": _nombre_json(m.baisse_necessaire),
        },
        "explication": [
            {"texte": etape.texte, "reference": etape.reference} for etape in estimation.explication
        ],
        "avertissements": [
            {"code": a.code, "message": a.message} for a in estimation.avertissements
        ],
        "fiabilite": {
            "plafonds": b.fiabilite_plafonds,
            "montants_10_mois": b.fiabilite_montants_10_mois,
            "montants_12_mois": b.fiabilite_montants_12_mois,
            "eloignement": b.fiabilite_eloignement,
            "enfants": b.enfant_a_charge.fiabilite,
        },
    }


def resultat_en_json(estimation: Estimation) -> str:
    """Le même objet que `resultat_en_dict`, directement en texte JSON (mêmes clés, même ordre).

    Chemin rapide de `calculer_json` : les parties qui ne dépendent que de l'année, de la famille
    et de l'échelon (détail des points, montants, avertissements, certitudes) sont encodées une
    fois et gardées en cache ; les phrases de l'explication, qui citent le revenu, sont écrites
    telles quelles entre guillemets quand rien n'y est à échapper. Un test vérifie que
    `json.loads` de ce texte redonne `resultat_en_dict`, et une propriété que `_chaine_json`
    écrit ce qu'écrirait `encoder`.
    """
    b, s, m = estimation.bareme, estimation.situation, estimation.marges
    return (
        f"{{{_entete_json(b)},"
        f'"revenu_brut_global":{_json(s.revenu_brut_global)},'
        f'"annee_des_revenus":{b.annee_des_revenus},'
        f'"annee_de_l_avis_d_imposition":{b.annee_de_l_avis_d_imposition},'
        f'"points_de_charge":{estimation.points_de_charge},'
        f'"ligne_du_tableau":{estimation.ligne_du_tableau},'
        f'"detail_points_de_charge":{_detail_json(estimation.detail_points_de_charge)},'
        f'"echelon":{_code(estimation.echelon)},'
        f'"plafond":{_json(estimation.plafond)},'
        f"{_montants_json(*estimation[MONTANTS])},"
        f'"marges":{{"hausse_possible":{_json(m.hausse_possible)},'
        f'"echelon_superieur":{_code(m.echelon_superieur)},'
        f'"baisse_necessaire":{_json(m.baisse_necessaire)}}},'
        f'"explication":{_explication_json(estimation)},'
        f'"avertissements":{_avertissements_json(estimation.avertissements)},'
        f'"fiabilite":{_fiabilite_json(b)}}}'
    )


def _json(valeur: Decimal | int | None) -> str:
    """Un nombre (ou null) en JSON, écrit comme le ferait `json` pour `_nombre_json(valeur)`."""
    if type(valeur) is int:
        return str(valeur)
    if valeur is None:
        return "null"
    return repr(_nombre_json(valeur))


def _code(valeur: str | None) -> str:
    """Un échelon (« 0bis »…« 7 », que des caractères ASCII) ou null, en JSON."""
    return "null" if valeur is None else f'"{valeur}"'


def _fiabilite(bareme: Bareme) -> dict[str, str]:
    return {
        "plafonds": bareme.fiabilite_plafonds,
        "montants_10_mois": bareme.fiabilite_montants_10_mois,
        "montants_12_mois": bareme.fiabilite_montants_12_mois,
        "eloignement": bareme.fiabilite_eloignement,
        "enfants": bareme.enfant_a_charge.fiabilite,
    }


@lru_cache(maxsize=64)
def _entete_json(bareme: Bareme) -> str:
    return _ENCODEUR.encode(
        {"annee_universitaire": bareme.annee_universitaire, "statut_bareme": bareme.statut}
    )[1:-1]


@lru_cache(maxsize=64)
def _fiabilite_json(bareme: Bareme) -> str:
    return _ENCODEUR.encode(_fiabilite(bareme))


@lru_cache(maxsize=4096)
def _detail_json(detail: tuple[ElementDeCharge, ...]) -> str:
    return _ENCODEUR.encode([_element_en_dict(e) for e in detail])


MONTANTS = slice(Estimation._fields.index("montant_annuel"), Estimation._fields.index("marges"))
"""Les quatre montants d'une estimation, dans l'ordre de l'interface JSON."""


@lru_cache(maxsize=256)
def _montants_json(
    annuel: int, mensuel: Decimal, annuel_12_mois: int, mensuel_12_mois: Decimal
) -> str:
    return (
        f'"montant_annuel":{annuel},"montant_mensuel":{_json(mensuel)},'
        f'"montant_annuel_12_mois":{annuel_12_mois},'
        f'"montant_mensuel_12_mois":{_json(mensuel_12_mois)}'
    )


_A_ECHAPPER = re.compile(r'["\\\x00-\x1f]')
"""Ce que JSON échappe dans une chaîne (`encoder` garde tel quel tout autre caractère)."""


def _chaine_json(texte: str | None) -> str:
    """Une chaîne (ou null) en JSON, comme l'écrirait `encoder` : entre guillemets telle quelle
    quand rien n'y est à échapper, le cas des phrases du calculateur."""
    if texte is None:
        return "null"
    if _A_ECHAPPER.search(texte) is None:
        return f'"{texte}"'
    return _ENCODEUR.encode(texte)


def _explication_json(estimation: Estimation) -> str:
    """L'explication en JSON : le gabarit de la famille et de l'échelon (en cache), où le revenu
    écrit en euros prend ses deux places. Même texte que `estimation.explication`, que
    `estimer` a calculée de la même façon (un test le vérifie sur toutes les entrées)."""
    revenu = euros(estimation.situation.revenu_brut_global)
    return revenu.join(
        _gabarit_de_l_explication(
            estimation.bareme,
            estimation.detail_points_de_charge,
            estimation.points_de_charge,
            estimation.ligne_du_tableau,
            estimation.echelon,
        )
    )


_REVENU = "\x00"
"""Le revenu, dans un gabarit : un caractère qu'aucune phrase ne contient, et que JSON écrit
`\\u0000` ; un montant écrit en euros (chiffres, espaces, « € ») n'a, lui, rien à échapper."""


@lru_cache(maxsize=4096)
def _gabarit_de_l_explication(
    bareme: Bareme,
    detail: tuple[ElementDeCharge, ...],
    total: int,
    ligne: int,
    obtenu: str | None,
) -> tuple[str, ...]:
    etapes = explication(_REVENU, bareme, detail, total, ligne, obtenu)
    return tuple(f"[{','.join(map(_etape_json, etapes))}]".split(_chaine_json(_REVENU)[1:-1]))


@lru_cache(maxsize=4096)
def _etape_json(etape: Etape) -> str:
    """Une étape en JSON ; celles qui ne citent pas le revenu reviennent souvent : en cache."""
    return f'{{"texte":{_chaine_json(etape.texte)},"reference":{_chaine_json(etape.reference)}}}'


@lru_cache(maxsize=256)
def _avertissements_json(avertissements: tuple[Avertissement, ...]) -> str:
    return _ENCODEUR.encode([{"code": a.code, "message": a.message} for a in avertissements])


def _element_en_dict(e: ElementDeCharge) -> dict[str, Any]:
    return {"regle": e.regle, "points": e.points, "libelle": e.libelle, "reference": e.reference}


def erreurs_en_dict(erreurs: list[ErreurDeSaisie]) -> dict[str, Any]:
    """Les erreurs de saisie sous la forme de l'interface JSON."""
    return {"erreurs": [{"champ": e.champ, "message": e.message} for e in erreurs]}


MODULES_CHARGES_A_LA_DEMANDE = (
    "aides",
    "blocs",
    "eligibilite",
    "pieces",
    "ressources",
    "versement",
)
"""Les modules que ce module n'importe qu'à la première demande qui en a besoin (ci-dessous) ;
`navigateur.prechauffer()` les charge d'avance. Un import différé de plus va dans cette liste."""


def blocs_en_dict(estimation: Estimation, complements: Complements) -> dict[str, Any]:
    """Les blocs de sortie facultatifs, un par bloc d'entrée présent, dans l'ordre de
    l'interface : `eligibilite`, `ressources`, `versement`, `outre_mer`, `aides` ; puis
    `pieces_a_fournir`, les pièces à préparer pour le DSE, dès qu'un bloc est présent."""
    from .aides import aides
    from .eligibilite import eligibilite
    from .pieces import pieces_a_fournir
    from .ressources import ressources
    from .versement import majoration_outre_mer, versement

    b, s, c = estimation.bareme, estimation.situation, complements
    sortie: dict[str, Any] = {}
    bilan = None
    if c.eligibilite is not None:
        bilan = eligibilite(c.eligibilite, s.handicap, b)
        sortie["eligibilite"] = bilan.en_dict()
    if c.ressources is not None:
        sortie["ressources"] = ressources(c.ressources, b).en_dict()
    mensualite = estimation.montant_mensuel
    if c.versement is not None:
        v = versement(c.versement, estimation.echelon, b)
        sortie["versement"] = v.en_dict()
        mensualite = v.montant_mensuel_applicable
    if c.outre_mer is not None:
        sortie["outre_mer"] = majoration_outre_mer(
            c.outre_mer.lieu_des_etudes, estimation.echelon, mensualite, b
        ).en_dict()
    if c.aides is not None:
        etablissement = c.eligibilite.etablissement if c.eligibilite is not None else None
        sortie["aides"] = [
            aide.en_dict() for aide in aides(c.aides, estimation.echelon, etablissement, b, bilan)
        ]
    sortie["pieces_a_fournir"] = pieces_a_fournir(
        s, c, sortie.get("eligibilite"), sortie.get("ressources")
    )
    return sortie


def _a_des_blocs(entree: Any) -> bool:
    """L'entrée porte-t-elle au moins un bloc facultatif (un bloc `null` compte pour absent) ?"""
    return isinstance(entree, dict) and any(
        entree.get(nom) is not None for nom in BLOCS_FACULTATIFS
    )


def _est_un_echelon_connu(entree: Any) -> bool:
    """La seconde forme d'entrée (montant depuis un échelon connu) se reconnaît à `echelon`."""
    return isinstance(entree, dict) and "echelon" in entree


def lire_entree(
    entree: Any, baremes: Mapping[str, Bareme]
) -> tuple[Situation | None, Complements, list[ErreurDeSaisie]]:
    """La situation et ses blocs facultatifs, ou None et toutes les erreurs (situation puis
    blocs)."""
    from .blocs import Complements, lire_complements

    situation, erreurs = lire_situation(entree, baremes)
    if not _a_des_blocs(entree):
        return situation, Complements(), erreurs
    annee = entree.get("annee_universitaire", None) or max(baremes)
    rentree = (
        baremes[annee].annee_de_rentree if isinstance(annee, str) and annee in baremes else None
    )
    complements, erreurs_des_blocs = lire_complements(entree, rentree)
    erreurs = [*erreurs, *erreurs_des_blocs]
    return (None if erreurs else situation), complements, erreurs


def calculer(
    entree: Any,
    baremes: Mapping[str, Bareme],
    *,
    presentation: bool = False,
    distance_lue: bool = True,
) -> tuple[bool, dict[str, Any]]:
    """Estime la bourse pour un objet d'entrée déjà décodé. Renvoie (valide, objet de sortie) ;
    avec `presentation`, le résultat finit par ce que la page en montre, déjà écrit
    (`presentation.presenter`, docs/interface.md), qui redit la distance si elle a été lue
    (`distance_lue` : False pour la borne basse d'une tranche choisie)."""
    if _est_un_echelon_connu(entree):
        return calculer_montant(entree, baremes)
    situation, complements, erreurs = lire_entree(entree, baremes)
    if situation is None:
        return False, erreurs_en_dict(erreurs)
    estimation = estimer(situation, baremes[situation.annee_universitaire])
    resultat = resultat_en_dict(estimation)
    if not complements.vide:
        resultat.update(blocs_en_dict(estimation, complements))
    if presentation:
        from .presentation import presenter

        resultat["presentation"] = presenter(
            resultat,
            estimation.bareme,
            situation,
            distance_lue=distance_lue,
            reponses=_reponses(entree),
        )
    return True, resultat


def _avec_presentation(
    sortie: str,
    resultat: dict[str, Any],
    estimation: Estimation,
    entree: dict[str, Any] | None = None,
) -> str:
    """Le texte JSON d'un résultat, suivi de sa présentation (la même que celle de `calculer`) ;
    `entree` : l'objet d'entrée, dont les blocs facultatifs sont redits au récapitulatif."""
    from .presentation import presenter

    p = presenter(resultat, estimation.bareme, estimation.situation, reponses=_reponses(entree))
    return f'{sortie[:-1]},"presentation":{encoder(p)}}}'


def _reponses(entree: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Les blocs facultatifs présents dans une entrée déjà lue (les réponses aux étapes)."""
    entree = entree or {}
    return {b: entree[b] for b in BLOCS_FACULTATIFS if isinstance(entree.get(b), dict)}


def calculer_saisie(objet: Any, baremes: Mapping[str, Bareme]) -> dict[str, Any]:
    """Estime la bourse pour les textes du formulaire ou d'un lien de partage :
    `{"saisie": {cle: texte}, "origine": "formulaire" | "lien", "distance_en_tranche"?: true}`
    (docs/interface.md, « estimer_saisie »). Chaque texte est lu par le lecteur de son champ
    (`saisie.lire_saisie`), puis l'entrée lue est estimée comme par `calculer`, avec la
    présentation.

    Renvoie `{"valide": true, "resultat", "entree", "fragment"}` ; ou `{"valide": false,
    "erreurs", "incomplet"}`, sans aucune estimation, si un texte est illisible, une valeur
    impossible, ou si le lien est incomplet (une clé obligatoire y manque : rien n'est deviné).
    """
    from .saisie import avertissement_du_revenu, entree_en_json, fragment, lire_saisie

    entree, erreurs, incomplet = lire_saisie(objet)
    if entree is not None:
        tranche = objet.get("distance_en_tranche") is True
        valide, resultat = calculer(entree, baremes, presentation=True, distance_lue=not tranche)
        if not valide:
            erreurs = [ErreurDeSaisie(e["champ"], e["message"]) for e in resultat["erreurs"]]
    if erreurs or entree is None:
        return {"valide": False, **erreurs_en_dict(erreurs), "incomplet": incomplet}
    texte_du_revenu = objet["saisie"]["revenu_brut_global"]
    avertissement = avertissement_du_revenu(texte_du_revenu, entree["revenu_brut_global"])
    if avertissement is not None:
        resultat["avertissements"].insert(0, avertissement)
    entree = {"annee_universitaire": resultat["annee_universitaire"], **entree}
    return {
        "valide": True,
        "resultat": resultat,
        "entree": entree_en_json(entree),
        "fragment": fragment(entree),
    }


def calculer_montant(entree: Any, baremes: Mapping[str, Bareme]) -> tuple[bool, dict[str, Any]]:
    """Le montant exact d'un échelon connu : `{"annee_universitaire"?, "echelon",
    "duree_versement"}` (notification, API « statut étudiant boursier » du Cnous) ; l'objet de
    sortie finit par sa carte, déjà écrite (`presentation`)."""
    from .blocs import lire_montant_connu
    from .presentation import carte_du_montant_connu
    from .versement import avertissements_du_montant, montant_connu

    if not isinstance(entree, dict):
        return False, erreurs_en_dict(
            [ErreurDeSaisie(None, 'L\'entrée doit être un objet JSON : { "echelon": … }.')]
        )
    lu, erreurs = lire_montant_connu(entree, list(baremes))
    if lu is None:
        return False, erreurs_en_dict(erreurs)
    bareme = baremes[lu.annee_universitaire]
    montant = montant_connu(lu.echelon, lu.duree_versement, bareme)
    objet = {
        "annee_universitaire": bareme.annee_universitaire,
        "statut_bareme": bareme.statut,
        "echelon": montant.echelon,
        "duree_versement": montant.duree_versement,
        "montant_annuel": montant.montant_annuel,
        "montant_mensuel": _nombre_json(montant.montant_mensuel),
        "raison": montant.raison,
        "reference": "arrete_taux",
        "fiabilite": montant.fiabilite,
        "avertissements": avertissements_du_montant(bareme, montant.fiabilite),
    }
    objet["presentation"] = {"carte": carte_du_montant_connu(objet)}
    return True, objet


def montant_depuis_echelon(
    annee_universitaire: str | None,
    echelon: str | int,
    duree_versement: int,
    baremes: Mapping[str, Bareme],
) -> tuple[bool, dict[str, Any]]:
    """Le montant exact d'un échelon connu pour une année (None : la dernière des données) et
    une durée de versement de 10 ou 12 mois. Renvoie (valide, objet de sortie)."""
    entree: dict[str, Any] = {"echelon": echelon, "duree_versement": duree_versement}
    if annee_universitaire is not None:
        entree["annee_universitaire"] = annee_universitaire
    return calculer_montant(entree, baremes)


PROFONDEUR_MAXIMALE = 10
"""Au-delà de dix objets ou tableaux imbriqués, l'entrée est refusée (« trop imbriquée »), avant
que Python ne s'y perde : une situation est un objet dont seuls les blocs facultatifs sont des
objets, de valeurs simples (profondeur 2)."""


class _ARelire(Exception):
    """Le décodage rapide a vu une constante (NaN, Infinity), une clé en double ou un entier
    trop long : le texte est relu en détail pour nommer les champs fautifs."""


def _signaler_constante(_nom: str) -> Any:
    raise _ARelire


def _objet_sans_doublon(paires: list[tuple[str, Any]]) -> dict[str, Any]:
    """Un objet JSON du décodage rapide ; une clé donnée deux fois le fait relire."""
    objet = dict(paires)
    if len(objet) != len(paires):
        raise _ARelire
    return objet


class _Constante(str):
    """`NaN`, `Infinity` ou `-Infinity`, lus tels quels par la relecture."""

    __slots__ = ()


class _EntierTropLong(str):
    """Les chiffres d'un entier que Python refuse de convertir (plus de 4 300 chiffres)."""

    __slots__ = ()


class _Paires(list):
    """Un objet JSON relu : toutes ses paires (clé, valeur), dans l'ordre, doublons compris."""

    __slots__ = ()


def _entier(chiffres: str) -> int | _EntierTropLong:
    try:
        return int(chiffres)
    except ValueError:
        return _EntierTropLong(chiffres)


_DECODEUR = json.JSONDecoder(
    parse_float=Decimal,
    parse_constant=_signaler_constante,
    object_pairs_hook=_objet_sans_doublon,
)
_RELECTEUR = json.JSONDecoder(
    parse_float=Decimal, parse_int=_entier, parse_constant=_Constante, object_pairs_hook=_Paires
)
_ENCODEUR = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)

_SUBSTITUT = re.compile("[\ud800-\udfff]")
"""Une moitié de paire UTF-16 seule : pas un caractère, et impossible à écrire en UTF-8."""


def decoder(texte: str) -> tuple[Any, list[ErreurDeSaisie]]:
    """Décode un texte JSON ; les nombres à virgule deviennent des Decimal exacts.

    Une marque d'ordre d'octets (BOM) en tête est ignorée. Sont des erreurs qui nomment le champ
    (`"cle"`, `"bloc.cle"`) : `NaN`, `Infinity` et `-Infinity`, une clé donnée deux fois, un
    entier trop long, une moitié de paire UTF-16 seule (`"\\ud800"`), plus de
    `PROFONDEUR_MAXIMALE` objets ou tableaux imbriqués. Chemin rapide : un seul décodage, dont
    les crochets (`object_pairs_hook`, `parse_constant`) ne font que signaler ces cas ; le texte
    n'est alors relu en détail (`_fautes`) que pour dire où ils sont.
    """
    texte = texte.removeprefix("\ufeff")
    try:
        entree = _DECODEUR.decode(texte)
    except json.JSONDecodeError as erreur:
        return None, [_erreur_de_syntaxe(texte, erreur)]
    except RecursionError:
        return None, [_trop_imbriquee(_chemin_trop_profond(texte) or [])]
    except (_ARelire, ValueError):
        return None, _fautes(texte) or [ErreurDeSaisie(None, "Entrée illisible.")]
    if (
        texte.count("{") + texte.count("[") > PROFONDEUR_MAXIMALE
        or "\\u" in texte
        or (not texte.isascii() and _SUBSTITUT.search(texte))
    ):
        fautes = _fautes(texte)
        if fautes:
            return None, fautes
    return entree, []


def _fautes(texte: str) -> list[ErreurDeSaisie]:
    """Ce qui ne va pas dans un texte JSON au-delà de sa syntaxe, chaque faute nommée par son
    champ ; la liste vide si rien."""
    if texte.count("{") + texte.count("[") > PROFONDEUR_MAXIMALE:
        chemin = _chemin_trop_profond(texte)
        if chemin is not None:
            return [_trop_imbriquee(chemin)]
    try:
        relu = _RELECTEUR.decode(texte)
    except json.JSONDecodeError as erreur:
        return [_erreur_de_syntaxe(texte, erreur)]
    except RecursionError:
        return [_trop_imbriquee([])]
    fautes: list[ErreurDeSaisie] = []
    _relever(relu, [], fautes)
    return list(dict.fromkeys(fautes))


def _relever(valeur: Any, chemin: list[str], fautes: list[ErreurDeSaisie]) -> None:
    """Les fautes d'une valeur relue et de tout ce qu'elle contient, dans l'ordre du texte ; une
    faute dans un tableau est rangée sous la clé du tableau. Profondeur déjà bornée."""
    if type(valeur) is _Paires:
        nombre = Counter(cle for cle, _ in valeur)
        for cle, sous_valeur in valeur:
            champ = [*chemin, _lisible(cle)]
            if _SUBSTITUT.search(cle):
                fautes.append(_substitut(chemin, cle))
            if nombre[cle] > 1:
                fautes.append(_doublon(champ, nombre[cle]))
            _relever(sous_valeur, champ, fautes)
    elif type(valeur) is list:
        for element in valeur:
            _relever(element, chemin, fautes)
    elif type(valeur) is _Constante:
        fautes.append(_constante(chemin, valeur))
    elif type(valeur) is _EntierTropLong:
        fautes.append(_entier_trop_long(chemin, valeur))
    elif type(valeur) is str and _SUBSTITUT.search(valeur):
        fautes.append(_substitut(chemin, valeur))


def _champ(chemin: list[str]) -> str | None:
    """Le champ d'une faute : « cle », « bloc.cle », ou None pour l'entrée entière."""
    return ".".join(chemin) or None


def _sujet(chemin: list[str]) -> str:
    return ".".join(chemin) or "Entrée"


def _lisible(texte: str) -> str:
    """Un texte de l'entrée, ses moitiés de paire UTF-16 seules écrites `\\udxxx`."""
    return texte.encode("utf-8", "backslashreplace").decode("utf-8")


def _constante(chemin: list[str], nom: str) -> ErreurDeSaisie:
    return ErreurDeSaisie(
        _champ(chemin),
        f"{_sujet(chemin)} : « {nom} » n'est pas une valeur JSON : un nombre s'écrit en chiffres "
        "et il est fini (ni NaN ni Infinity).",
    )


def _doublon(champ: list[str], fois: int) -> ErreurDeSaisie:
    combien = "deux fois" if fois == 2 else f"{fois} fois"
    return ErreurDeSaisie(
        _champ(champ), f"Clé « {_champ(champ)} » donnée {combien} : gardez-en une."
    )


def _entier_trop_long(chemin: list[str], chiffres: str) -> ErreurDeSaisie:
    return ErreurDeSaisie(
        _champ(chemin),
        f"{_sujet(chemin)} : nombre de {len(chiffres.lstrip('-'))} chiffres, trop long pour être "
        "lu : vérifiez la saisie.",
    )


def _substitut(chemin: list[str], texte: str) -> ErreurDeSaisie:
    isole = _lisible(_SUBSTITUT.findall(texte)[0])
    return ErreurDeSaisie(
        _champ(chemin),
        f"{_sujet(chemin)} : caractère « {isole} » invalide (une moitié de paire UTF-16, seule, "
        "n'est pas un caractère) : corrigez le texte.",
    )


def _trop_imbriquee(chemin: list[str]) -> ErreurDeSaisie:
    ou = f" (sous « {'.'.join(chemin)} »)" if chemin else ""
    return ErreurDeSaisie(
        _champ(chemin),
        f"Entrée trop imbriquée{ou} : un objet JSON plat est attendu, dont seuls les blocs "
        "facultatifs sont des objets, de valeurs simples.",
    )


_JETONS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}:]', re.DOTALL)
"""Ce qui compte pour la profondeur d'un texte JSON : chaînes (entières, ou jusqu'à la fin si
elles ne sont pas refermées), crochets, accolades, deux-points."""


def _chemin_trop_profond(texte: str) -> list[str] | None:
    """Les clés sous lesquelles le texte dépasse `PROFONDEUR_MAXIMALE` niveaux imbriqués (la
    liste vide : dès la racine), ou None s'il ne les dépasse pas. Lecture du texte seul, sans
    récursion : il peut être trop profond pour le décodeur."""
    ouverts: list[list[Any]] = []  # [est un objet, clé en cours] de chaque niveau ouvert
    chaine = '""'
    for jeton in _JETONS.finditer(texte):
        j = jeton.group()
        if j == "{" or j == "[":
            if len(ouverts) == PROFONDEUR_MAXIMALE:
                return [_cle(c) for objet, c in ouverts if objet and c is not None]
            ouverts.append([j == "{", None])
        elif j == "}" or j == "]":
            if ouverts:
                ouverts.pop()
        elif j == ":":
            if ouverts and ouverts[-1][0]:
                ouverts[-1][1] = chaine
        else:
            chaine = j
    return None


def _cle(chaine: str) -> str:
    """Une clé JSON écrite entre guillemets, lue (ou telle quelle si elle est mal écrite)."""
    try:
        return _lisible(json.loads(chaine))
    except ValueError:
        return chaine.strip('"')


_SYNTAXE = (
    (
        "Expecting value",
        "une valeur est attendue (nombre, texte entre guillemets, true, false, "
        "null, objet ou tableau)",
    ),
    (
        "Expecting property name enclosed in double quotes",
        "un nom de clé entre guillemets doubles est attendu (ou une virgule est en trop)",
    ),
    ("Expecting ':' delimiter", "« : » est attendu après le nom de la clé"),
    ("Expecting ',' delimiter", "une virgule est attendue entre deux valeurs"),
    ("Unterminated string", "un texte entre guillemets n'est pas refermé"),
    (
        "Invalid control character",
        "caractère de contrôle dans un texte entre guillemets (écrivez \\n, \\t…)",
    ),
    ("Invalid \\escape", "échappement « \\ » invalide dans un texte entre guillemets"),
    ("Invalid \\uXXXX escape", "échappement « \\uXXXX » invalide"),
    (
        "Extra data",
        "autre chose suit la valeur JSON (une seule est attendue, une par ligne en --jsonl)",
    ),
    ("Illegal trailing comma", "une virgule est en trop avant la fin"),
)
"""Les messages du module `json` (en anglais), par leur début, et ce que l'entrée en dit."""


def _erreur_de_syntaxe(texte: str, erreur: json.JSONDecodeError) -> ErreurDeSaisie:
    """Une erreur de syntaxe JSON en français, avec sa ligne et sa colonne."""
    if not texte.strip():
        return ErreurDeSaisie(None, "Entrée vide : un objet JSON est attendu.")
    raison = next(
        (francais for anglais, francais in _SYNTAXE if erreur.msg.startswith(anglais)),
        "syntaxe invalide",
    )
    return ErreurDeSaisie(
        None,
        f"Entrée illisible : JSON invalide ligne {erreur.lineno}, colonne {erreur.colno} : "
        f"{raison}.",
    )


def encoder(objet: dict[str, Any]) -> str:
    """Encode un objet de sortie en JSON sur une ligne (UTF-8 lisible, clés dans l'ordre)."""
    return _ENCODEUR.encode(objet)


def calculer_json(
    texte: str, baremes: Mapping[str, Bareme], *, presentation: bool = False
) -> tuple[bool, str]:
    """Estime la bourse pour un texte JSON. Renvoie (valide, texte JSON de sortie).

    Sans bloc facultatif ni `echelon`, chemin rapide : `resultat_en_json`, sans autre contrôle
    que celui de la situation. Avec des blocs, les blocs de sortie sont encodés à part et
    ajoutés à la fin de l'objet (même objet, même ordre que `calculer`), puis, avec
    `presentation` (la page du navigateur), la présentation."""
    entree, erreurs = decoder(texte)
    if erreurs:
        return False, encoder(erreurs_en_dict(erreurs))
    if type(entree) is dict and not _CLES_DES_AUTRES_FORMES.isdisjoint(entree):
        return _calculer_json_autres_formes(entree, baremes, presentation)
    situation, erreurs = lire_situation(entree, baremes)
    if situation is None:
        return False, encoder(erreurs_en_dict(erreurs))
    estimation = estimer(situation, baremes[situation.annee_universitaire])
    sortie = resultat_en_json(estimation)
    if presentation:
        return True, _avec_presentation(sortie, resultat_en_dict(estimation), estimation)
    return True, sortie


_CLES_DES_AUTRES_FORMES = frozenset((*BLOCS_FACULTATIFS, "echelon"))
"""Une entrée sans aucune de ces clés prend le chemin rapide de `calculer_json`."""


def _calculer_json_autres_formes(
    entree: dict[str, Any], baremes: Mapping[str, Bareme], presentation: bool
) -> tuple[bool, str]:
    """Un échelon connu, ou une situation avec des blocs facultatifs (éventuellement `null`)."""
    if _est_un_echelon_connu(entree):
        valide, objet = calculer_montant(entree, baremes)
        return valide, encoder(objet)
    situation, complements, erreurs = lire_entree(entree, baremes)
    if situation is None:
        return False, encoder(erreurs_en_dict(erreurs))
    estimation = estimer(situation, baremes[situation.annee_universitaire])
    sortie = resultat_en_json(estimation)
    blocs = {} if complements.vide else blocs_en_dict(estimation, complements)
    if blocs:
        sortie = f"{sortie[:-1]},{encoder(blocs)[1:]}"
    if presentation:
        resultat = {**resultat_en_dict(estimation), **blocs}
        return True, _avec_presentation(sortie, resultat, estimation, entree)
    return True, sortie
