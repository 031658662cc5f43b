// Le worker du calculateur, lancé dès que ce petit module arrive : chargé en « async » en tête
// de la page du simulateur, il n'attend ni la fin de l'analyse du HTML ni les autres modules de
// la page (bench/demarrage.py : le worker part 150 à 250 ms plus tôt). simulateur.mjs
// l'importe (même adresse, même module) et reçoit aussi les messages arrivés avant lui.

/**
 * {worker, ecouter(surMessage, surErreur)} si le worker a démarré, {echec: raison} sinon.
 * `ecouter` rejoue d'abord, dans l'ordre, ce que le worker a envoyé avant d'être écouté.
 */
export const calculateur = lancer();

function lancer() {
  if (typeof WebAssembly === "undefined" || typeof Worker === "undefined") {
    return { echec: "WebAssembly n'y est pas disponible" };
  }
  let worker;
  try {
    worker = new Worker(new URL("./calculateur.worker.mjs", import.meta.url), { type: "module" });
  } catch {
    return { echec: "le calculateur n'a pas pu démarrer" };
  }
  const recus = [];
  const garder = (evenement) => {
    if (evenement.type === "error") evenement.preventDefault?.();
    recus.push(evenement);
  };
  worker.addEventListener("message", garder);
  worker.addEventListener("error", garder);
  return {
    worker,
    ecouter(surMessage, surErreur) {
      worker.removeEventListener("message", garder);
      worker.removeEventListener("error", garder);
      for (const evenement of recus.splice(0)) {
        (evenement.type === "error" ? surErreur : surMessage)(evenement);
      }
      worker.addEventListener("message", surMessage);
      worker.addEventListener("error", surErreur);
    },
  };
}
