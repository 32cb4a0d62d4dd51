"""English data for story clustering: function words ignored as terms and as
entity candidates."""

STOPWORDS = frozenset(
    """
a about after again against all also am an and any are as at be because been before being between both but by can
could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
ours out over own said same say says she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while who whom why will
with would you your yours year years percent new one two three also told according mr mrs ms reuters ap afp
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today yesterday week
""".split()
)

# A page whose title or opening says one of these (lower-cased substring) is an error page, login wall or
# paywall stub, not an article (`corpus.cluster_pages`). English phrases are checked for every language.
NON_ARTICLE_PHRASES = (
    "page not found", "document not found", "cannot be found", "could not be found", "page you requested",
    "page you are looking for", "currently unavailable", "unable to process your request",
    "unable to process request", "error 404", "404 error", "404 not found", "error 999", "error 500",
    "access denied", "log in", "login", "sign in to", "register for", "subscribe to read", "subscribers only",
    "subscription required", "enable javascript", "javascript is disabled", "please enable cookies",
    "service unavailable", "temporarily unavailable", "latest news & headlines", "latest news and headlines",
)
