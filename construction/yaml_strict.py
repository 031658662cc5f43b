"""Lecture stricte du YAML : dates en texte, clés en double refusées, chaque valeur située
(fichier, ligne, colonne), et les erreurs telles qu'on les affiche.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from calculator.verification import Chemin, Probleme, decrire_chemin

from . import projet


class ChargeurStrict(yaml.SafeLoader):
    """YAML sans pièges : les dates restent du texte, seuls true/false sont des booléens,
    les nombres s'écrivent en décimal simple, une clé en double est une erreur."""


ChargeurStrict.yaml_implicit_resolvers = {
    initiale: [
        (tag, motif)
        for tag, motif in resolveurs
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        )
    ]
    for initiale, resolveurs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, _motif, _initiales in (
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf"),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    ("tag:yaml.org,2002:float", r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$", "-0123456789"),
):
    ChargeurStrict.add_implicit_resolver(_tag, re.compile(_motif), list(_initiales))


@dataclass(frozen=True)
class Position:
    ligne: int
    colonne: int

    @property
    def cle_de_tri(self) -> tuple[int, int]:
        return (self.ligne, self.colonne)


@dataclass(frozen=True)
class Erreur:
    """Un problème situé dans un fichier, prêt à afficher."""

    fichier: str
    position: Position | None
    texte: str

    def __str__(self) -> str:
        if self.position is None:
            return f"{self.fichier} : {self.texte}"
        return f"{self.fichier}:{self.position.ligne}:{self.position.colonne} : {self.texte}"


# Erreurs de syntaxe, en français --------------------------------------------------------------

GUILLEMET_NON_FERME = (
    "guillemet non fermé : le texte qui commence ici par un guillemet doit se terminer, sur la "
    "même ligne, par le même guillemet"
)
INDENTATION = (
    "indentation : cette ligne n'est alignée sur aucune clé au-dessus : donnez-lui le même "
    "nombre d'espaces que les autres clés de son niveau (2 espaces par niveau)"
)
PAS_EN_DEBUT_DE_VALEUR = (
    "« {0} » ne peut pas commencer une valeur : mettez le texte entre guillemets"
)

REGLES_DE_SYNTAXE: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(motif), message, a_l_ouverture)
    for motif, message, a_l_ouverture in (
        (r"quoted scalar : found unexpected (end of stream|document)", GUILLEMET_NON_FERME, True),
        (
            r"found unknown escape character '(.+)'",
            "« \\{0} » n'est pas permis entre guillemets doubles : doublez la barre oblique "
            "(« \\\\ ») ou mettez le texte entre guillemets simples",
            False,
        ),
        (
            r"found character '\\t'",
            "tabulation : indentez avec des espaces, jamais avec la touche Tab "
            "(2 espaces par niveau)",
            False,
        ),
        (r"found character '(.+)' that cannot start any token", PAS_EN_DEBUT_DE_VALEUR, False),
        (
            r"could not find expected ':'",
            "« : » manquant : chaque ligne d'un bloc s'écrit « clé: valeur », avec une espace "
            "après les deux-points",
            True,
        ),
        (
            r"expected <block end>, but found '<scalar>'",
            "texte en trop après la valeur : mettez toute la valeur entre guillemets (à "
            "l'intérieur, écrivez les guillemets « »), ou vérifiez l'indentation de cette ligne",
            False,
        ),
        (r"expected <block end>", INDENTATION, False),
        (
            r"flow sequence : expected ',' or '\]'",
            "liste ouverte par « [ » et jamais fermée : fermez-la par « ] » sur la même ligne, et "
            "séparez les cases par « , »",
            True,
        ),
        (
            r"flow mapping : expected ',' or '\}'",
            "bloc ouvert par « { » et jamais fermé : fermez-le par « } » sur la même ligne",
            True,
        ),
        (
            r"<stream end>|end of stream",
            "fin du fichier inattendue : une liste « [ » ou un texte entre guillemets n'est pas "
            "fermé au-dessus",
            False,
        ),
        (r"expected the node content, but found '(.+)'", PAS_EN_DEBUT_DE_VALEUR, False),
        (r"found undefined alias", PAS_EN_DEBUT_DE_VALEUR.format("*"), False),
        (
            r"found undefined tag handle|constructor for the tag",
            PAS_EN_DEBUT_DE_VALEUR.format("!"),
            False,
        ),
        (r"expected '<document start>'", PAS_EN_DEBUT_DE_VALEUR.format("%"), False),
        (r"duplicate anchor", PAS_EN_DEBUT_DE_VALEUR.format("&"), False),
        (
            r"unhashable key",
            "une liste ou un bloc ne peut pas servir de clé : mettez la clé entre guillemets",
            False,
        ),
        (
            r"another document",
            "« --- » : un fichier de barème ne contient qu'un document ; supprimez cette ligne",
            False,
        ),
    )
)


