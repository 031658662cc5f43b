"""Vérification du contenu d'un fichier de barème, avec des messages qu'un éditeur comprend.

`verifier_bareme(donnees)` renvoie la liste des problèmes trouvés (vide si tout va bien). Chaque
problème porte le chemin de la valeur en cause (par exemple `("plafonds", "lignes", 4, 3)`) :
`build.py` le traduit en fichier, ligne et colonne.

Trois familles de contrôles :
- la forme : clés attendues, inconnues ou manquantes, types, dates « AAAA-MM-JJ » ;
- la cohérence : références définies, plafonds décroissants quand l'échelon monte et croissants
  avec les points de charge, montants croissants, taux sur 12 mois = 1,2 × taux sur 10 mois ;
- les coquilles : une case qui respecte l'ordre du tableau mais s'écarte de la progression
  régulière de sa colonne (voir `cases_suspectes`).
"""

from __future__ import annotations

import difflib
import itertools
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .bareme import (
    COLONNES_MONTANTS,
    ECHELONS,
    FIABILITES,
    NOMBRE_DE_LIGNES_DU_TABLEAU,
    STATUTS,
)
from .format import euros

Chemin = tuple[str | int, ...]

NATURES_DE_REFERENCE = {
    "texte_officiel": "arrêté, circulaire, décret ou loi",
    "site_officiel": "site du Cnous, d'un Crous, du ministère ou service-public.fr",
    "presse": "article de presse ou site privé",
    "code_source": "code d'un autre simulateur (OpenFisca)",
}

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
MOTIF_NOR = re.compile(r"^[A-Z]{4}\d{7}[A-Z]$")

DUREES_DE_SEJOUR = ("duree_minimale_mois", "duree_maximale_mois")
"""Les deux durées du séjour à l'étranger que l'aide à la mobilité internationale exige, en
mois consécutifs."""

DUREE_DE_SEJOUR_MAXIMALE_MOIS = 12
"""Une durée de séjour de l'aide à la mobilité internationale ne dépasse pas une année."""

DROITS_HORS_ARRETE = ("repas_a_un_euro", "aide_restauration_zones_blanches", "pass_sport")
"""Les droits ouverts aux boursiers que l'arrêté des taux ne fixe pas (sous-blocs facultatifs
de `aides_liees`) : chacun nomme son unité et son texte (`reference`, null s'il n'est pas
identifié), au lieu d'hériter de ceux du bloc."""

NOTES_DE_COPIE = (
    "valeurs copiées du barème",
    "en attendant l'arrêté",
    "pas encore relu par le projet",
)
"""Les notes qu'écrit `build.py nouvelle-annee` (en minuscules), aujourd'hui ou dans ses versions
précédentes : un barème publié les remplace par ce que l'éditeur a lu."""


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


def _nom(valeur: Any) -> str:
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


def _est_nombre(valeur: Any) -> bool:
    return isinstance(valeur, int | float) and not isinstance(valeur, bool)


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


def _textes(valeur: Any, chemin: Chemin) -> Iterator[tuple[Chemin, str]]:
    """Chaque texte d'un fichier de barème, avec son chemin."""
    if isinstance(valeur, dict):
        for cle, sous_valeur in valeur.items():
            yield from _textes(sous_valeur, (*chemin, cle))
    elif isinstance(valeur, list):
        for i, sous_valeur in enumerate(valeur):
            yield from _textes(sous_valeur, (*chemin, i))
    elif isinstance(valeur, str):
        yield chemin, valeur


