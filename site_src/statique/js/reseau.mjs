// Du réseau ; sans réseau, la copie gardée par le service worker (les fichiers du runtime ne
// passent pas par lui, sw.js dit pourquoi : c'est donc aux workers de la prendre). Partagé par
// le worker du calculateur et le décompresseur ; `telecharger` : le fetch à employer (le worker
// du calculateur remplace le sien, voir calculateur.worker.mjs).
export async function reseauOuCopie(ressource, options = undefined, telecharger = fetch) {
  try {
    return await telecharger(ressource, options);
  } catch (erreur) {
    const adresse = new URL(String(ressource.url ?? ressource), self.location.href).href;
    const copie = await self.caches?.match(adresse, { ignoreSearch: true }).catch(() => undefined);
    if (!copie) throw erreur;
    return copie;
  }
}