def erreur_de_syntaxe(nom: str, texte: str, erreur: yaml.YAMLError) -> Erreur:
    """Une erreur de syntaxe YAML, dite en français, située là où l'éditeur doit corriger."""
    marque, message = diagnostic_de_syntaxe(texte, erreur)
    position = Position(marque.line + 1, marque.column + 1) if marque else None
    return Erreur(nom, position, f"YAML invalide : {message}")


def diagnostic_de_syntaxe(texte: str, erreur: yaml.YAMLError) -> tuple[yaml.Mark | None, str]:
    """L'endroit à corriger et le conseil, d'après le problème que décrit PyYAML (en anglais)."""
    if isinstance(erreur, yaml.reader.ReaderError):
        return _marque_a(texte, erreur.position), (
            f"caractère invisible interdit (U+{erreur.character:04X}) : supprimez-le (il vient "
            "souvent d'un copier-coller)"
        )
    marque = getattr(erreur, "problem_mark", None)
    guillemet = _guillemet_ouvert_avant(texte, marque)
    if guillemet is not None:
        return guillemet, GUILLEMET_NON_FERME
    contexte = getattr(erreur, "context", None) or ""
    probleme = getattr(erreur, "problem", None) or ""
    if probleme == "mapping values are not allowed here":
        return marque, _deux_points_inattendus(texte, marque)
    for motif, message, a_l_ouverture in REGLES_DE_SYNTAXE:
        trouve = motif.search(f"{contexte} : {probleme}")
        if trouve:
            ouverture = getattr(erreur, "context_mark", None)
            if trouve.groups():  # le caractère en cause, cité dans le message
                message = message.format(*trouve.groups())
            return (ouverture if a_l_ouverture and ouverture else marque), message
    original = " ; ".join(filter(None, (contexte, probleme))) or str(erreur).splitlines()[0]
    return marque, (
        f"syntaxe incorrecte : vérifiez l'indentation et les guillemets de cette ligne "
        f"(PyYAML dit : {original})"
    )


def _marque_a(texte: str, indice: int) -> yaml.Mark:
    """La marque (ligne, colonne) d'un indice du texte."""
    ligne = texte.count("\n", 0, indice)
    colonne = indice - (texte.rfind("\n", 0, indice) + 1)
    return yaml.Mark("", indice, ligne, colonne, None, None)


def _guillemet_ouvert_avant(texte: str, marque: yaml.Mark | None) -> yaml.Mark | None:
    """L'ouverture d'un texte entre guillemets qui déborde sur la ligne de l'erreur : son
    guillemet n'a pas été fermé sur sa ligne, et le guillemet suivant l'a fermé trop tard."""
    if marque is None:
        return None
    dernier = None
    try:
        for jeton in yaml.scan(texte, Loader=ChargeurStrict):
            if jeton.end_mark.index > marque.index:
                break
            if isinstance(jeton, yaml.ScalarToken) and jeton.style in ('"', "'"):
                dernier = jeton
    except yaml.YAMLError:
        pass  # l'erreur elle-même : les jetons lus avant suffisent
    if dernier is None or dernier.start_mark.line == dernier.end_mark.line:
        return None
    return dernier.start_mark if dernier.end_mark.line == marque.line else None


def _deux_points_inattendus(texte: str, marque: yaml.Mark) -> str:
    """« : » refusé : dans un texte sans guillemets (« note: Voir: ici »), ou au début d'une
    ligne que YAML lit comme la suite de la précédente (indentation, espace après « : »)."""
    lignes = texte.splitlines()
    ligne = lignes[marque.line] if marque.line < len(lignes) else ""
    if ":" in ligne[: marque.column]:
        return "« : » dans un texte sans guillemets : mettez le texte entre guillemets"
    return (
        "« : » inattendu : YAML lit cette ligne comme la suite de la précédente : vérifiez son "
        "indentation (le même nombre d'espaces que ses voisines) et qu'une espace suit le « : » "
        "de la ligne au-dessus"
    )


# Listes entre crochets ----------------------------------------------------------------------

