"""Les contrôles d'un barème qu'un schéma ne sait pas dire : une petite fonction par contrôle.

La forme d'un barème (clés, types, valeurs permises, motifs, bornes) n'est dite qu'à un endroit,
`barèmes/schema.json`, que la construction applique et dit en français (`construction/schema.py`).
Ce module ajoute le reste, dans l'ordre de la table `CONTROLES` :
- la cohérence entre valeurs : année et nom du fichier, statut et `fonde_sur`, sources définies,
  revenus N-2 et N-1, dates du dossier social étudiant, durées du séjour à l'étranger ;
- l'ordre des tableaux : plafonds décroissants quand l'échelon monte et croissants avec les
  points de charge, montants croissants, taux sur 12 mois = 1,2 × taux sur 10 mois, paliers ;
- les coquilles : une case qui respecte l'ordre du tableau mais s'écarte de la progression
  régulière de sa colonne (voir `cases_suspectes`), un texte d'attente, une note de copie.

Chaque problème porte le chemin de la valeur en cause (par exemple `("plafonds", "lignes", 4, 3)`) :
la construction le traduit en fichier, ligne et colonne. Un contrôle ne juge que les valeurs bien
formées : ce qui ne l'est pas, le schéma l'a déjà dit.
"""

from __future__ import annotations

import difflib
import itertools
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .bareme import COLONNES_MONTANTS, ECHELONS, NOMBRE_DE_LIGNES_DU_TABLEAU
from .format import euros

Chemin = tuple[str | int, ...]
Signaler = Callable[[Chemin, str], None]

TOLERANCE_PROGRESSION = Decimal("0.05")
"""Écart toléré entre une case et la progression régulière de sa colonne, en part de l'écart
moyen entre deux lignes. Les tableaux officiels restent sous 1,2 % (arrondis) ; une faute de
frappe sur un chiffre significatif ou une valeur recopiée d'une case voisine dépasse 15 %."""

TEXTES_DE_CHANTIER = re.compile(
    r"compl[ée]ter|pas encore parus?|non encore publi[ée]|ajouter date, lien et nor|\bTODO\b",
    re.IGNORECASE,
)
"""Ce qu'un éditeur écrit en attendant un texte, et qu'aucun étudiant ne doit lire (refusé dans
les valeurs d'un barème ici, et dans tout fichier du site par construction/chantier.py)."""

MOTIF_ANNEE = re.compile(r"^(\d{4})-(\d{4})$")
MOTIF_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DUREES_DE_SEJOUR = ("duree_minimale_mois", "duree_maximale_mois")
"""Les deux durées du séjour à l'étranger que l'aide à la mobilité internationale exige, en
mois consécutifs."""

NOTES_DE_COPIE = (
    "valeurs copiées du barème",
    "en attendant l'arrêté",
    "pas encore relu par le projet",
)
"""Les notes qu'écrit `build.py nouvelle-annee` (en minuscules), aujourd'hui ou dans ses versions
précédentes : un barème publié les remplace par ce que l'éditeur a lu."""

BLOCS_DOCUMENTES = (
    "revenus_pris_en_compte",
    "plafonds",
    "montants",
    "points_de_charge",
    "dossier_social_etudiant",
    "age_limite",
    "aides_liees",
)
"""Les blocs qui citent leur texte (`reference`) et leurs sources ; ceux de `BLOCS_A_SOUS_BLOCS`
le font aussi pour chacun de leurs sous-blocs (une règle de points, une aide)."""

BLOCS_A_SOUS_BLOCS = ("points_de_charge", "aides_liees")


@dataclass(frozen=True)
class Probleme:
    """Un problème dans un fichier de barème."""

    chemin: Chemin
    message: str

    @property
    def lieu(self) -> str:
        """Le chemin de la valeur, en mots (« plafonds, ligne 4 points de charge, échelon 3 »)."""
        return decrire_chemin(self.chemin)

    def __str__(self) -> str:
        return f"{self.lieu} : {self.message}" if self.chemin else self.message


