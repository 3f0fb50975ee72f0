"""The copilot's words in French and English: the chat page, the changes it prepares, what came of them."""

from __future__ import annotations

import re
import unicodedata

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Growth Copilot", "intro": "Ask about your leads, prospects and campaigns, or ask for a change: "
        "nothing changes before you confirm it.",
        "placeholder": "e.g. Which urgent leads came in this week?", "send": "Send", "thinking": "Thinking…",
        "you": "You", "copilot": "Copilot", "empty": "No message yet.",
        "confirm": "Confirm", "cancel": "Cancel", "waiting": "Waiting for your confirmation (until {time})",
        "done": "Done", "cancelled": "Cancelled", "failed": "Not done", "expired": "Expired: nothing was done",
        "offline_title": "The copilot needs a language model",
        "offline": "No LLM is configured (MISTRAL_API_KEY or OPENAI_API_KEY), so the copilot cannot answer. "
                   "Everything it does is on these pages:",
        "link_leads": "Leads: search, filter, tag, convert, archive, notes, analyse again",
        "link_activity": "Activity journal", "link_campaigns": "Campaigns: create, start, follow",
        "link_templates": "E-mail templates", "link_brain": "Growth Brain",
        "link_inbox": "Inbox: members and conversations", "link_contacts": "Contact requests",
        "link_analytics": "Analytics",
        # Replies the service writes itself (no model).
        "did": "Done: {what}.", "not_done": "Not done: {what} ({why}).",
        "refused": "Cancelled: nothing was changed.",
        "lead_gone": "the lead is no longer there",
        "too_late": "That proposal expired: nothing was done. Ask me again if you still want it.",
        "gave_up": "I could not finish that request. Try asking something narrower.",
        "unavailable": "The language model did not answer. Nothing was changed; try again in a moment.",
        "busy": "That is a lot of questions in a short time: please wait a minute before the next one.",
        "gone": "That proposal is no longer waiting for a confirmation (already decided, expired, or not "
                "yours): nothing was done.",
        # What a prepared change will do, as the user reads it before confirming.
        "tag_lead": "Tag the lead {lead} as “{tag}”", "convert_lead": "Mark the lead {lead} as converted",
        "archive_lead": "Archive the lead {lead}", "add_note": "Add a note to the lead {lead}: “{note}”",
        "reenrich_lead": "Analyse the lead {lead} again",
        "draft_campaign": "Create the draft campaign “{name}” ({audience}, template “{template}”, "
                          "at most {cap} e-mails a day, {approval})",
        "launch_campaign": "Start the campaign “{name}” ({remaining} recipients not written to yet)",
        "audience_prospects": "your prospects", "audience_leads": "your leads",
        "approval_manual": "each draft approved by you", "approval_auto": "drafts that pass the checks are sent",
    },
    "fr": {
        "title": "Growth Copilot", "intro": "Interrogez-moi sur vos leads, prospects et campagnes, ou demandez un "
        "changement : rien ne change avant que vous le confirmiez.",
        "placeholder": "ex. : Quels leads urgents sont arrivés cette semaine ?", "send": "Envoyer",
        "thinking": "Réflexion…", "you": "Vous", "copilot": "Copilot", "empty": "Pas encore de message.",
        "confirm": "Confirmer", "cancel": "Annuler", "waiting": "En attente de votre confirmation (jusqu'à {time})",
        "done": "Fait", "cancelled": "Annulé", "failed": "Non fait", "expired": "Expiré : rien n'a été fait",
        "offline_title": "Le copilot a besoin d'un modèle de langage",
        "offline": "Aucun LLM n'est configuré (MISTRAL_API_KEY ou OPENAI_API_KEY) : le copilot ne peut pas "
                   "répondre. Tout ce qu'il fait se trouve sur ces pages :",
        "link_leads": "Leads : rechercher, filtrer, taguer, convertir, archiver, notes, analyser à nouveau",
        "link_activity": "Journal d'activité", "link_campaigns": "Campagnes : créer, démarrer, suivre",
        "link_templates": "Modèles d'e-mails", "link_brain": "Growth Brain",
        "link_inbox": "Boîte de réception : membres et conversations", "link_contacts": "Demandes de contact",
        "link_analytics": "Statistiques",
        "did": "C'est fait : {what}.", "not_done": "Pas fait : {what} ({why}).",
        "refused": "Annulé : rien n'a été modifié.",
        "lead_gone": "le lead n'existe plus",
        "too_late": "Cette proposition a expiré : rien n'a été fait. Redemandez-moi si vous le souhaitez toujours.",
        "gave_up": "Je n'ai pas pu aller au bout de cette demande. Essayez une question plus précise.",
        "unavailable": "Le modèle de langage n'a pas répondu. Rien n'a été modifié ; réessayez dans un instant.",
        "busy": "Cela fait beaucoup de questions en peu de temps : merci d'attendre une minute avant la suivante.",
        "gone": "Cette proposition n'attend plus de confirmation (déjà décidée, expirée, ou pas la vôtre) : "
                "rien n'a été fait.",
        "tag_lead": "Ajouter le tag « {tag} » au lead {lead}", "convert_lead": "Marquer le lead {lead} comme converti",
        "archive_lead": "Archiver le lead {lead}", "add_note": "Ajouter une note au lead {lead} : « {note} »",
        "reenrich_lead": "Relancer l'analyse du lead {lead}",
        "draft_campaign": "Créer la campagne brouillon « {name} » ({audience}, modèle « {template} », "
                          "au plus {cap} e-mails par jour, {approval})",
        "launch_campaign": "Démarrer la campagne « {name} » ({remaining} destinataires pas encore contactés)",
        "audience_prospects": "vos prospects", "audience_leads": "vos leads",
        "approval_manual": "chaque brouillon approuvé par vous",
        "approval_auto": "les brouillons qui passent les vérifications partent",
    },
}

# A whole message that answers a confirmation question, once folded (lower case, no accents,
# no punctuation). Anything longer goes to the model.
YES = frozenset({"oui", "yes", "ok", "okay", "d accord", "daccord", "vas y", "go", "confirme", "je confirme",
                 "confirmer", "confirm", "oui merci", "yes please", "oui vas y", "c est bon", "ok go", "oui confirme"})
NO = frozenset({"non", "no", "annule", "annuler", "cancel", "stop", "non merci", "no thanks", "laisse tomber",
                "surtout pas"})


def text(language: str) -> dict[str, str]:
    return TEXT.get(language, TEXT["en"])


def folded(message: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", message.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def answer_kind(message: str) -> str | None:
    """"yes" or "no" when the whole message is one, else None."""
    words = folded(message)
    return "yes" if words in YES else "no" if words in NO else None
