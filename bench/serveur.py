"""Un serveur local qui se comporte comme GitHub Pages, et compte les octets qu'il envoie.

Utilisé par bench/demarrage.py ; c'est le serveur du dépôt (construction/serveur.py) avec les
options du banc. Ce qu'il imite de GitHub Pages :

- le site servi sous un sous-chemin (`/echelon/`), `/echelon` redirigé vers `/echelon/`, un
  dossier sans barre finale redirigé (301), une adresse inconnue servie par `404.html` (404) ;
- la compression gzip à la volée (niveau 6) des réponses html, js, mjs, json, wasm, css, svg et
  webmanifest quand le client annonce `Accept-Encoding: gzip` (`Vary: Accept-Encoding`) ; les
  octets compressés sont calculés une fois et gardés en mémoire, comme le ferait le CDN, pour
  que le temps de compression ne fausse pas les mesures ;
- `Cache-Control: max-age=600`, un `ETag` par représentation et `304 Not Modified` sur
  `If-None-Match` ; `Last-Modified` ; `Access-Control-Allow-Origin: *` ;
- les types MIME justes, dont `application/wasm` (sinon pas de compilation en flux) :
  `construction.serveur.TYPES_MIME` ;
- HTTP/1.1 avec connexions persistantes (GitHub Pages parle HTTP/2 : un seul aller-retour
  de connexion ; ici, jusqu'à 6 connexions, comme le navigateur les ouvre en HTTP/1.1).

Comptage : chaque requête est rangée sous le jeton du cookie `banc` qu'elle porte (le banc
change ce cookie à chaque visite mesurée ; le worker et le service worker l'envoient aussi,
puisqu'ils sont de la même origine), avec les octets réellement écrits sur la connexion :
ligne de statut, en-têtes et corps (compressé s'il l'a été). Il n'écoute que 127.0.0.1.
"""

from __future__ import annotations

import gzip
from contextlib import ExitStack
from functools import partial
from pathlib import Path

from construction.serveur import (
    Journal,
    Liaison,
    Options,
    Representations,
    Requete,
    lire_tel_quel,
    servir,
)

COMPRESSES = frozenset({".html", ".js", ".mjs", ".json", ".wasm", ".css", ".svg", ".webmanifest"})
"""Les réponses que GitHub Pages compresse (liste du banc : celles qui comptent ici)."""
NIVEAU_GZIP = 6
COOKIE = "banc"


class ServeurPages:
    """Sert `dossier` sous `http://127.0.0.1:PORT<sous_chemin>` ; `demarrer()` puis `arreter()`."""

    def __init__(self, dossier: Path, sous_chemin: str = "/echelon/") -> None:
        self.dossier = Path(dossier).resolve()
        self.sous_chemin = sous_chemin
        self.journal = Journal(COOKIE)
        self.liaison = Liaison()
        """Le débit de tout ce que le serveur envoie (`liaison.debit`, octets par seconde ;
        None : sans limite), pour les scénarios qui limitent aussi le service worker."""
        self.representations = Representations(
            COMPRESSES, "gzip", partial(gzip.compress, compresslevel=NIVEAU_GZIP, mtime=0)
        )
        self.options = Options(
            dossier=self.dossier,
            sous_chemin=sous_chemin,
            en_tetes={"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=600"},
            representations=self.representations,
            journal=self.journal,
            connexions_persistantes=True,
            nom="banc-echelon",
            liaison=self.liaison,
        )
        self._pile = ExitStack()

    def prechauffer(self) -> None:
        """Compresse d'avance tout ce qui le sera (le CDN de GitHub Pages garde ses réponses)."""
        self.representations.prechauffer(self.dossier, lire_tel_quel)

    def requetes(self, jeton: str | None = None) -> list[Requete]:
        return self.journal.requetes(jeton)

    def octets(self, jeton: str) -> int:
        return self.journal.octets(jeton)

    def demarrer(self) -> str:
        """Lance le serveur dans un fil ; renvoie l'origine (http://127.0.0.1:PORT)."""
        return self._pile.enter_context(servir(self.options)).origine

    def arreter(self) -> None:
        self._pile.close()

    def __enter__(self) -> ServeurPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.arreter()
