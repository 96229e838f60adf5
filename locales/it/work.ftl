# Le fasi del lavoro lungo che l'interfaccia mostra accanto all'avanzamento (core/src/work.rs, Step).
work-step-listing = Elenco dei dataset
work-step-harvesting = Raccolta dei dataset
work-step-importing = Importazione dei file
work-step-scanning = Lettura della foto
work-step-rendering = Impaginazione dell'avviso
work-cancelled = Operazione annullata: nulla è stato salvato.