def decrire_chemin(chemin: Chemin) -> str:
    """Décrit un chemin dans le fichier comme un éditeur le lit dans le tableau de l'arrêté."""
    if len(chemin) >= 3 and chemin[:2] == ("plafonds", "lignes"):
        texte = f"plafonds, {chemin[2]} points de charge"
        if len(chemin) >= 4 and isinstance(chemin[3], int) and 0 <= chemin[3] < len(ECHELONS):
            texte += f", échelon {ECHELONS[chemin[3]]}"
        return texte
    if len(chemin) >= 3 and chemin[:2] == ("montants", "lignes"):
        texte = f"montants, échelon {chemin[2]}"
        if len(chemin) >= 4 and isinstance(chemin[3], int) and 0 <= chemin[3] < 2:
            texte += f", colonne {COLONNES_MONTANTS[chemin[3]]}"
        return texte
    return " › ".join(str(partie) for partie in chemin)


def citer(valeur: Any) -> str:
    """La valeur telle que l'éditeur l'a écrite, pour la citer dans un message."""
    if valeur is None:
        return "une valeur vide"
    if isinstance(valeur, bool):
        return "« true »" if valeur else "« false »"
    if isinstance(valeur, dict):
        return "un bloc de clés"
    if isinstance(valeur, list):
        return "une liste"
    return f"« {valeur} »"


def _est_entier(valeur: Any) -> bool:
    return isinstance(valeur, int) and not isinstance(valeur, bool)


