"""The prompt pages' labels (French, as the rest of the console), passed to their templates as
`p` (texts) and `labels` (values by code)."""

from __future__ import annotations

P: dict[str, str] = {
    "title": "Prompts",
    "intro": ("Chaque texte envoyé à un LLM est ici. Une modification crée une nouvelle version (l'historique "
              "est gardé) ; la version active est lue par tous les processus en moins de 30 secondes. "
              "Chiffres sur 30 jours : un appel réussit s'il n'a pas échoué, si sa réponse avait le format "
              "demandé, si les contrôles du service l'ont gardée et si le résultat réel (quand il est connu) "
              "ne l'a pas contredite."),
    "name": "Prompt", "active_version": "Version active", "calls": "Appels", "success": "Réussite",
    "errors": "Erreurs", "avg_ms": "Temps moyen", "cost": "Coût", "tokens": "Jetons", "test": "Test A/B",
    "running": "en cours", "none": "—", "versions": "Historique des versions", "version": "Version",
    "created": "Créée", "by": "Par", "note": "Note", "active": "active", "activate": "Activer",
    "view_text": "Texte", "parameters": "Paramètres du modèle", "placeholders": "Variables remplies par le code",
    "edit": "Modifier (nouvelle version)", "text": "Texte du prompt", "change_note": "Note de modification",
    "activate_now": "Activer tout de suite", "save_version": "Enregistrer la version",
    "parameters_help": 'JSON : temperature (0–2), top_p (0–1), max_tokens (1–4000). Ex. : {"temperature": 0.2}',
    "text_help": ("Les variables entre accolades sont remplies par le code : gardez-les, n'en ajoutez pas ; "
                  "une accolade littérale s'écrit doublée ({{ }})."),
    "start_test": "Lancer un test A/B", "treatment": "Variante testée", "control": "Contrôle",
    "treatment_percentage": "Part du trafic pour la variante (%)", "min_sample_size": "Appels minimum par bras",
    "significance_level": "Seuil de signification (p)", "max_duration_days": "Durée maximale (jours)",
    "start": "Lancer le test", "stop": "Arrêter le test", "tests": "Tests A/B", "status": "Statut",
    "winner": "Gagnant", "p_value": "p", "conclusion": "Conclusion", "started": "Lancé", "ends": "Fin au plus tard",
    "live": ("Chiffres actuels ; la vérification horaire conclut dès que les deux bras ont assez d'appels et "
             "que p est sous le seuil, ou à la durée maximale."),
    "no_other_version": "Aucune autre version à tester : modifiez le prompt ou proposez une variante.",
    "evolve": "Faire évoluer", "evolve_llm": "Proposer une variante avec le LLM",
    "evolve_llm_help": ("Le LLM réécrit la version active à partir de ses 8 pires appels des 30 derniers jours ; "
                        "la variante est testée contre elle (50 % du trafic)."),
    "evolve_manual": "Tester ma variante", "evolve_manual_help": "Votre variante, testée contre la version active.",
    "no_llm": "Aucun LLM configuré : écrivez la variante vous-même.",
    "evolution_requested": "Variante demandée au LLM : elle apparaîtra dans l'historique d'ici quelques instants.",
    "last_request": "Dernière demande au LLM", "evolutions": "Évolutions", "parent": "Parent", "child": "Enfant",
    "kind": "Type", "strategy": "Stratégie", "improvement": "Amélioration",
    "saved": "Version {version} enregistrée.", "activated": "Version {version} active.",
    "test_started": "Test A/B lancé : version {treatment} contre version {control}.",
    "test_stopped": "Test A/B arrêté ; la version active reste en place.",
    "evolved": "Variante (version {version}) en test A/B contre la version {parent}.",
    "invalid": "Modification refusée :",
}
LABELS: dict[str, dict[str, str]] = {
    "statuses": {"running": "en cours", "completed": "terminé", "cancelled": "arrêté", "draft": "brouillon"},
    "kinds": {"mutation": "mutation (LLM)", "manual_edit": "modification manuelle", "crossover": "croisement",
              "optimization": "optimisation"},
    "job_statuses": {"pending": "en attente", "processing": "en cours", "completed": "faite", "failed": "échouée"},
}
