"""Le serveur HTTP local du dépôt, le seul : `build.py servir` (serveur_de_travail.py), les tests
navigateur (tests/navigateur/conftest.py) et le banc (bench/serveur.py) le configurent chacun par
ses `Options`.

Ce qu'il fait pour tous, comme GitHub Pages pour un site de projet : le site servi sous un
sous-chemin (`/echelon/`), `/echelon` redirigé vers `/echelon/` et un dossier sans barre finale
vers son adresse avec barre (301), une adresse inconnue servie par `404.html` (404), les types
MIME de GitHub Pages (`application/wasm` : sinon pas de compilation en flux). Il n'écoute que
127.0.0.1.
"""

from __future__ import annotations

import email.utils
import hashlib
import posixpath
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    ".zst": "application/zstd",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ts": "application/typescript",
    ".map": "application/json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".whl": "application/zip",
    ".zip": "application/zip",
}
"""Les types que GitHub Pages envoie ; tout autre fichier part en application/octet-stream."""


@dataclass(frozen=True)
class Reponse:
    """Une réponse à envoyer : statut, corps, en-têtes, et le codage du corps (« gzip »)."""

    statut: int
    corps: bytes = b""
    en_tetes: Mapping[str, str] = field(default_factory=dict)
    codage: str = ""


INTROUVABLE = Reponse(HTTPStatus.NOT_FOUND, b"Not Found\n", {"Content-Type": "text/plain"})


@dataclass(frozen=True)
class Representation:
    """Un fichier tel qu'il part : ses octets (compressés ou non), son ETag, son codage."""

    corps: bytes
    etag: str = ""
    codage: str = ""


class Representations:
    """Le banc : chaque fichier gardé en mémoire, tel quel et compressé (calculé une fois, comme
    le CDN de GitHub Pages le garde), avec son ETag ; le serveur répond alors 304 à
    `If-None-Match`."""

    def __init__(
        self, suffixes: frozenset[str], codage: str, compresser: Callable[[bytes], bytes]
    ) -> None:
        self.suffixes, self.codage, self.compresser = suffixes, codage, compresser
        self._verrou = threading.Lock()
        self._par_fichier: dict[tuple[str, int, int], tuple[Representation, ...]] = {}
        self._par_empreinte: dict[str, bytes] = {}

    def de(self, fichier: Path, lire: Callable[[Path], bytes]) -> tuple[Representation, ...]:
        """Le fichier tel quel, puis compressé s'il est d'un type compressé."""
        etat = fichier.stat()
        cle = (str(fichier), etat.st_mtime_ns, etat.st_size)
        with self._verrou:
            if cle in self._par_fichier:
                return self._par_fichier[cle]
        brut = lire(fichier)
        empreinte = hashlib.sha1(brut).hexdigest()[:20]
        representations: tuple[Representation, ...] = (Representation(brut, f'"{empreinte}"'),)
        if fichier.suffix in self.suffixes:
            with self._verrou:
                compresse = self._par_empreinte.get(empreinte)
            if compresse is None:
                compresse = self.compresser(brut)
            representations += (Representation(compresse, f'W/"{empreinte}"', self.codage),)
            with self._verrou:
                self._par_empreinte[empreinte] = compresse
        with self._verrou:
            self._par_fichier[cle] = representations
        return representations

    def prechauffer(self, dossier: Path, lire: Callable[[Path], bytes]) -> None:
        """Compresse d'avance tout ce qui le sera."""
        for fichier in sorted(dossier.rglob("*")):
            if fichier.is_file() and fichier.suffix in self.suffixes:
                self.de(fichier, lire)


@dataclass(frozen=True)
class Requete:
    """Une requête servie : sous quel jeton, quoi, avec quel résultat, combien d'octets."""

    jeton: str
    methode: str
    chemin: str
    statut: int
    octets_en_tetes: int
    octets_corps: int
    codage: str

    @property
    def octets(self) -> int:
        return self.octets_en_tetes + self.octets_corps


