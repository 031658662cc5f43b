// Chaque page de lecture enregistre le service worker (sw.js), une fois la page chargée : après
// une visite, le site répond hors ligne. Jamais quand l'appareil demande d'économiser les
// données (navigator.connection.saveData) : la visite ne télécharge alors que la page lue.
// Sur une connexion qui le permet, elle lui demande aussi le runtime Python (voir plus bas).
// Le simulateur, lui, l'enregistre quand son calculateur est prêt (simulateur.mjs).

function enregistrer() {
  try {
    navigator.serviceWorker?.register(new URL("../sw.js", import.meta.url), { updateViaCache: "none" })?.catch(() => {});
  } catch {
    // refusé (navigation privée, réglages) : le site marche sans
  }
}

// Quand la connexion le permet, le runtime du simulateur (environ 4 Mo) est demandé d'avance
// au service worker, une fois la page chargée : l'étudiant qui ouvre ensuite le simulateur ne
// l'attend plus. « Le permet » : rapide (« 4g » selon le navigateur), pas un forfait mobile
// (type « cellular »), et jamais en économie de données. Sans navigator.connection, le
// navigateur ne dit rien de la connexion : rien n'est demandé.
function connexionQuiLePermet() {
  const connexion = navigator.connection;
  return Boolean(
    connexion &&
      !connexion.saveData &&
      connexion.effectiveType === "4g" &&
      connexion.type !== "cellular",
  );
}

function demanderLeRuntime() {
  navigator.serviceWorker?.ready
    .then((inscription) => inscription.active?.postMessage({ action: "prendre-d-avance" }))
    .catch(() => {});
}

function apresChargement() {
  enregistrer();
  if (connexionQuiLePermet()) demanderLeRuntime();
}

if (!navigator.connection?.saveData) {
  if (document.readyState === "complete") apresChargement();
  else addEventListener("load", apresChargement, { once: true });
}