CONSEIL_VIRGULE = (
    "une virgule sépare les cases : écrivez les nombres sans virgule décimale ni espace "
    "(par exemple 1483)"
)
VIRGULE_ENTRE_CHIFFRES = re.compile(r"\d,\d")


@dataclass(frozen=True)
class FichierYaml:
    chemin: Path
    donnees: Any
    positions: dict[Chemin, Position]
    listes_en_ligne: dict[Chemin, str] = field(default_factory=dict)
    """Le texte source de chaque liste écrite entre crochets (« [1483, 1780] »)."""

    def situer(self, probleme: Probleme) -> Erreur:
        """Le problème, avec la ligne et la colonne de la valeur (ou du bloc) en cause."""
        chemin = probleme.chemin
        while chemin not in self.positions and chemin:
            chemin = chemin[:-1]
        texte = str(probleme)
        if self.virgule_entre_chiffres(probleme.chemin):
            texte += f" ; {CONSEIL_VIRGULE}"
        return Erreur(nom_affiche(self.chemin), self.positions.get(chemin), texte)

    def virgule_entre_chiffres(self, chemin: Chemin) -> bool:
        """Vrai si la liste entre crochets à ce chemin colle une virgule entre deux chiffres
        (« 1 483,5 ») : YAML y voit deux cases, l'éditeur un nombre décimal."""
        source = self.listes_en_ligne.get(chemin, "")
        return VIRGULE_ENTRE_CHIFFRES.search(source) is not None


def nom_affiche(chemin: Path) -> str:
    """Le chemin d'un fichier tel que l'éditeur le voit depuis la racine du projet."""
    try:
        return str(chemin.resolve().relative_to(projet.RACINE))
    except ValueError:
        return str(chemin)


def lire_yaml(chemin: Path) -> tuple[FichierYaml | None, list[Erreur]]:
    """Lit un fichier YAML en notant la position de chaque valeur ; refuse les clés en double."""
    nom = nom_affiche(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as erreur:
        return None, [Erreur(nom, None, f"fichier illisible ({erreur})")]
    try:
        chargeur = ChargeurStrict(texte)  # refuse déjà les caractères de contrôle
    except yaml.YAMLError as erreur:
        return None, [erreur_de_syntaxe(nom, texte, erreur)]
    try:
        racine = chargeur.get_single_node()
    except yaml.YAMLError as erreur:
        return None, [erreur_de_syntaxe(nom, texte, erreur)]
    finally:
        chargeur.dispose()
    positions: dict[Chemin, Position] = {}
    listes_en_ligne: dict[Chemin, str] = {}
    erreurs: list[Erreur] = []

    def construire(noeud: yaml.Node, chemin: Chemin) -> Any:
        positions[chemin] = Position(noeud.start_mark.line + 1, noeud.start_mark.column + 1)
        if isinstance(noeud, yaml.MappingNode):
            resultat: dict[Any, Any] = {}
            for noeud_cle, noeud_valeur in noeud.value:
                if not isinstance(noeud_cle, yaml.ScalarNode):  # « [a, b]: … »
                    raise yaml.constructor.ConstructorError(
                        None, None, "found unhashable key", noeud_cle.start_mark
                    )
                cle = chargeur.construct_object(noeud_cle, deep=True)
                if cle in resultat:
                    erreurs.append(
                        Erreur(
                            nom,
                            Position(
                                noeud_cle.start_mark.line + 1, noeud_cle.start_mark.column + 1
                            ),
                            f"{decrire_chemin((*chemin, cle))} : clé "
                            f"« {cle} » en double (déjà définie ligne "
                            f"{positions[(*chemin, cle)].ligne}) ; la seconde effacerait la "
                            "première sans prévenir",
                        )
                    )
                    continue
                resultat[cle] = construire(noeud_valeur, (*chemin, cle))
            return resultat
        if isinstance(noeud, yaml.SequenceNode):
            if noeud.flow_style:
                listes_en_ligne[chemin] = texte[noeud.start_mark.index : noeud.end_mark.index]
            return [construire(n, (*chemin, i)) for i, n in enumerate(noeud.value)]
        return chargeur.construct_object(noeud, deep=True)

    if racine is None:
        return None, [Erreur(nom, None, "fichier vide")]
    try:
        donnees = construire(racine, ())
    except yaml.YAMLError as erreur:
        return None, [erreur_de_syntaxe(nom, texte, erreur)]
    return FichierYaml(chemin, donnees, positions, listes_en_ligne), erreurs