class Journal:
    """Le banc : chaque requête servie, rangée sous le jeton du cookie `cookie` qu'elle porte,
    avec les octets réellement écrits sur la connexion (statut, en-têtes, corps)."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self._verrou = threading.Lock()
        self._requetes: list[Requete] = []

    def jeton(self, en_tete_cookie: str) -> str:
        """La valeur du cookie du journal dans un en-tête `Cookie` ; « » s'il n'y est pas."""
        try:
            morceau = SimpleCookie(en_tete_cookie).get(self.cookie)
        except CookieError:
            return ""
        return morceau.value if morceau else ""

    def noter(self, requete: Requete) -> None:
        with self._verrou:
            self._requetes.append(requete)

    def requetes(self, jeton: str | None = None) -> list[Requete]:
        with self._verrou:
            return [r for r in self._requetes if jeton is None or r.jeton == jeton]

    def octets(self, jeton: str) -> int:
        return sum(r.octets for r in self.requetes(jeton))


def lire_tel_quel(fichier: Path) -> bytes:
    return fichier.read_bytes()


class Liaison:
    """Un lien partagé par toutes les connexions du serveur, comme le réseau d'un téléphone :
    `debit` octets par seconde au plus, pour tout ce qui est envoyé (None : sans limite). Le
    banc s'en sert pour limiter aussi ce que télécharge un service worker, que la limitation
    du navigateur ne tient pas toujours."""

    MORCEAU = 16 * 1024

    def __init__(self) -> None:
        self.debit: float | None = None
        self._verrou = threading.Lock()
        self._libre_a = 0.0

    def passer(self, octets: int) -> None:
        """Attend que `octets` aient pu passer par le lien, après ceux déjà envoyés."""
        debit = self.debit
        if not debit:
            return
        with self._verrou:
            maintenant = time.monotonic()
            self._libre_a = max(maintenant, self._libre_a) + octets / debit
            attente = self._libre_a - maintenant
        time.sleep(attente)


@dataclass(frozen=True)
class Options:
    """Ce que sert le serveur, et comment.

    - `dossier` : le site construit, relu à chaque requête (il peut être reconstruit entre-temps) ;
    - `en_tetes` : ajoutés aux réponses qui servent un fichier (cache, CORS) ;
    - `reponse_speciale` : appelée avec le chemin sous `sous_chemin` avant tout fichier ; une
      `Reponse` l'emporte (serveur de travail : page d'erreurs, point de rechargement) ;
    - `lire` : les octets d'un fichier servi (serveur de travail : le script de rechargement
      ajouté aux pages) ;
    - `rediriger_hors_du_site` : une adresse hors de `sous_chemin` redirigée (302) vers lui, au
      lieu de 404 ;
    - `representations`, `journal` : compression, ETag et comptage des octets (banc) ;
    - `connexions_persistantes` : HTTP/1.1, une connexion inactive fermée au bout d'une minute ;
    - `liaison` : le débit partagé par toutes les connexions (banc), sans limite par défaut.
    """

    dossier: Path
    sous_chemin: str = "/echelon/"
    en_tetes: Mapping[str, str] = field(default_factory=lambda: {"Cache-Control": "no-store"})
    reponse_speciale: Callable[[str], Reponse | None] | None = None
    lire: Callable[[Path], bytes] = lire_tel_quel
    rediriger_hors_du_site: bool = False
    representations: Representations | None = None
    journal: Journal | None = None
    connexions_persistantes: bool = False
    nom: str = "echelon"
    liaison: Liaison | None = None


def fichier_de(dossier: Path, relatif: str, barre_finale: bool) -> tuple[str, Path | None]:
    """('ok', fichier), ('redirection', None) pour un dossier demandé sans « / » final, ou
    ('absent', None) ; jamais rien hors de `dossier`."""
    dossier = dossier.resolve()
    normalise = posixpath.normpath("/" + relatif).lstrip("/")
    cible = (dossier / normalise).resolve() if normalise not in ("", ".") else dossier
    if not cible.is_relative_to(dossier):
        return "absent", None
    if cible.is_dir():
        if not barre_finale:
            return "redirection", None
        cible = cible / "index.html"
    return ("ok", cible) if cible.is_file() else ("absent", None)


def codage_accepte(accept_encoding: str, codage: str) -> bool:
    """Vrai si l'en-tête `Accept-Encoding` accepte `codage` : « gzip », « gzip;q=0.8 » oui,
    « gzip;q=0 » non."""
    return any(_partie_accepte(partie, codage) for partie in accept_encoding.split(","))


def _partie_accepte(partie: str, codage: str) -> bool:
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


class _Compteur:
    """Enveloppe de la connexion qui compte les octets écrits (et les fait passer par la
    liaison du serveur, s'il en a une)."""

    def __init__(self, flux: Any, liaison: Liaison | None = None) -> None:
        self.flux = flux
        self.liaison = liaison
        self.total = 0

    def write(self, donnees: bytes) -> int:
        if self.liaison is not None and self.liaison.debit:
            vue = memoryview(donnees)
            for debut in range(0, len(vue), Liaison.MORCEAU):
                morceau = vue[debut : debut + Liaison.MORCEAU]
                self.liaison.passer(len(morceau))
                self.flux.write(morceau)
            self.total += len(donnees)
            return len(donnees)
        ecrits = self.flux.write(donnees)
        self.total += len(donnees)
        return ecrits

    def __getattr__(self, nom: str) -> Any:
        return getattr(self.flux, nom)


class Gestionnaire(BaseHTTPRequestHandler):
    """Le seul gestionnaire de requêtes HTTP du dépôt ; ses options sont celles du serveur."""

    server: ServeurHTTP
    # Chaque écriture part tout de suite (TCP_NODELAY), comme chez un hébergeur : sinon, quand
    # une réponse part en deux écritures (en-têtes, puis corps), l'algorithme de Nagle retient
    # la seconde jusqu'à l'accusé de réception de la première, que le client retarde (jusqu'à
    # 40 ms sous Linux) ; chaque petit fichier en coûtait autant.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        if self.server.options.connexions_persistantes:
            self.protocol_version = "HTTP/1.1"
            self.timeout = 60
        super().setup()
        self.wfile = _Compteur(self.wfile, self.server.options.liaison)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # silencieux : les requêtes s'observent depuis le navigateur, ou dans le journal

    def version_string(self) -> str:
        return self.server.options.nom

    def do_GET(self) -> None:
        self.repondre(self.reponse())

    do_HEAD = do_GET

    def reponse(self) -> Reponse:
        """La réponse à la requête : hors du site, spéciale, un fichier, ou 404.html."""
        options = self.server.options
        adresse = urlsplit(self.path)
        if not adresse.path.startswith(options.sous_chemin):
            return _hors_du_site(options, adresse.path)
        relatif = unquote(adresse.path[len(options.sous_chemin) :])
        if options.reponse_speciale and (speciale := options.reponse_speciale(relatif)):
            return speciale
        resultat, fichier = fichier_de(options.dossier, relatif, adresse.path.endswith("/"))
        if resultat == "redirection":
            cible = adresse.path + "/" + (f"?{adresse.query}" if adresse.query else "")
            return Reponse(HTTPStatus.MOVED_PERMANENTLY, en_tetes={"Location": cible})
        if fichier is not None:
            return self.fichier(fichier, HTTPStatus.OK)
        if (options.dossier / "404.html").is_file():
            return self.fichier(options.dossier / "404.html", HTTPStatus.NOT_FOUND)
        return INTROUVABLE

    def fichier(self, fichier: Path, statut: int) -> Reponse:
        """Un fichier du site, compressé si le client l'accepte ; 304 si son ETag est connu."""
        options = self.server.options
        if options.representations is None:
            representations: tuple[Representation, ...] = (Representation(options.lire(fichier)),)
        else:
            representations = options.representations.de(fichier, options.lire)
        accepte = self.headers.get("Accept-Encoding", "")
        choisie = representations[-1]
        if choisie.codage and not codage_accepte(accepte, choisie.codage):
            choisie = representations[0]
        en_tetes = {
            "Content-Type": TYPES_MIME.get(fichier.suffix, "application/octet-stream"),
            "Last-Modified": email.utils.formatdate(fichier.stat().st_mtime, usegmt=True),
            **options.en_tetes,
        }
        if choisie.etag:
            en_tetes["ETag"] = choisie.etag
        if len(representations) > 1:
            en_tetes["Vary"] = "Accept-Encoding"
        if choisie.codage:
            en_tetes["Content-Encoding"] = choisie.codage
        if statut == HTTPStatus.OK and _deja_connue(self.headers, representations):
            del en_tetes["Content-Type"]
            en_tetes.pop("Content-Encoding", None)
            return Reponse(HTTPStatus.NOT_MODIFIED, b"", en_tetes)
        return Reponse(statut, choisie.corps, en_tetes, choisie.codage)

    def repondre(self, reponse: Reponse) -> None:
        """Envoie la réponse (sans corps pour HEAD) et la note au journal s'il y en a un."""
        debut = self.wfile.total
        self.send_response(reponse.statut)
        for nom, valeur in reponse.en_tetes.items():
            self.send_header(nom, valeur)
        if reponse.statut != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(reponse.corps)))
        self.end_headers()
        apres_en_tetes = self.wfile.total
        if self.command != "HEAD" and reponse.corps:
            self.wfile.write(reponse.corps)
        journal = self.server.options.journal
        if journal is not None:
            journal.noter(
                Requete(
                    jeton=journal.jeton(self.headers.get("Cookie", "")),
                    methode=self.command,
                    chemin=urlsplit(self.path).path,
                    statut=int(reponse.statut),
                    octets_en_tetes=apres_en_tetes - debut,
                    octets_corps=self.wfile.total - apres_en_tetes,
                    codage=reponse.codage,
                )
            )


