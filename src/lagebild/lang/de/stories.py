"""German data for story clustering: function words ignored as terms and as
entity candidates (capitalised sentence starts such as "Der", "Nach")."""

STOPWORDS = frozenset(
    """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei
beim bereits bis bisher bin bist da dabei dadurch dafür dagegen daher damit danach dann daran darauf darin darüber
das dass daß dein deine dem demnach den denen denn dennoch der deren des deshalb dessen dich die dies diese diesem
diesen dieser dieses doch dort du durch eben ein eine einem einen einer eines einige einigen einmal er es etwa etwas
euch euer für gab gegen gewesen gibt hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre
ihrem ihren ihrer im immer in indem ins ist ja jede jedem jeden jeder jedoch jetzt kann kein keine keinen können
könnte laut machen man mehr mein meine mit muss musste müssen nach nachdem nein nicht nichts noch nun nur ob oder
ohne rund sagen sagte sagt schon sehr sei seien sein seine seinem seinen seiner seit seitdem selbst sich sie sind so
sogar soll sollen sollte sonst sowie über um und uns unser unter viel viele vom von vor wann war waren warum was
weil weiter weitere welche welchem welchen welcher wenn wer werde werden wie wieder will wir wird wo wollen wollte
worden wurde wurden zu zum zur zwar zwischen heute gestern morgen jahr jahre jahren prozent mehrere neue neuen
neuer dpa afp reuters ap foto bild kommentare mehr lesen uhr montag dienstag mittwoch donnerstag freitag samstag
sonntag januar jänner februar märz april mai juni juli august september oktober november dezember
""".split()
)

# Capitalised German words with these endings are common nouns, not names:
# they are kept as terms but not used as entity candidates.
NON_ENTITY_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "sion", "tät", "ismus", "nis", "tum", "ment", "chen",
                       "lein", "ierung", "ei", "ik", "ur", "enz", "anz", "ität", "ling")

# Words that are fine as clustering terms but say nothing in a story label ("beide", "nehmen").
LABEL_STOPWORDS = frozenset(
    """
beide beiden beider nehmen nimmt nahm geben gibt gab gehen geht ging kommen kommt kam stehen steht stand lassen
sehen sieht sah halten hält hielt bleiben bleibt blieb eng neu groß große großen gut erste ersten zweite zweiten
letzte letzten russisch russische russischen nordkoreanisch nordkoreanische nordkoreanischen deutsch deutsche
deutschen amerikanisch amerikanische amerikanischen chinesisch chinesische chinesischen gegenseitig gegenseitige
sagen sprechen erklären berichten wochen woche tage tagen monat monaten jahr jahres seit bereits dürfen darf durfte müssen muss können kann sollen soll
erst erstmals erneut zurück vorerst lang lange kurz bald zuletzt zunächst inzwischen derzeit bislang weiterhin
künftig zudem außerdem allerdings wegen trotz während gegenüber angesichts möglich deutlich bekannt ehemalig jährig
dritte dritter dritten vierte vierten eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig
dreißig hundert tausend million millionen milliarde milliarden stellen führen bringen treten befinden liegen zeigen
""".split()
)

# Error pages, login walls and paywall stubs (`corpus.cluster_pages`); English phrases are checked too.
NON_ARTICLE_PHRASES = (
    "seite nicht gefunden", "seite wurde nicht gefunden", "seite existiert nicht", "nicht mehr verfügbar",
    "fehler 404", "404 fehler", "zugriff verweigert", "jetzt abonnieren", "nur für abonnenten",
    "exklusiv für abonnenten", "mit einem abo", "bitte melden sie sich an", "bitte aktivieren sie javascript",
    "javascript deaktiviert", "cookies aktivieren", "artikel ist nicht mehr verfügbar",
)
