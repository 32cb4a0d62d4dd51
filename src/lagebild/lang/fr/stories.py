"""French data for story clustering: function words ignored as terms and as
entity candidates."""

STOPWORDS = frozenset(
    """
a à au aux avec ce ces cet cette dans de des du elle elles en est et être eu il ils je la le les leur leurs lui ma
mais me même mes moi mon ne nos notre nous on ont ou où par pas pour qu que qui sa se ses son sont sur ta te tes
toi ton tu un une vos votre vous y été était avait avoir fait faire plus selon aussi après avant comme dont entre
sans sous tout tous toute toutes très déjà encore ainsi alors afp reuters lundi mardi mercredi jeudi vendredi samedi
dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre an ans année
""".split()
)

# Error pages, login walls and paywall stubs (`corpus.cluster_pages`); English phrases are checked too.
NON_ARTICLE_PHRASES = (
    "page introuvable", "page non trouvée", "n'existe plus", "erreur 404", "accès refusé", "réservé aux abonnés",
    "article réservé", "abonnez-vous", "activer javascript", "connectez-vous",
)