class _Verificateur:
    """Parcourt un fichier de barème et note chaque problème, sans s'arrêter au premier."""

    def __init__(self, donnees: Any, annee_attendue: str | None) -> None:
        self.donnees = donnees
        self.annee_attendue = annee_attendue
        self.problemes: list[Probleme] = []
        self.references: set[str] = set()

    def signaler(self, chemin: Chemin, message: str) -> None:
        self.problemes.append(Probleme(chemin, message))

    # Forme ------------------------------------------------------------------------------------

    def cles(
        self,
        bloc: Any,
        chemin: Chemin,
        requises: tuple[str, ...],
        facultatives: tuple[str, ...] = (),
    ) -> bool:
        """Vérifie qu'un bloc a toutes ses clés requises et aucune clé inconnue."""
        nom = decrire_chemin(chemin) if chemin else "le fichier"
        if not isinstance(bloc, dict):
            self.signaler(chemin, f"un bloc de clés est attendu, {_nom(bloc)} trouvé")
            return False
        for cle in requises:
            if cle not in bloc:
                self.signaler(chemin, f"la clé « {cle} » manque dans {nom}")
        connues = requises + facultatives
        for cle in bloc:
            if cle not in connues:
                message = f"clé inconnue « {cle} » dans {nom}"
                proches = difflib.get_close_matches(str(cle), connues, n=1)
                if proches:
                    message += f" : vouliez-vous écrire « {proches[0]} » ?"
                else:
                    message += f" (clés possibles : {', '.join(connues)})"
                self.signaler((*chemin, cle), message)
        return True

    def texte(self, bloc: dict[str, Any], cle: str, chemin: Chemin) -> None:
        if cle in bloc and (not isinstance(bloc[cle], str) or not bloc[cle].strip()):
            self.signaler((*chemin, cle), f"un texte est attendu, {_nom(bloc[cle])} trouvé")

    def date(self, bloc: dict[str, Any], cle: str, chemin: Chemin, vide_permis: bool = False):
        if cle not in bloc or (vide_permis and bloc[cle] is None):
            return
        valeur = bloc[cle]
        message = f'une date au format "AAAA-MM-JJ" est attendue, {_nom(valeur)} trouvé'
        if not isinstance(valeur, str) or not MOTIF_DATE.match(valeur):
            self.signaler((*chemin, cle), message)
            return
        try:
            date.fromisoformat(valeur)
        except ValueError:
            self.signaler((*chemin, cle), f"la date « {valeur} » n'existe pas")

    def entier(self, bloc: dict[str, Any], cle: str, chemin: Chemin, minimum: int = 0) -> None:
        if cle not in bloc:
            return
        valeur = bloc[cle]
        if not _est_entier(valeur):
            self.signaler((*chemin, cle), f"un nombre entier est attendu, {_nom(valeur)} trouvé")
        elif valeur < minimum:
            self.signaler((*chemin, cle), f"la valeur {valeur} est inférieure à {minimum}")

    def nombre_positif(self, valeur: Any, chemin: Chemin, en_euros: bool = True) -> bool:
        if not _est_nombre(valeur):
            attendu = "un montant en euros (nombre)" if en_euros else "un nombre"
            self.signaler(chemin, f"{attendu} est attendu, {_nom(valeur)} trouvé")
            return False
        if valeur < 0:
            self.signaler(chemin, f"valeur négative ({valeur}) : un montant est positif")
            return False
        return True

    def fiabilite(self, bloc: dict[str, Any], cle: str, chemin: Chemin) -> None:
        if cle in bloc and bloc[cle] not in FIABILITES:
            self.signaler(
                (*chemin, cle),
                f"{_nom(bloc[cle])} n'est pas un degré de certitude connu "
                f"(valeurs possibles : {', '.join(FIABILITES)})",
            )

    def reference(self, bloc: dict[str, Any], cle: str, chemin: Chemin) -> None:
        if cle not in bloc or bloc[cle] is None:
            return
        self._cle_de_reference(bloc[cle], (*chemin, cle))

    def _cle_de_reference(self, valeur: Any, chemin: Chemin) -> None:
        if not isinstance(valeur, str):
            self.signaler(chemin, f"une clé de « references » est attendue, {_nom(valeur)} trouvé")
        elif valeur not in self.references:
            message = f"la source « {valeur} » n'est pas définie dans « references »"
            proches = difflib.get_close_matches(valeur, sorted(self.references), n=1)
            if proches:
                message += f" : vouliez-vous écrire « {proches[0]} » ?"
            self.signaler(chemin, message)

    def sources(self, bloc: dict[str, Any], chemin: Chemin) -> None:
        if "sources" not in bloc:
            return
        valeur = bloc["sources"]
        if not isinstance(valeur, list):
            self.signaler(
                (*chemin, "sources"),
                f"une liste de clés de « references » est attendue, {_nom(valeur)} trouvé",
            )
            return
        for i, cle in enumerate(valeur):
            self._cle_de_reference(cle, (*chemin, "sources", i))
        if not valeur and bloc.get("fiabilite") not in ("deduit", "inconnu"):
            self.signaler(
                (*chemin, "sources"),
                "aucune source : indiquez où la valeur a été lue, ou marquez-la « deduit »",
            )

    def bloc_documente(
        self,
        bloc: Any,
        chemin: Chemin,
        requises: tuple[str, ...] = (),
        facultatives: tuple[str, ...] = (),
        sous_bloc: bool = False,
        sources_requises: bool = True,
    ) -> bool:
        """Un bloc de valeurs avec sa description, son unité, sa source et sa certitude.

        Un sous-bloc (une règle de points de charge, une aide) hérite de l'unité et de la
        référence de son bloc parent, et peut les préciser.
        """
        communes = ["description"] if sous_bloc else ["description", "unite", "reference"]
        facultatives_communes = ["note", "unite", "reference"] if sous_bloc else ["note"]
        if sources_requises:
            communes += ["sources", "fiabilite"]
        else:
            facultatives_communes += ["sources", "fiabilite"]
        if not self.cles(
            bloc,
            chemin,
            tuple(communes) + requises,
            tuple(facultatives_communes) + facultatives,
        ):
            return False
        for cle in ("description", "unite", "note"):
            self.texte(bloc, cle, chemin)
        self.reference(bloc, "reference", chemin)
        self.sources(bloc, chemin)
        self.fiabilite(bloc, "fiabilite", chemin)
        return True

    # Blocs ------------------------------------------------------------------------------------

    def fichier(self) -> None:
        d = self.donnees
        if not self.cles(
            d,
            (),
            (
                "annee_universitaire",
                "statut",
                "derniere_verification",
                "references",
                "revenus_pris_en_compte",
                "plafonds",
                "montants",
                "points_de_charge",
                "dossier_social_etudiant",
                "age_limite",
                "aides_liees",
            ),
            ("fonde_sur",),
        ):
            return
        self.annee(d)
        self.statut_provisoire(d)
        if "statut" in d and d["statut"] not in STATUTS:
            self.signaler(
                ("statut",),
                f"{_nom(d['statut'])} n'est pas un statut connu "
                f"(valeurs possibles : {', '.join(STATUTS)})",
            )
        self.date(d, "derniere_verification", (), vide_permis=d.get("statut") == "provisoire")
        self.bloc_references(d.get("references"))
        if "revenus_pris_en_compte" in d:
            self.bloc_revenus(d["revenus_pris_en_compte"], d.get("annee_universitaire"))
        if "plafonds" in d:
            self.bloc_plafonds(d["plafonds"])
        if "montants" in d:
            self.bloc_montants(d["montants"])
        if "points_de_charge" in d:
            self.bloc_points_de_charge(d["points_de_charge"])
        if "dossier_social_etudiant" in d:
            self.bloc_dse(d["dossier_social_etudiant"])
        if "age_limite" in d and self.bloc_documente(
            d["age_limite"], ("age_limite",), requises=("ans",)
        ):
            self.entier(d["age_limite"], "ans", ("age_limite",), minimum=16)
        if "aides_liees" in d:
            self.bloc_aides(d["aides_liees"])

    def annee(self, d: dict[str, Any]) -> None:
        annee = d.get("annee_universitaire")
        if annee is None:
            return
        correspondance = MOTIF_ANNEE.match(annee) if isinstance(annee, str) else None
        if not correspondance:
            self.signaler(
                ("annee_universitaire",),
                f'une année universitaire entre guillemets ("2025-2026") est attendue, '
                f"{_nom(annee)} trouvé",
            )
            return
        debut, fin = (int(x) for x in correspondance.groups())
        if fin != debut + 1:
            self.signaler(
                ("annee_universitaire",),
                f"« {annee} » n'est pas une année universitaire : la seconde année doit suivre "
                "la première",
            )
        if self.annee_attendue is not None and annee != self.annee_attendue:
            self.signaler(
                ("annee_universitaire",),
                f"le fichier annonce l'année {annee}, mais son nom est celui de l'année "
                f"{self.annee_attendue} : renommez le fichier ou corrigez l'année",
            )

    def statut_provisoire(self, d: dict[str, Any]) -> None:
        """Un barème provisoire dit de quelle année il reprend ses valeurs ; un publié, non."""
        fonde_sur, annee = d.get("fonde_sur"), d.get("annee_universitaire")
        if d.get("statut") == "provisoire":
            if fonde_sur is None:
                self.signaler(
                    ("statut",),
                    "un barème provisoire indique l'année dont il reprend les valeurs : "
                    'ajoutez « fonde_sur: "AAAA-AAAA" »',
                )
            elif not (isinstance(fonde_sur, str) and MOTIF_ANNEE.match(fonde_sur)):
                self.signaler(
                    ("fonde_sur",),
                    f"une année universitaire est attendue, {_nom(fonde_sur)} trouvé",
                )
            elif isinstance(annee, str) and fonde_sur >= annee:
                self.signaler(("fonde_sur",), f"« {fonde_sur} » doit précéder {annee}")
        elif fonde_sur is not None:
            self.signaler(
                ("fonde_sur",),
                "seul un barème provisoire reprend les valeurs d'une autre année : retirez cette "
                "clé une fois les arrêtés publiés (statut: publie)",
            )
        avant = len(self.problemes)
        self.rien_a_completer(d)
        if d.get("statut") == "publie" and len(self.problemes) == avant:
            self.aucune_note_de_copie(d)  # un texte encore « À COMPLÉTER » : cela suffit

    def rien_a_completer(self, donnees: dict[str, Any]) -> None:
        """Aucune valeur, publiée ou provisoire, ne garde un texte d'attente (« À COMPLÉTER »…) :
        la construction refuserait de l'écrire dans une page. Il a sa place en commentaire."""
        publie = donnees.get("statut") == "publie"
        for chemin, texte in _textes(donnees, ()):
            trouve = TEXTES_DE_CHANTIER.search(texte)
            if trouve is None:
                continue
            if publie:
                conseil = "complétez-le d'après le texte officiel, ou laissez le barème provisoire"
            else:
                conseil = (
                    "les étudiants le liraient : écrivez ce que l'on sait (ou null), et gardez "
                    "« À COMPLÉTER » pour un commentaire (après #)"
                )
            statut = "dans un barème publié" if publie else "dans une valeur"
            self.signaler(chemin, f"texte encore « {trouve.group(0)} » {statut} : {conseil}")

    def aucune_note_de_copie(self, donnees: dict[str, Any]) -> None:
        """Un barème publié ne garde aucune note de l'échafaudage d'une nouvelle année
        (« Valeurs copiées du barème … », « Pas encore relu par le projet. »)."""
        for chemin, texte in _textes(donnees, ()):
            courant = texte.casefold().replace("’", "'")
            if chemin[-1:] == ("note",) and any(n in courant for n in NOTES_DE_COPIE):
                self.signaler(
                    chemin,
                    "note de copie du barème provisoire dans un barème publié : remplacez-la par "
                    "ce que vous avez lu, ou supprimez-la",
                )
            elif chemin[-1:] == ("titre",) and any(n in courant for n in NOTES_DE_COPIE):
                self.signaler(
                    chemin,
                    "intitulé du barème provisoire dans un barème publié : écrivez l'intitulé "
                    "exact du texte, tel que le Journal officiel le donne",
                )

    def bloc_references(self, refs: Any) -> None:
        chemin: Chemin = ("references",)
        if not isinstance(refs, dict) or not refs:
            if refs is not None:
                self.signaler(chemin, "un bloc de références (une clé par texte) est attendu")
            return
        self.references = {cle for cle in refs if isinstance(cle, str)}
        self.nor_uniques(refs)
        for cle, ref in refs.items():
            c = (*chemin, cle)
            if not self.cles(ref, c, ("titre", "nature"), ("date", "nor", "lien", "note")):
                continue
            for champ in ("titre", "note", "lien", "nor"):
                self.texte(ref, champ, c)
            self.date(ref, "date", c)
            if "nature" in ref and ref["nature"] not in NATURES_DE_REFERENCE:
                self.signaler(
                    (*c, "nature"),
                    f"{_nom(ref['nature'])} n'est pas une nature connue "
                    f"(valeurs possibles : {', '.join(NATURES_DE_REFERENCE)})",
                )
            lien = ref.get("lien")
            if isinstance(lien, str) and not lien.startswith("https://"):
                self.signaler((*c, "lien"), f"le lien « {lien} » doit commencer par https://")
            nor = ref.get("nor")
            if isinstance(nor, str) and not MOTIF_NOR.match(nor):
                self.signaler(
                    (*c, "nor"),
                    f"« {nor} » n'a pas la forme d'un NOR (4 lettres, 7 chiffres, 1 lettre)",
                )
            if (
                ref.get("nature") == "texte_officiel"
                and not ref.get("lien")
                and not ref.get("nor")
                and not ref.get("note")
            ):
                self.signaler(
                    c,
                    "un texte officiel a un lien Légifrance (ou du Bulletin officiel) ou un NOR ; "
                    "s'il est introuvable, dites-le dans une « note »",
                )

    def nor_uniques(self, refs: dict[Any, Any]) -> None:
        """Deux textes différents n'ont jamais le même NOR (souvent un copier-coller)."""
        vus: dict[str, Any] = {}
        for cle, ref in refs.items():
            nor = ref.get("nor") if isinstance(ref, dict) else None
            if isinstance(nor, str) and nor in vus:
                self.signaler(
                    ("references", cle, "nor"),
                    f"le NOR « {nor} » est déjà celui de « {vus[nor]} » : deux textes n'ont "
                    "jamais le même NOR (copier-coller ?)",
                )
            elif isinstance(nor, str):
                vus[nor] = cle

    def bloc_revenus(self, bloc: Any, annee: Any) -> None:
        chemin: Chemin = ("revenus_pris_en_compte",)
        if not self.bloc_documente(
            bloc, chemin, requises=("annee_des_revenus", "annee_de_l_avis_d_imposition")
        ):
            return
        self.entier(bloc, "annee_des_revenus", chemin, minimum=2000)
        self.entier(bloc, "annee_de_l_avis_d_imposition", chemin, minimum=2000)
        if not (isinstance(annee, str) and MOTIF_ANNEE.match(annee)):
            return
        rentree = int(annee[:4])
        for cle, ecart, regle in (
            ("annee_des_revenus", 2, "les revenus de l'année N-2"),
            ("annee_de_l_avis_d_imposition", 1, "l'avis d'imposition reçu en N-1"),
        ):
            valeur = bloc.get(cle)
            if _est_entier(valeur) and valeur != rentree - ecart:
                self.signaler(
                    (*chemin, cle),
                    f"{valeur} ne suit pas la règle : pour la rentrée {rentree}, on retient "
                    f"{regle}, soit {rentree - ecart}",
                )

    def bloc_plafonds(self, bloc: Any) -> None:
        chemin: Chemin = ("plafonds",)
        if not self.bloc_documente(bloc, chemin, requises=("colonnes", "lignes")):
            return
        if bloc.get("colonnes") != list(ECHELONS):
            self.signaler(
                (*chemin, "colonnes"),
                'les colonnes doivent être exactement ["0bis", "1", "2", "3", "4", "5", "6", "7"]',
            )
        lignes = bloc.get("lignes")
        if not isinstance(lignes, dict):
            self.signaler(
                (*chemin, "lignes"),
                "un bloc « points de charge: [plafonds des 8 échelons] » est attendu",
            )
            return
        tableau: dict[int, list[int]] = {}
        for cle, ligne in lignes.items():
            points = cle if _est_entier(cle) else None
            if isinstance(cle, str) and cle.isdigit():
                points = int(cle)
            c = (*chemin, "lignes", cle)
            if points is None or not 0 <= points < NOMBRE_DE_LIGNES_DU_TABLEAU:
                self.signaler(
                    c,
                    f"ligne inattendue {_nom(cle)} : le tableau a une ligne par nombre de points "
                    f"de charge, de 0 à {NOMBRE_DE_LIGNES_DU_TABLEAU - 1}",
                )
                continue
            c = (*chemin, "lignes", points)
            if not isinstance(ligne, list):
                self.signaler(c, f"une liste de 8 plafonds est attendue, {_nom(ligne)} trouvé")
                continue
            if len(ligne) != len(ECHELONS):
                manque = "il manque une case" if len(ligne) < len(ECHELONS) else "case en trop"
                self.signaler(
                    c,
                    f"{len(ECHELONS)} plafonds attendus (échelons 0bis à 7), {len(ligne)} "
                    f"trouvés : {manque}",
                )
                continue
            valides = True
            for i, valeur in enumerate(ligne):
                if not _est_entier(valeur):
                    self.signaler(
                        (*c, i), f"un montant entier en euros est attendu, {_nom(valeur)} trouvé"
                    )
                    valides = False
                elif valeur < 0:
                    self.signaler((*c, i), f"valeur négative ({valeur}) : un plafond est positif")
                    valides = False
            if valides:
                tableau[points] = ligne
        for points in range(NOMBRE_DE_LIGNES_DU_TABLEAU):
            if points not in lignes and str(points) not in lignes:
                self.signaler((*chemin, "lignes"), f"la ligne « {points} points de charge » manque")
        self.ordre_des_plafonds(tableau)
        if len(tableau) == NOMBRE_DE_LIGNES_DU_TABLEAU:
            self.coquilles_des_plafonds(tableau)

    def ordre_des_plafonds(self, tableau: dict[int, list[int]]) -> None:
        """Plafonds décroissants quand l'échelon monte, croissants avec les points de charge."""
        for points, ligne in sorted(tableau.items()):
            for i in range(1, len(ECHELONS)):
                if ligne[i] >= ligne[i - 1]:
                    self.signaler(
                        ("plafonds", "lignes", points, i),
                        f"{euros(ligne[i])} n'est pas inférieur au plafond de l'échelon "
                        f"{ECHELONS[i - 1]} ({euros(ligne[i - 1])}) : sur une ligne, le plafond "
                        "baisse quand l'échelon monte",
                    )
            precedente = tableau.get(points - 1)
            if precedente is None:
                continue
            for i in range(len(ECHELONS)):
                if ligne[i] <= precedente[i]:
                    self.signaler(
                        ("plafonds", "lignes", points, i),
                        f"{euros(ligne[i])} n'est pas supérieur au plafond de la ligne "
                        f"« {points - 1} points de charge » ({euros(precedente[i])}) : dans une "
                        "colonne, le plafond monte avec les points de charge",
                    )

    def coquilles_des_plafonds(self, tableau: dict[int, list[int]]) -> None:
        """Signale les cases qui s'écartent de la progression régulière de leur colonne."""
        for i, echelon in enumerate(ECHELONS):
            colonne = [tableau[p][i] for p in range(NOMBRE_DE_LIGNES_DU_TABLEAU)]
            for points, attendu in cases_suspectes(colonne):
                self.signaler(
                    ("plafonds", "lignes", points, i),
                    f"{euros(colonne[points])} s'écarte de la progression régulière de la colonne "
                    f"de l'échelon {echelon} (environ {euros(attendu)} attendus) : vérifiez cette "
                    "case dans l'annexe de l'arrêté (chiffre mal recopié, ou valeur d'une case "
                    "voisine ?)",
                )

    def bloc_montants(self, bloc: Any) -> None:
        chemin: Chemin = ("montants",)
        if not self.bloc_documente(
            bloc, chemin, requises=("colonnes", "lignes"), facultatives=("fiabilite_sur_12_mois",)
        ):
            return
        self.fiabilite(bloc, "fiabilite_sur_12_mois", chemin)
        if bloc.get("colonnes") != list(COLONNES_MONTANTS):
            self.signaler(
                (*chemin, "colonnes"),
                "les colonnes doivent être exactement [sur_10_mois, sur_12_mois]",
            )
        lignes = bloc.get("lignes")
        if not isinstance(lignes, dict):
            self.signaler(
                (*chemin, "lignes"),
                'un bloc « "échelon": [taux sur 10 mois, taux sur 12 mois] » est attendu',
            )
            return
        for cle in lignes:
            if cle not in ECHELONS:
                conseil = (
                    f' : écrivez "{cle}" entre guillemets'
                    if str(cle) in ECHELONS
                    else f" (échelons possibles : {', '.join(ECHELONS)})"
                )
                self.signaler((*chemin, "lignes", cle), f"échelon inconnu {_nom(cle)}{conseil}")
        valides: dict[str, list[int]] = {}
        for echelon in ECHELONS:
            c = (*chemin, "lignes", echelon)
            if echelon not in lignes:
                if int(echelon) in lignes:
                    continue  # déjà signalé : clé écrite sans guillemets
                self.signaler((*chemin, "lignes"), f"l'échelon {echelon} manque")
                continue
            ligne = lignes[echelon]
            if not isinstance(ligne, list) or len(ligne) != 2:
                self.signaler(c, "deux taux sont attendus : [taux sur 10 mois, taux sur 12 mois]")
                continue
            ok = True
            for j, valeur in enumerate(ligne):
                if not _est_entier(valeur):
                    self.signaler(
                        (*c, j), f"un montant entier en euros est attendu, {_nom(valeur)} trouvé"
                    )
                    ok = False
                elif valeur <= 0:
                    self.signaler((*c, j), f"un taux est strictement positif, {valeur} trouvé")
                    ok = False
            if not ok:
                continue
            valides[echelon] = ligne
            attendu = taux_sur_12_mois_attendu(ligne[0])
            if ligne[1] != attendu:
                self.signaler(
                    (*c, 1),
                    f"{euros(ligne[1])} devrait valoir 1,2 × {euros(ligne[0])} arrondi à l'euro, "
                    f"soit {euros(attendu)} (12 mensualités égales à celles des 10 mois)",
                )
        presents = [e for e in ECHELONS if e in valides]
        for avant, apres in itertools.pairwise(presents):
            for j, colonne in enumerate(COLONNES_MONTANTS):
                if valides[apres][j] <= valides[avant][j]:
                    self.signaler(
                        (*chemin, "lignes", apres, j),
                        f"{euros(valides[apres][j])} n'est pas supérieur au taux de l'échelon "
                        f"{avant} ({euros(valides[avant][j])}) dans la colonne {colonne} : le "
                        "montant monte avec l'échelon",
                    )

    def bloc_points_de_charge(self, bloc: Any) -> None:
        chemin: Chemin = ("points_de_charge",)
        if not self.bloc_documente(
            bloc,
            chemin,
            requises=("eloignement", "enfant_a_charge", "enfant_etudiant_superieur"),
            facultatives=("handicap", "aidant"),
            sources_requises=False,
        ):
            return
        if "eloignement" in bloc:
            c = (*chemin, "eloignement")
            eloignement = bloc["eloignement"]
            if self.bloc_documente(eloignement, c, requises=("paliers",), sous_bloc=True):
                self.paliers(eloignement.get("paliers"), (*c, "paliers"))
        for cle in ("enfant_a_charge", "enfant_etudiant_superieur", "handicap", "aidant"):
            if cle in bloc:
                c = (*chemin, cle)
                regle = bloc[cle]
                if self.bloc_documente(regle, c, requises=("points",), sous_bloc=True):
                    self.entier(regle, "points", c, minimum=1)

    def paliers(self, paliers: Any, chemin: Chemin) -> None:
        if paliers is None:
            return
        if not isinstance(paliers, list) or not paliers:
            self.signaler(
                chemin, "une liste de paliers {a_partir_de_km: …, points: …} est attendue"
            )
            return
        precedent: dict[str, Any] | None = None
        for i, palier in enumerate(paliers):
            c = (*chemin, i)
            if not self.cles(palier, c, ("a_partir_de_km", "points")):
                precedent = None
                continue
            self.entier(palier, "a_partir_de_km", c, minimum=1)
            self.entier(palier, "points", c, minimum=1)
            if (
                precedent is not None
                and all(_est_entier(palier.get(k)) for k in ("a_partir_de_km", "points"))
                and all(_est_entier(precedent.get(k)) for k in ("a_partir_de_km", "points"))
            ):
                if palier["a_partir_de_km"] <= precedent["a_partir_de_km"]:
                    self.signaler(
                        (*c, "a_partir_de_km"),
                        "les paliers se suivent par distance croissante",
                    )
                if palier["points"] <= precedent["points"]:
                    self.signaler(
                        (*c, "points"),
                        "un palier plus éloigné donne plus de points que le précédent",
                    )
            precedent = palier

    def bloc_dse(self, bloc: Any) -> None:
        chemin: Chemin = ("dossier_social_etudiant",)
        if not self.bloc_documente(bloc, chemin, requises=("ouverture", "cloture")):
            return
        for cle in ("ouverture", "cloture"):
            self.date(bloc, cle, chemin, vide_permis=True)
        ouverture, cloture = bloc.get("ouverture"), bloc.get("cloture")
        if (ouverture is None) != (cloture is None):
            self.signaler(chemin, "indiquez les deux dates (ouverture et clôture), ou aucune")
        if (ouverture is None or cloture is None) and not bloc.get("note"):
            self.signaler(chemin, "dates inconnues : expliquez-le dans une « note »")
        if (
            isinstance(ouverture, str)
            and isinstance(cloture, str)
            and MOTIF_DATE.match(ouverture)
            and MOTIF_DATE.match(cloture)
            and ouverture >= cloture
        ):
            self.signaler((*chemin, "cloture"), "la clôture doit suivre l'ouverture")
        if ouverture is not None and bloc.get("fiabilite") == "inconnu":
            self.signaler(
                (*chemin, "fiabilite"),
                "des dates sont indiquées, mais leur certitude est « inconnu » : citez dans "
                "« sources » la page où vous les avez lues, et passez à « lu »",
            )

    def bloc_aides(self, bloc: Any) -> None:
        chemin: Chemin = ("aides_liees",)
        aides = (
            "aide_au_merite",
            "aide_mobilite_internationale",
            "aide_mobilite_master",
        )
        facultatives = ("majoration_outre_mer", *DROITS_HORS_ARRETE)
        if not self.bloc_documente(
            bloc,
            chemin,
            requises=aides,
            facultatives=facultatives,
            sources_requises=False,
        ):
            return
        for cle in (*aides, *facultatives):
            if cle in bloc:
                c = (*chemin, cle)
                aide = bloc[cle]
                requises: tuple[str, ...] = ("montant",)
                if cle == "aide_mobilite_internationale":
                    requises += DUREES_DE_SEJOUR
                elif cle in DROITS_HORS_ARRETE:
                    requises += ("unite", "reference")
                documente = self.bloc_documente(aide, c, requises=requises, sous_bloc=True)
                if documente and "montant" in aide:
                    self.nombre_positif(aide["montant"], (*c, "montant"))
                if documente and cle == "aide_mobilite_internationale":
                    self.durees_de_sejour(aide, c)

    def durees_de_sejour(self, aide: dict[str, Any], chemin: Chemin) -> None:
        """Aide à la mobilité internationale : un séjour de `duree_minimale_mois` à
        `duree_maximale_mois` mois consécutifs, deux entiers de 1 à 12, le premier au plus égal
        au second."""
        valides: dict[str, int] = {}
        for cle in DUREES_DE_SEJOUR:
            if cle not in aide:
                continue
            valeur = aide[cle]
            if not _est_entier(valeur):
                self.signaler(
                    (*chemin, cle),
                    f"« {cle} » : un nombre entier de mois est attendu, {_nom(valeur)} trouvé",
                )
            elif not 1 <= valeur <= DUREE_DE_SEJOUR_MAXIMALE_MOIS:
                self.signaler(
                    (*chemin, cle),
                    f"« {cle} » : {valeur} mois n'est pas une durée de séjour possible (de 1 à "
                    f"{DUREE_DE_SEJOUR_MAXIMALE_MOIS} mois)",
                )
            else:
                valides[cle] = valeur
        minimum, maximum = (valides.get(cle) for cle in DUREES_DE_SEJOUR)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.signaler(
                (*chemin, "duree_maximale_mois"),
                f"« duree_maximale_mois » ({maximum} mois) est plus courte que "
                f"« duree_minimale_mois » ({minimum} mois) : la durée maximale du séjour ne peut "
                "pas être inférieure à sa durée minimale (valeurs inversées ?)",
            )


def verifier_bareme(donnees: Any, annee_attendue: str | None = None) -> list[Probleme]:
    """Renvoie les problèmes du contenu d'un fichier de barème (liste vide : tout va bien).

    `annee_attendue` est l'année tirée du nom du fichier (« 2025-2026 » pour
    `barèmes/2025-2026.yaml`) : le fichier doit annoncer la même.
    """
    verificateur = _Verificateur(donnees, annee_attendue)
    verificateur.fichier()
    return verificateur.problemes
