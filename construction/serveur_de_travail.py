"""Le serveur de travail de `build.py servir` : construit le site hors de public/, le sert, le
reconstruit à chaque modification des sources, et la page ouverte se recharge.
"""

from __future__ import annotations

import errno
import html
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from . import projet
from .pages import lire_reglages
from .serveur import Options, Reponse, ServeurHTTP
from .yaml_strict import Erreur, Position, nom_affiche

SCRIPT_DE_RECHARGEMENT = """\
(function () {
  var vue = null;
  // À côté du script, à la racine du site : une adresse relative à la page (« __version » vu
  // de /echelon/plafonds/) tomberait sur 404.html, qui ne change pas d'une construction à
  // l'autre.
  var adresse = new URL("__version", document.currentScript.src).href;
  function verifier() {
    fetch(adresse, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (vue === null) { vue = v; } else if (v !== vue) { location.reload(); }
      })
      .catch(function () {})
      .finally(function () { setTimeout(verifier, 700); });
  }
  verifier();
})();
"""


Empreinte = tuple[tuple[str, tuple[int, int]], ...]


def empreinte_des_sources() -> Empreinte:
    """Les fichiers surveillés (site_src/, barèmes/, calculator/), leur date de modification et
    leur taille (deux enregistrements dans la même seconde diffèrent souvent par la taille)."""
    return tuple(
        sorted(
            (str(chemin), signature)
            for dossier in (
                projet.DOSSIER_SITE,
                projet.DOSSIER_BAREMES,
                projet.RACINE / "calculator",
            )
            for chemin in dossier.rglob("*")
            if "__pycache__" not in chemin.parts
            and (signature := _date_et_taille(chemin)) is not None
        )
    )


def _date_et_taille(chemin: Path) -> tuple[int, int] | None:
    """La date de modification et la taille d'un fichier ; None pour un dossier ou un fichier
    déjà effacé (fichier temporaire d'un éditeur de texte)."""
    try:
        etat = chemin.stat()
    except OSError:
        return None
    return (etat.st_mtime_ns, etat.st_size) if chemin.is_file() else None


class Resultat(Protocol):
    """Ce que rend la recette (`build.Construction`) : ses erreurs (alors, rien d'écrit)."""

    erreurs: list[Erreur]


Construire = Callable[[Path], Resultat]
"""Construit le site dans un dossier : la recette de build.py, `build.construire`."""


@dataclass
class Etat:
    """Ce que sert le serveur de travail : le dernier site construit, ou les erreurs."""

    dossier: Path
    construire: Construire
    version: int = 0
    erreurs: list[Erreur] = field(default_factory=list)
    arret: threading.Event = field(default_factory=threading.Event)


def reconstruire(etat: Etat) -> None:
    """Reconstruit le site dans le dossier du serveur ; garde les erreurs pour les afficher.
    Une exception de la construction devient une erreur affichée : la surveillance continue."""
    try:
        erreurs = etat.construire(etat.dossier).erreurs
    except Exception as exception:
        traceback.print_exc()
        erreurs = [erreur_inattendue(exception)]
    etat.erreurs = erreurs
    etat.version += 1
    if erreurs:
        print(f"\n{len(erreurs)} problème(s) : la page ouverte les affiche.", file=sys.stderr)
        for erreur in erreurs:
            print(f"  {erreur}", file=sys.stderr)
    else:
        fichiers = sum(1 for chemin in etat.dossier.rglob("*") if chemin.is_file())
        print(f"Site reconstruit ({fichiers} fichiers).")


def erreur_inattendue(
    exception: Exception, trace: str = "la trace complète est dans le terminal"
) -> Erreur:
    """Une exception de la construction, dite en une ligne : son type et la dernière ligne du
    projet où elle est passée ; `trace` dit où lire la trace complète."""
    cadres = traceback.extract_tb(exception.__traceback__)
    du_projet = [cadre for cadre in cadres if _dans_le_projet(Path(cadre.filename))]
    texte = (
        f"la construction s'est arrêtée sur une erreur inattendue ({type(exception).__name__}) : "
        f"{trace} ; si vos fichiers semblent justes, ouvrez une issue sur le dépôt avec ce "
        "message (docs/EDITER.md, « Qui prévenir »)"
    )
    if not cadres:
        return Erreur("build.py", None, texte)
    dernier = (du_projet or cadres)[-1]
    position = Position(dernier.lineno or 0, (dernier.colno or 0) + 1)
    return Erreur(nom_affiche(Path(dernier.filename)), position, texte)


def _dans_le_projet(fichier: Path) -> bool:
    """Vrai pour un fichier du projet (pas de Python ni d'une bibliothèque installée)."""
    try:
        relatif = fichier.resolve().relative_to(projet.RACINE)
    except ValueError:
        return False
    return relatif.parts[:1] != (".venv",)


