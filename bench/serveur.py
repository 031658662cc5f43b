"""Un serveur local qui se comporte comme GitHub Pages, et compte les octets qu'il envoie.

Utilisé par bench/demarrage.py. Ce qu'il imite de GitHub Pages :

- le site servi sous un sous-chemin (`/echelon/`), `/echelon` redirigé vers `/echelon/`, un
  dossier sans barre finale redirigé (301), une adresse inconnue servie par `404.html` (404) ;
- la compression gzip à la volée (niveau 6) des réponses html, js, mjs, json, wasm, css, svg et
  webmanifest quand le client annonce `Accept-Encoding: gzip` (`Vary: Accept-Encoding`) ; les
  octets compressés sont calculés une fois et gardés en mémoire, comme le ferait le CDN, pour
  que le temps de compression ne fausse pas les mesures ;
- `Cache-Control: max-age=600`, un `ETag` par représentation et `304 Not Modified` sur
  `If-None-Match` ; `Last-Modified` ; `Access-Control-Allow-Origin: *` ;
- les types MIME justes, dont `application/wasm` (sinon pas de compilation en flux) ;
- HTTP/1.1 avec connexions persistantes (GitHub Pages parle HTTP/2 : un seul aller-retour
  de connexion ; ici, jusqu'à 6 connexions, comme le navigateur les ouvre en HTTP/1.1).

Comptage : chaque requête est rangée sous le jeton du cookie `banc` qu'elle porte (le banc
change ce cookie à chaque visite mesurée ; le worker et le service worker l'envoient aussi,
puisqu'ils sont de la même origine), avec les octets réellement écrits sur la connexion :
ligne de statut, en-têtes et corps (compressé s'il l'a été). Il n'écoute que 127.0.0.1.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import posixpath
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TYPES_MIME = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ts": "application/typescript",
    ".map": "application/json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".whl": "application/zip",
    ".zip": "application/zip",
}
COMPRESSES = {".html", ".js", ".mjs", ".json", ".wasm", ".css", ".svg", ".webmanifest"}
"""Les réponses que GitHub Pages compresse (liste du banc : celles qui comptent ici)."""
NIVEAU_GZIP = 6
COOKIE = "banc"


@dataclass(frozen=True)
class Requete:
    """Une requête servie : sous quel jeton, quoi, avec quel résultat, combien d'octets."""

    jeton: str
    methode: str
    chemin: str
    statut: int
    octets_en_tetes: int
    octets_corps: int
    gzip: bool

    @property
    def octets(self) -> int:
        return self.octets_en_tetes + self.octets_corps


@dataclass(frozen=True)
class Representation:
    corps: bytes
    etag: str
    gzip: bool


class _Compteur:
    """Enveloppe de la connexion qui compte les octets écrits."""

    def __init__(self, flux: Any) -> None:
        self.flux = flux
        self.total = 0

    def write(self, donnees: bytes) -> int:
        ecrits = self.flux.write(donnees)
        self.total += len(donnees)
        return ecrits

    def flush(self) -> None:
        self.flux.flush()

    def __getattr__(self, nom: str) -> Any:
        return getattr(self.flux, nom)


