// Chaque page de lecture enregistre le service worker (sw.js), une fois la page chargée : après
// une visite, le site répond hors ligne. Jamais quand l'appareil demande d'économiser les
// données (navigator.connection.saveData) : la visite ne télécharge alors que la page lue.
// Le service worker ne garde ici que le site, jamais le runtime Python du simulateur.
// Le simulateur, lui, l'enregistre quand son calculateur est prêt (simulateur.mjs).

function enregistrer() {
  try {
    navigator.serviceWorker?.register(new URL("../sw.js", import.meta.url), { updateViaCache: "none" })?.catch(() => {});
  } catch {
    // refusé (navigation privée, réglages) : le site marche sans
  }
}

if (!navigator.connection?.saveData) {
  if (document.readyState === "complete") enregistrer();
  else addEventListener("load", enregistrer, { once: true });
}