def page_d_erreurs(erreurs: list[Erreur], chemin: str) -> bytes:
    """Une page qui liste les erreurs de construction, et se recharge quand elles sont réglées."""
    lignes = "".join(f"<li><code>{html.escape(str(e))}</code></li>" for e in erreurs)
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Erreurs de construction</title>"
        f'<script src="{chemin}__rechargement.js" defer></script></head>'
        '<body style="font-family:system-ui;margin:1rem;max-width:60rem">'
        "<h1>La construction a échoué</h1>"
        "<p>Corrigez ces problèmes : la page se rechargera d'elle-même.</p>"
        f'<ul id="erreurs-de-construction">{lignes}</ul></body></html>'
    ).encode()


SERVICE_WORKER_DE_TRAVAIL = """\
// Serveur de travail : pas de copie hors ligne. Ce service worker remplace celui du site et se
// retire ; sans écouteur « fetch », chaque page vient de la construction qui vient de finir
// (ou la page d'erreurs), jamais d'une copie gardée.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.registration.unregister()));
"""


def reponse_speciale(etat: Etat, base: str, relatif: str) -> Reponse | None:
    """Le numéro de la construction et le script qui le surveille ; un service worker qui se
    retire (les pages l'enregistrent toutes) ; tant que la construction échoue, la page
    d'erreurs à toute autre adresse du site."""
    if relatif == "sw.js":
        return _sans_cache(200, SERVICE_WORKER_DE_TRAVAIL.encode(), "text/javascript")
    if relatif == "__version":
        return _sans_cache(200, str(etat.version).encode(), "text/plain")
    if relatif == "__rechargement.js":
        return _sans_cache(200, SCRIPT_DE_RECHARGEMENT.encode(), "text/javascript")
    if etat.erreurs:
        return _sans_cache(500, page_d_erreurs(etat.erreurs, base), "text/html; charset=utf-8")
    return None


def _sans_cache(statut: int, corps: bytes, type_: str) -> Reponse:
    return Reponse(statut, corps, {"Content-Type": type_, "Cache-Control": "no-store"})


def avec_rechargement(base: str, fichier: Path) -> bytes:
    """Les octets d'un fichier du site ; une page reçoit le script de rechargement."""
    contenu = fichier.read_bytes()
    if fichier.suffix != ".html":
        return contenu
    balise = f'<script src="{base}__rechargement.js" defer></script></body>'
    return contenu.replace(b"</body>", balise.encode())


def lancer_serveur(port: int, construire: Construire) -> tuple[ServeurHTTP, Etat, str]:
    """Construit le site hors de public/, lance la surveillance des sources, et renvoie le
    serveur HTTP prêt à servir, son état et le chemin du site (« /echelon/ »)."""
    base = urlsplit(lire_reglages()[0].get("url_de_base", "/")).path or "/"
    etat = Etat(Path(tempfile.mkdtemp(prefix="echelon-serve-")) / "site", construire)
    options = Options(
        dossier=etat.dossier,
        sous_chemin=base,
        reponse_speciale=partial(reponse_speciale, etat, base),
        lire=partial(avec_rechargement, base),
        rediriger_hors_du_site=True,
    )
    # Le port d'abord : s'il est pris, l'éditeur le sait tout de suite, sans attendre la
    # construction.
    try:
        serveur = ServeurHTTP(options, port)
    except OSError:
        shutil.rmtree(etat.dossier.parent, ignore_errors=True)
        raise
    # L'empreinte avant la première construction : un fichier modifié pendant qu'elle tourne
    # déclenche la suivante.
    empreinte = empreinte_des_sources()
    reconstruire(etat)
    threading.Thread(target=surveiller, args=(etat, empreinte), daemon=True).start()
    return serveur, etat, base


def surveiller(etat: Etat, empreinte: Empreinte) -> None:
    """Reconstruit le site à chaque modification des sources, jusqu'à l'arrêt du serveur."""
    while not etat.arret.wait(0.4):
        try:
            nouvelle = empreinte_des_sources()
        except OSError:  # un dossier effacé pendant le parcours : on regarde au tour suivant
            continue
        if nouvelle != empreinte:
            empreinte = nouvelle
            reconstruire(etat)


def servir(port: int, construire: Construire) -> int:
    """Construit le site hors de public/, le sert et le reconstruit à chaque modification."""
    try:
        serveur, etat, base = lancer_serveur(port, construire)
    except OSError as erreur:
        if erreur.errno != errno.EADDRINUSE:
            raise
        print(
            f"Le port {port} est déjà utilisé : lancez « python build.py servir --port "
            f"{port + 1} » (ou arrêtez l'autre serveur).",
            file=sys.stderr,
        )
        return 1
    print(f"Site servi sur http://127.0.0.1:{serveur.server_port}{base} (Ctrl+C pour arrêter)")
    try:
        serveur.serve_forever()
    except KeyboardInterrupt:
        print("\nArrêt du serveur.")
    finally:
        arreter_serveur(serveur, etat)
    return 0


def arreter_serveur(serveur: ServeurHTTP, etat: Etat) -> None:
    """Arrête la surveillance des sources, ferme le serveur et efface son dossier de travail."""
    etat.arret.set()
    serveur.server_close()
    shutil.rmtree(etat.dossier.parent, ignore_errors=True)