class ServeurPages:
    """Sert `dossier` sous `http://127.0.0.1:PORT<sous_chemin>` ; `demarrer()` puis `arreter()`."""

    def __init__(self, dossier: Path, sous_chemin: str = "/echelon/") -> None:
        self.dossier = Path(dossier).resolve()
        self.sous_chemin = sous_chemin
        self._verrou = threading.Lock()
        self._requetes: list[Requete] = []
        self._cache: dict[tuple[str, int, int], tuple[Representation, Representation | None]] = {}
        self._gzip_par_empreinte: dict[str, bytes] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._fil: threading.Thread | None = None

    # --- Contenu -----------------------------------------------------------------------------

    def representations(self, fichier: Path) -> tuple[Representation, Representation | None]:
        """Le fichier tel quel, et compressé s'il est d'un type compressé (gardés en mémoire)."""
        etat = fichier.stat()
        cle = (str(fichier), etat.st_mtime_ns, etat.st_size)
        with self._verrou:
            if cle in self._cache:
                return self._cache[cle]
        brut = fichier.read_bytes()
        empreinte = hashlib.sha1(brut).hexdigest()[:20]
        tel_quel = Representation(brut, f'"{empreinte}"', False)
        compresse = None
        if fichier.suffix in COMPRESSES:
            with self._verrou:
                gz = self._gzip_par_empreinte.get(empreinte)
            if gz is None:
                gz = gzip.compress(brut, compresslevel=NIVEAU_GZIP, mtime=0)
            with self._verrou:
                self._gzip_par_empreinte[empreinte] = gz
            compresse = Representation(gz, f'W/"{empreinte}"', True)
        with self._verrou:
            self._cache[cle] = (tel_quel, compresse)
        return tel_quel, compresse

    def prechauffer(self) -> None:
        """Compresse d'avance tout ce qui le sera (le CDN de GitHub Pages garde ses réponses)."""
        for fichier in sorted(self.dossier.rglob("*")):
            if fichier.is_file() and fichier.suffix in COMPRESSES:
                self.representations(fichier)

    def fichier_de(self, chemin_url: str) -> tuple[str, Path | None]:
        """('ok', fichier), ('redirection', None) pour un dossier sans « / », ('absent', None)."""
        relatif = unquote(chemin_url[len(self.sous_chemin) :])
        normalise = posixpath.normpath("/" + relatif).lstrip("/")
        cible = (self.dossier / normalise).resolve() if normalise not in ("", ".") else self.dossier
        if not cible.is_relative_to(self.dossier):
            return "absent", None
        if cible.is_dir():
            if not chemin_url.endswith("/"):
                return "redirection", None
            cible = cible / "index.html"
        if cible.is_file():
            return "ok", cible
        return "absent", None

    # --- Comptes -------------------------------------------------------------------------------

    def noter(self, requete: Requete) -> None:
        with self._verrou:
            self._requetes.append(requete)

    def requetes(self, jeton: str | None = None) -> list[Requete]:
        with self._verrou:
            return [r for r in self._requetes if jeton is None or r.jeton == jeton]

    def octets(self, jeton: str) -> int:
        return sum(r.octets for r in self.requetes(jeton))

    # --- Vie du serveur ------------------------------------------------------------------------

    def demarrer(self) -> str:
        """Lance le serveur dans un fil ; renvoie l'origine (http://127.0.0.1:PORT)."""
        serveur = self

        class Gestionnaire(_Gestionnaire):
            pages = serveur

        self._httpd = _Serveur(("127.0.0.1", 0), Gestionnaire)
        self._httpd.daemon_threads = True
        self._fil = threading.Thread(
            target=self._httpd.serve_forever, name="serveur-banc", daemon=True
        )
        self._fil.start()
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def arreter(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._fil is not None:
            self._fil.join(timeout=5)

    def __enter__(self) -> ServeurPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.arreter()


def _codage_accepte(partie: str, codage: str) -> bool:
    """« gzip », « gzip;q=0.8 » : oui ; « gzip;q=0 » : non."""
    nom, _, parametres = partie.partition(";")
    if nom.strip().lower() != codage:
        return False
    for parametre in parametres.split(";"):
        cle, _, valeur = parametre.partition("=")
        if cle.strip() == "q":
            try:
                return float(valeur) > 0
            except ValueError:
                return False
    return True


class _Serveur(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Le navigateur fermé au milieu d'un envoi (fin d'une passe) n'est pas une erreur."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Gestionnaire(BaseHTTPRequestHandler):
    pages: ServeurPages
    protocol_version = "HTTP/1.1"
    server_version = "banc-echelon"
    timeout = 60  # une connexion persistante inactive est fermée au bout d'une minute

    def setup(self) -> None:
        super().setup()
        self.wfile = _Compteur(self.wfile)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def version_string(self) -> str:
        return self.server_version

    def _jeton(self) -> str:
        try:
            cookies = SimpleCookie(self.headers.get("Cookie", ""))
        except CookieError:
            return ""
        morceau = cookies.get(COOKIE)
        return morceau.value if morceau else ""

    def _repondre(
        self,
        statut: int,
        corps: bytes = b"",
        en_tetes: dict[str, str] | None = None,
        gzip_: bool = False,
    ) -> None:
        debut = self.wfile.total
        self.send_response(statut)
        for nom, valeur in (en_tetes or {}).items():
            self.send_header(nom, valeur)
        if statut != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        apres_en_tetes = self.wfile.total
        if self.command != "HEAD" and corps:
            self.wfile.write(corps)
        self.pages.noter(
            Requete(
                jeton=self._jeton(),
                methode=self.command,
                chemin=urlsplit(self.path).path,
                statut=int(statut),
                octets_en_tetes=apres_en_tetes - debut,
                octets_corps=self.wfile.total - apres_en_tetes,
                gzip=gzip_,
            )
        )

    def _servir(self, fichier: Path, statut: int = 200) -> None:
        tel_quel, compresse = self.pages.representations(fichier)
        accepte = self.headers.get("Accept-Encoding", "")
        accepte_gzip = any(_codage_accepte(partie, "gzip") for partie in accepte.split(","))
        choisie = compresse if compresse is not None and accepte_gzip else tel_quel
        etat = fichier.stat()
        en_tetes = {
            "Content-Type": TYPES_MIME.get(fichier.suffix, "application/octet-stream"),
            "Last-Modified": email.utils.formatdate(etat.st_mtime, usegmt=True),
            "Access-Control-Allow-Origin": "*",
            "ETag": choisie.etag,
            "Cache-Control": "max-age=600",
        }
        if compresse is not None:
            en_tetes["Vary"] = "Accept-Encoding"
        if choisie.gzip:
            en_tetes["Content-Encoding"] = "gzip"
        etags = {e.strip() for e in self.headers.get("If-None-Match", "").split(",")}
        if statut == 200 and ({tel_quel.etag, choisie.etag} & etags or "*" in etags):
            del en_tetes["Content-Type"]
            en_tetes.pop("Content-Encoding", None)
            self._repondre(HTTPStatus.NOT_MODIFIED, b"", en_tetes)
            return
        self._repondre(statut, choisie.corps, en_tetes, choisie.gzip)

    def do_GET(self) -> None:
        chemin = urlsplit(self.path).path
        sous_chemin = self.pages.sous_chemin
        if chemin == sous_chemin.rstrip("/"):
            self._repondre(HTTPStatus.MOVED_PERMANENTLY, en_tetes={"Location": sous_chemin})
            return
        if not chemin.startswith(sous_chemin):
            self._repondre(HTTPStatus.NOT_FOUND, b"Not Found\n", {"Content-Type": "text/plain"})
            return
        resultat, fichier = self.pages.fichier_de(chemin)
        if resultat == "redirection":
            requete = urlsplit(self.path).query
            cible = chemin + "/" + (f"?{requete}" if requete else "")
            self._repondre(HTTPStatus.MOVED_PERMANENTLY, en_tetes={"Location": cible})
        elif fichier is not None:
            self._servir(fichier)
        elif (self.pages.dossier / "404.html").is_file():
            self._servir(self.pages.dossier / "404.html", HTTPStatus.NOT_FOUND)
        else:
            self._repondre(HTTPStatus.NOT_FOUND, b"Not Found\n", {"Content-Type": "text/plain"})

    do_HEAD = do_GET
