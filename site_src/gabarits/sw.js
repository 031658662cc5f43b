// Service worker d'Échelon, engendré par build.py : garde le site entier sur l'appareil
// (pages, runtime Python, roue du calculateur, données) pour qu'il fonctionne hors ligne.
// Le nom du cache dérive du contenu : chaque déploiement a le sien, les anciens sont effacés.

const CACHE = {{ cache | tojson }};
const FICHIERS = {{ fichiers | tojson }};

self.addEventListener("install", (evenement) => {
  evenement.waitUntil(
    caches
      .open(CACHE)
      // « no-cache » : revalide auprès du serveur (304 si inchangé) au lieu de tout retélécharger.
      .then((cache) => cache.addAll(FICHIERS.map((url) => new Request(url, { cache: "no-cache" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (evenement) => {
  evenement.waitUntil(
    caches
      .keys()
      .then((noms) => Promise.all(
        noms.filter((nom) => nom.startsWith("echelon-") && nom !== CACHE).map((nom) => caches.delete(nom)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (evenement) => {
  const requete = evenement.request;
  if (requete.method !== "GET" || new URL(requete.url).origin !== self.location.origin) {
    return;
  }
  evenement.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(requete, { ignoreSearch: true }))
      .then((reponse) => reponse || fetch(requete)),
  );
});