def _hors_du_site(options: Options, chemin: str) -> Reponse:
    """Hors du sous-chemin : redirigé vers le site (serveur de travail ; `/echelon` pour tous),
    sinon 404."""
    if options.rediriger_hors_du_site:
        return Reponse(HTTPStatus.FOUND, en_tetes={"Location": options.sous_chemin})
    if chemin == options.sous_chemin.rstrip("/"):
        return Reponse(HTTPStatus.MOVED_PERMANENTLY, en_tetes={"Location": options.sous_chemin})
    return INTROUVABLE


def _deja_connue(en_tetes: Any, representations: tuple[Representation, ...]) -> bool:
    """Vrai si `If-None-Match` nomme l'une des représentations du fichier, ou dit « * »
    (sans ETag, jamais)."""
    connues = {r.etag for r in representations if r.etag}
    etags = {etag.strip() for etag in en_tetes.get("If-None-Match", "").split(",")}
    return bool(connues) and bool(connues & etags or "*" in etags)


class ServeurHTTP(ThreadingHTTPServer):
    """Le serveur sur 127.0.0.1 ; un fil par connexion, qui ne retient pas l'arrêt."""

    daemon_threads = True

    def __init__(self, options: Options, port: int = 0) -> None:
        self.options = options
        super().__init__(("127.0.0.1", port), Gestionnaire)

    @property
    def origine(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Le navigateur fermé au milieu d'un envoi n'est pas une erreur."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


@contextmanager
def servir(options: Options, port: int = 0) -> Iterator[ServeurHTTP]:
    """Sert le site dans un fil le temps du bloc (port 0 : un port libre), puis l'arrête."""
    serveur = ServeurHTTP(options, port)
    fil = threading.Thread(target=serveur.serve_forever, name="serveur-echelon", daemon=True)
    fil.start()
    try:
        yield serveur
    finally:
        serveur.shutdown()
        serveur.server_close()
        fil.join(timeout=5)