def arrondi_a_l_euro(valeur: Decimal) -> int:
    """Arrondi à l'euro le plus proche, la moitié vers le haut (1 744,8 → 1 745 ; 0,5 → 1)."""
    return int(valeur.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def taux_sur_12_mois_attendu(taux_sur_10_mois: int) -> int:
    """12 mensualités égales à celles des 10 mois : 1,2 × le taux annuel, arrondi à l'euro.

    Règle observée sur les 40 taux lus de 2020-2021 à 2025-2026 (voir la référence du projet,
    regles-bcs.md § 2.1) ; l'arrêté « taux » donne les deux colonnes.
    """
    return arrondi_a_l_euro(Decimal(taux_sur_10_mois) * Decimal("1.2"))


def cases_suspectes(colonne: list[int]) -> list[tuple[int, int]]:
    """Les cases d'une colonne de plafonds qui s'écartent de sa progression régulière.

    Dans chaque colonne des arrêtés, le plafond croît d'un montant presque constant d'une ligne
    à l'autre (à l'arrondi près). On ajuste une droite robuste (pente de Theil-Sen : médiane des
    pentes entre toutes les paires de lignes), que une ou deux cases fausses ne déplacent pas, et
    on signale chaque case dont l'écart à la droite dépasse TOLERANCE_PROGRESSION fois la pente.
    Renvoie (indice de ligne, valeur attendue arrondie) pour chaque case suspecte.
    """
    n = len(colonne)
    pentes = [Decimal(colonne[j] - colonne[i]) / (j - i) for i in range(n) for j in range(i + 1, n)]
    if not pentes:
        return []
    pente = statistics.median(pentes)
    if pente <= 0:
        return []
    origine = statistics.median(Decimal(y) - pente * x for x, y in enumerate(colonne))
    tolerance = TOLERANCE_PROGRESSION * pente
    suspectes = []
    for x, y in enumerate(colonne):
        attendu = origine + pente * x
        if abs(Decimal(y) - attendu) > tolerance:
            suspectes.append((x, arrondi_a_l_euro(attendu)))
    return suspectes


# La cohérence : une petite fonction par contrôle ---------------------------------------------


def _bloc(valeur: Any) -> dict[Any, Any]:
    """Un bloc du barème, ou un bloc vide si la valeur n'en est pas un (le schéma l'a dit)."""
    return valeur if isinstance(valeur, dict) else {}


def _textes(valeur: Any, chemin: Chemin = ()) -> Iterator[tuple[Chemin, str]]:
    """Chaque texte d'un fichier de barème, avec son chemin."""
    if isinstance(valeur, dict):
        for cle, sous_valeur in valeur.items():
            yield from _textes(sous_valeur, (*chemin, cle))
    elif isinstance(valeur, list):
        for i, sous_valeur in enumerate(valeur):
            yield from _textes(sous_valeur, (*chemin, i))
    elif isinstance(valeur, str):
        yield chemin, valeur


def _blocs_documentes(bareme: dict[str, Any]) -> Iterator[tuple[Chemin, dict[Any, Any]]]:
    """Chaque bloc et sous-bloc qui cite son texte et ses sources (voir `BLOCS_DOCUMENTES`)."""
    for cle in BLOCS_DOCUMENTES:
        bloc = bareme.get(cle)
        if not isinstance(bloc, dict):
            continue
        yield (cle,), bloc
        if cle in BLOCS_A_SOUS_BLOCS:
            for sous_cle, sous_bloc in bloc.items():
                if isinstance(sous_bloc, dict):
                    yield (cle, sous_cle), sous_bloc


def _dates(bareme: dict[str, Any]) -> Iterator[tuple[Chemin, Any]]:
    """Chaque date du barème : relecture, date des textes, ouverture et clôture du DSE."""
    if "derniere_verification" in bareme:
        yield ("derniere_verification",), bareme["derniere_verification"]
    for cle, reference in _bloc(bareme.get("references")).items():
        if "date" in _bloc(reference):
            yield ("references", cle, "date"), reference["date"]
    dse = _bloc(bareme.get("dossier_social_etudiant"))
    for cle in ("ouverture", "cloture"):
        if cle in dse:
            yield ("dossier_social_etudiant", cle), dse[cle]


def controle_annee_universitaire(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Une année universitaire va d'une année à la suivante : « 2025-2026 », pas « 2025-2027 »."""
    annee = bareme.get("annee_universitaire")
    trouve = MOTIF_ANNEE.match(annee) if isinstance(annee, str) else None
    if trouve and int(trouve[2]) != int(trouve[1]) + 1:
        signaler(
            ("annee_universitaire",),
            f"« {annee} » n'est pas une année universitaire : la seconde année doit suivre "
            "la première",
        )


def controle_nom_du_fichier(
    bareme: dict[str, Any], annee_du_fichier: str | None, signaler: Signaler
) -> None:
    """Le fichier annonce l'année de son nom, sous laquelle la construction range le barème."""
    annee = bareme.get("annee_universitaire")
    if (
        annee_du_fichier is not None
        and isinstance(annee, str)
        and MOTIF_ANNEE.match(annee)
        and annee != annee_du_fichier
    ):
        signaler(
            ("annee_universitaire",),
            f"le fichier annonce l'année {annee}, mais son nom est celui de l'année "
            f"{annee_du_fichier} : renommez le fichier ou corrigez l'année",
        )


def controle_fonde_sur(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Un barème provisoire dit l'année antérieure qu'il reprend (`fonde_sur`) ; un publié, non."""
    fonde_sur, annee = bareme.get("fonde_sur"), bareme.get("annee_universitaire")
    if bareme.get("statut") != "provisoire":
        if fonde_sur is not None:
            signaler(
                ("fonde_sur",),
                "seul un barème provisoire reprend les valeurs d'une autre année : retirez "
                "cette clé une fois les arrêtés publiés (statut: publie)",
            )
    elif fonde_sur is None:
        signaler(
            ("statut",),
            "un barème provisoire indique l'année dont il reprend les valeurs : "
            'ajoutez « fonde_sur: "AAAA-AAAA" »',
        )
    elif (
        isinstance(fonde_sur, str)
        and MOTIF_ANNEE.match(fonde_sur)
        and isinstance(annee, str)
        and fonde_sur >= annee
    ):
        signaler(("fonde_sur",), f"« {fonde_sur} » doit précéder {annee}")


def controle_textes_de_chantier(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Aucune valeur ne garde un texte d'attente (« À COMPLÉTER ») : une page l'afficherait."""
    publie = bareme.get("statut") == "publie"
    if publie:
        conseil = "complétez-le d'après le texte officiel, ou laissez le barème provisoire"
    else:
        conseil = (
            "les étudiants le liraient : écrivez ce que l'on sait (ou null), et gardez "
            "« À COMPLÉTER » pour un commentaire (après #)"
        )
    statut = "dans un barème publié" if publie else "dans une valeur"
    for chemin, texte in _textes(bareme):
        trouve = TEXTES_DE_CHANTIER.search(texte)
        if trouve is not None:
            signaler(chemin, f"texte encore « {trouve.group(0)} » {statut} : {conseil}")


def controle_notes_de_copie(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Un barème publié ne garde ni note ni intitulé de copie de `nouvelle-annee`."""
    textes = list(_textes(bareme))
    if bareme.get("statut") != "publie" or any(TEXTES_DE_CHANTIER.search(t) for _, t in textes):
        return
    for chemin, texte in textes:
        courant = texte.casefold().replace("’", "'")
        if not any(note in courant for note in NOTES_DE_COPIE):
            continue
        if chemin[-1:] == ("note",):
            signaler(
                chemin,
                "note de copie du barème provisoire dans un barème publié : remplacez-la par "
                "ce que vous avez lu, ou supprimez-la",
            )
        elif chemin[-1:] == ("titre",):
            signaler(
                chemin,
                "intitulé du barème provisoire dans un barème publié : écrivez l'intitulé "
                "exact du texte, tel que le Journal officiel le donne",
            )


def controle_date_de_relecture(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Un barème publié dit le jour de sa dernière relecture ; seul un provisoire la laisse vide."""
    if (
        bareme.get("statut") == "publie"
        and "derniere_verification" in bareme
        and bareme["derniere_verification"] is None
    ):
        signaler(
            ("derniere_verification",),
            "un barème publié indique la date de sa dernière vérification complète, au format "
            '"AAAA-MM-JJ"',
        )


def controle_dates_du_calendrier(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Une date bien écrite existe : « 2026-02-30 » n'a que la forme d'une date."""
    for chemin, valeur in _dates(bareme):
        if isinstance(valeur, str) and MOTIF_DATE.match(valeur):
            try:
                date.fromisoformat(valeur)
            except ValueError:
                signaler(chemin, f"la date « {valeur} » n'existe pas")


def controle_textes_officiels_situes(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Un texte officiel se retrouve : un lien, un NOR, ou une note qui dit pourquoi aucun."""
    for cle, reference in _bloc(bareme.get("references")).items():
        if (
            isinstance(reference, dict)
            and reference.get("nature") == "texte_officiel"
            and not any(reference.get(champ) for champ in ("lien", "nor", "note"))
        ):
            signaler(
                ("references", cle),
                "un texte officiel a un lien Légifrance (ou du Bulletin officiel) ou un NOR ; "
                "s'il est introuvable, dites-le dans une « note »",
            )


def controle_nor_uniques(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Deux textes différents n'ont jamais le même NOR : un NOR répété est un copier-coller."""
    vus: dict[str, Any] = {}
    for cle, reference in _bloc(bareme.get("references")).items():
        nor = _bloc(reference).get("nor")
        if isinstance(nor, str) and nor in vus:
            signaler(
                ("references", cle, "nor"),
                f"le NOR « {nor} » est déjà celui de « {vus[nor]} » : deux textes n'ont "
                "jamais le même NOR (copier-coller ?)",
            )
        elif isinstance(nor, str):
            vus[nor] = cle


def _source_definie(cle: str, chemin: Chemin, connues: list[str], signaler: Signaler) -> None:
    if cle not in connues:
        message = f"la source « {cle} » n'est pas définie dans « references »"
        proches = difflib.get_close_matches(cle, connues, n=1)
        if proches:
            message += f" : vouliez-vous écrire « {proches[0]} » ?"
        signaler(chemin, message)


def controle_sources_definies(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Chaque `reference` et chaque source citée est une clé de `references` (coquille ?)."""
    references = bareme.get("references")
    if not isinstance(references, dict) or not references:
        return  # pas de références du tout : le schéma l'a dit, une fois
    connues = sorted(cle for cle in references if isinstance(cle, str))
    for chemin, bloc in _blocs_documentes(bareme):
        if isinstance(bloc.get("reference"), str):
            _source_definie(bloc["reference"], (*chemin, "reference"), connues, signaler)
        sources = bloc.get("sources")
        for i, cle in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(cle, str):
                _source_definie(cle, (*chemin, "sources", i), connues, signaler)


def controle_sources_citees(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Une valeur lue dit où elle l'a été : `sources: []` ne va qu'avec `deduit` ou `inconnu`."""
    for chemin, bloc in _blocs_documentes(bareme):
        if bloc.get("sources") == [] and bloc.get("fiabilite") not in ("deduit", "inconnu"):
            signaler(
                (*chemin, "sources"),
                "aucune source : indiquez où la valeur a été lue, ou marquez-la « deduit »",
            )


def controle_annees_des_revenus(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Rentrée N : revenus de l'année N-2, de l'avis d'imposition reçu en N-1 (circulaire)."""
    annee = bareme.get("annee_universitaire")
    if not (isinstance(annee, str) and MOTIF_ANNEE.match(annee)):
        return
    rentree = int(annee[:4])
    revenus = _bloc(bareme.get("revenus_pris_en_compte"))
    for cle, ecart, regle in (
        ("annee_des_revenus", 2, "les revenus de l'année N-2"),
        ("annee_de_l_avis_d_imposition", 1, "l'avis d'imposition reçu en N-1"),
    ):
        valeur = revenus.get(cle)
        if _est_entier(valeur) and valeur != rentree - ecart:
            signaler(
                ("revenus_pris_en_compte", cle),
                f"{valeur} ne suit pas la règle : pour la rentrée {rentree}, on retient "
                f"{regle}, soit {rentree - ecart}",
            )


def _tableau_des_plafonds(bareme: dict[str, Any]) -> dict[int, list[int]]:
    """Les lignes bien formées du tableau des plafonds (8 entiers positifs), par nombre de
    points de charge."""
    numeros = {str(points): points for points in range(NOMBRE_DE_LIGNES_DU_TABLEAU)}
    tableau = {}
    for cle, ligne in _bloc(_bloc(bareme.get("plafonds")).get("lignes")).items():
        points = numeros.get(str(cle)) if isinstance(cle, str) or _est_entier(cle) else None
        if (
            points is not None
            and isinstance(ligne, list)
            and len(ligne) == len(ECHELONS)
            and all(_est_entier(valeur) and valeur >= 0 for valeur in ligne)
        ):
            tableau[points] = ligne
    return tableau


def controle_ordre_des_plafonds(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Le plafond baisse quand l'échelon monte et monte avec les points (arrêté « plafonds »)."""
    tableau = _tableau_des_plafonds(bareme)
    for points, ligne in sorted(tableau.items()):
        for i in range(1, len(ECHELONS)):
            if ligne[i] >= ligne[i - 1]:
                signaler(
                    ("plafonds", "lignes", points, i),
                    f"{euros(ligne[i])} n'est pas inférieur au plafond de l'échelon "
                    f"{ECHELONS[i - 1]} ({euros(ligne[i - 1])}) : sur une ligne, le plafond "
                    "baisse quand l'échelon monte",
                )
        precedente = tableau.get(points - 1, ())
        for i, plafond_precedent in enumerate(precedente):
            if ligne[i] <= plafond_precedent:
                signaler(
                    ("plafonds", "lignes", points, i),
                    f"{euros(ligne[i])} n'est pas supérieur au plafond de la ligne "
                    f"« {points - 1} points de charge » ({euros(plafond_precedent)}) : dans une "
                    "colonne, le plafond monte avec les points de charge",
                )


def controle_coquilles_des_plafonds(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Une case hors de la progression régulière de sa colonne est une coquille probable."""
    tableau = _tableau_des_plafonds(bareme)
    if len(tableau) != NOMBRE_DE_LIGNES_DU_TABLEAU:
        return
    for i, echelon in enumerate(ECHELONS):
        colonne = [tableau[p][i] for p in range(NOMBRE_DE_LIGNES_DU_TABLEAU)]
        for points, attendu in cases_suspectes(colonne):
            signaler(
                ("plafonds", "lignes", points, i),
                f"{euros(colonne[points])} s'écarte de la progression régulière de la colonne "
                f"de l'échelon {echelon} (environ {euros(attendu)} attendus) : vérifiez cette "
                "case dans l'annexe de l'arrêté (chiffre mal recopié, ou valeur d'une case "
                "voisine ?)",
            )


def controle_echelons_entre_guillemets(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Un échelon s'écrit "1" : sans guillemets, YAML lit un nombre que le schéma ne voit pas."""
    for cle in _bloc(_bloc(bareme.get("montants")).get("lignes")):
        if not isinstance(cle, str) and str(cle) in ECHELONS:
            signaler(
                ("montants", "lignes", cle),
                f'échelon inconnu {citer(cle)} : écrivez "{cle}" entre guillemets',
            )


def _taux(bareme: dict[str, Any]) -> dict[str, list[int]]:
    """Les lignes bien formées du tableau des taux (deux entiers strictement positifs), dans
    l'ordre des échelons."""
    lignes = _bloc(_bloc(bareme.get("montants")).get("lignes"))
    return {
        echelon: lignes[echelon]
        for echelon in ECHELONS
        if isinstance(lignes.get(echelon), list)
        and len(lignes[echelon]) == len(COLONNES_MONTANTS)
        and all(_est_entier(valeur) and valeur > 0 for valeur in lignes[echelon])
    }


def controle_taux_sur_12_mois(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Taux sur 12 mois = 1,2 × taux sur 10 mois, à l'euro : 12 mensualités égales aux 10."""
    for echelon, (sur_10_mois, sur_12_mois) in _taux(bareme).items():
        attendu = taux_sur_12_mois_attendu(sur_10_mois)
        if sur_12_mois != attendu:
            signaler(
                ("montants", "lignes", echelon, 1),
                f"{euros(sur_12_mois)} devrait valoir 1,2 × {euros(sur_10_mois)} arrondi à "
                f"l'euro, soit {euros(attendu)} (12 mensualités égales à celles des 10 mois)",
            )


def controle_montants_croissants(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Dans chaque colonne de l'arrêté « taux », le montant monte avec l'échelon."""
    taux = _taux(bareme)
    for avant, apres in itertools.pairwise(taux):
        for j, colonne in enumerate(COLONNES_MONTANTS):
            if taux[apres][j] <= taux[avant][j]:
                signaler(
                    ("montants", "lignes", apres, j),
                    f"{euros(taux[apres][j])} n'est pas supérieur au taux de l'échelon {avant} "
                    f"({euros(taux[avant][j])}) dans la colonne {colonne} : le montant monte "
                    "avec l'échelon",
                )


def controle_paliers_croissants(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Les paliers d'éloignement vont par distance croissante, chacun donnant plus de points."""
    chemin: Chemin = ("points_de_charge", "eloignement", "paliers")
    paliers = _bloc(_bloc(bareme.get("points_de_charge")).get("eloignement")).get("paliers")
    cles = ("a_partir_de_km", "points")
    precedent: dict[Any, Any] = {}
    for i, palier in enumerate(paliers if isinstance(paliers, list) else []):
        palier = _bloc(palier)
        if all(_est_entier(p.get(cle)) for p in (palier, precedent) for cle in cles):
            if palier["a_partir_de_km"] <= precedent["a_partir_de_km"]:
                signaler(
                    (*chemin, i, "a_partir_de_km"),
                    "les paliers se suivent par distance croissante",
                )
            if palier["points"] <= precedent["points"]:
                signaler(
                    (*chemin, i, "points"),
                    "un palier plus éloigné donne plus de points que le précédent",
                )
        precedent = palier


def controle_dates_du_dse(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Le DSE a ses deux dates, la clôture après l'ouverture, ou aucune et une note qui le dit."""
    chemin: Chemin = ("dossier_social_etudiant",)
    dse = bareme.get("dossier_social_etudiant")
    if not isinstance(dse, dict):
        return
    ouverture, cloture = dse.get("ouverture"), dse.get("cloture")
    if (ouverture is None) != (cloture is None):
        signaler(chemin, "indiquez les deux dates (ouverture et clôture), ou aucune")
    if (ouverture is None or cloture is None) and not dse.get("note"):
        signaler(chemin, "dates inconnues : expliquez-le dans une « note »")
    if (
        isinstance(ouverture, str)
        and isinstance(cloture, str)
        and MOTIF_DATE.match(ouverture)
        and MOTIF_DATE.match(cloture)
        and ouverture >= cloture
    ):
        signaler((*chemin, "cloture"), "la clôture doit suivre l'ouverture")


def controle_certitude_des_dates_du_dse(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Des dates du DSE indiquées ont été lues : leur certitude n'est pas « inconnu »."""
    dse = _bloc(bareme.get("dossier_social_etudiant"))
    if dse.get("ouverture") is not None and dse.get("fiabilite") == "inconnu":
        signaler(
            ("dossier_social_etudiant", "fiabilite"),
            "des dates sont indiquées, mais leur certitude est « inconnu » : citez dans "
            "« sources » la page où vous les avez lues, et passez à « lu »",
        )


def controle_durees_de_sejour(bareme: dict[str, Any], signaler: Signaler) -> None:
    """Aide à la mobilité internationale : durée minimale du séjour ≤ durée maximale."""
    aide = _bloc(_bloc(bareme.get("aides_liees")).get("aide_mobilite_internationale"))
    minimum, maximum = (aide.get(cle) for cle in DUREES_DE_SEJOUR)
    if _est_entier(minimum) and _est_entier(maximum) and minimum > maximum:
        signaler(
            ("aides_liees", "aide_mobilite_internationale", "duree_maximale_mois"),
            f"« duree_maximale_mois » ({maximum} mois) est plus courte que "
            f"« duree_minimale_mois » ({minimum} mois) : la durée maximale du séjour ne peut "
            "pas être inférieure à sa durée minimale (valeurs inversées ?)",
        )


CONTROLES: tuple[Callable[[dict[str, Any], Signaler], None], ...] = (
    controle_annee_universitaire,
    controle_fonde_sur,
    controle_textes_de_chantier,
    controle_notes_de_copie,
    controle_date_de_relecture,
    controle_dates_du_calendrier,
    controle_textes_officiels_situes,
    controle_nor_uniques,
    controle_sources_definies,
    controle_sources_citees,
    controle_annees_des_revenus,
    controle_ordre_des_plafonds,
    controle_coquilles_des_plafonds,
    controle_echelons_entre_guillemets,
    controle_taux_sur_12_mois,
    controle_montants_croissants,
    controle_paliers_croissants,
    controle_dates_du_dse,
    controle_certitude_des_dates_du_dse,
    controle_durees_de_sejour,
)
"""Les contrôles de cohérence, dans l'ordre où ils tournent ; `controle_nom_du_fichier`, qui a
besoin du nom du fichier, tourne après eux."""


def verifier_bareme(donnees: Any, annee_attendue: str | None = None) -> list[Probleme]:
    """Les problèmes de cohérence d'un fichier de barème (liste vide : tout va bien) ; sa forme,
    le schéma la contrôle (`construction/schema.py`).

    `annee_attendue` est l'année tirée du nom du fichier (« 2025-2026 » pour
    `barèmes/2025-2026.yaml`) : le fichier doit annoncer la même.
    """
    problemes: list[Probleme] = []

    def signaler(chemin: Chemin, message: str) -> None:
        problemes.append(Probleme(chemin, message))

    if isinstance(donnees, dict):
        for controle in CONTROLES:
            controle(donnees, signaler)
        controle_nom_du_fichier(donnees, annee_attendue, signaler)
    return problemes
