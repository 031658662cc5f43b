"""Le site construit une fois par session, pour tous les tests qui le lisent (pages, données
ouvertes, navigateur).

- Le site est construit au premier besoin avec `build.construire(dossier)`.
- Pour essayer les tests sur un site déjà construit (ou une doublure), donner son dossier dans
  la variable d'environnement ECHELON_SITE_CONSTRUIT.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

import build


@dataclass(frozen=True)
class PageDuSite:
    """Une page du site construit : son fichier et son URL relative à la racine du site."""

    fichier: Path
    chemin: str  # "" pour l'accueil, "conditions/", "404.html"

    @property
    def nom(self) -> str:
        return self.chemin or "accueil"


def pages_du_site(dossier: Path) -> list[PageDuSite]:
    """Chaque `index.html` du site (URL « jolie » : son dossier), plus `404.html`."""
    pages = []
    for fichier in sorted(dossier.rglob("index.html")):
        relatif = fichier.parent.relative_to(dossier).as_posix()
        pages.append(PageDuSite(fichier, "" if relatif == "." else relatif + "/"))
    if (dossier / "404.html").is_file():
        pages.append(PageDuSite(dossier / "404.html", "404.html"))
    return pages


# --- Construction du site (une fois par session, dès la collecte) ------------------


@dataclass
class Construction:
    dossier: Path | None = None
    erreur: str | None = None


_CLE_CONSTRUCTION = pytest.StashKey[Construction]()


def construction(config: pytest.Config) -> Construction:
    """Construit le site au premier appel (ou prend ECHELON_SITE_CONSTRUIT)."""
    if _CLE_CONSTRUCTION in config.stash:
        return config.stash[_CLE_CONSTRUCTION]
    resultat = Construction()
    deja = os.environ.get("ECHELON_SITE_CONSTRUIT")
    if deja:
        resultat.dossier = Path(deja).resolve()
        if not resultat.dossier.is_dir():
            resultat.erreur = f"ECHELON_SITE_CONSTRUIT : {deja} n'est pas un dossier"
    else:
        temporaire = Path(tempfile.mkdtemp(prefix="echelon-navigateur-"))
        config.add_cleanup(partial(shutil.rmtree, temporaire, ignore_errors=True))
        sortie = temporaire / "site"
        try:
            erreurs = build.construire(sortie).erreurs
        except Exception:
            resultat.erreur = "build.construire a échoué :\n" + traceback.format_exc()
        else:
            if erreurs:  # elle renvoie ses erreurs (et n'écrit rien) au lieu de lever
                resultat.erreur = "build.construire a signalé des erreurs :\n" + "\n".join(
                    map(str, erreurs)
                )
            resultat.dossier = sortie
    if (
        resultat.dossier is not None
        and resultat.erreur is None
        and not pages_du_site(resultat.dossier)
    ):
        resultat.erreur = f"aucune page (index.html) dans le site construit {resultat.dossier}"
    config.stash[_CLE_CONSTRUCTION] = resultat
    return resultat
