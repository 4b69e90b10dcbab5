"""Which words are never part of a caller's name, which are titles, which are name particles.

Why word classes and not examples: a name is open (any foreign name must still be taken),
but the words around it are closed classes of the language: fillers, greetings, answer
words, pronouns, question words, common verbs, time words, numbers, room and hotel words.
A word of such a class is no name word, whatever the sentence ("Basically sure", "Next
week", "Machen wir's" are no names). Words that are also common names or surnames
("Will", "Mark", "Weiß", "King", "Young", "Lang", "Koch") are deliberately left out;
months are names too ("April", "June") and only never stand alone or last.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", text.lower()))


FILLERS = _words(
    """uh uhm um umm ah ahh oh hmm hm er erm ehm äh ähm öhm mhm well so like basically actually
    literally anyway anyways okay ok alright right yes yeah yep yup no nope nah maybe perhaps
    please thanks thank cheers sorry pardon excuse whatever halt quasi eben tja gell naja ja jo
    joa jein nee nein doch genau klar bitte danke also sozusagen eigentlich ne oder hallo moment
    wait warte stop mal einfach ruhig wohl eh denn ganz ma gleich oiso gö fei hoid listen huh
    uh-huh mm-hmm mhmm aha ahem mm mmm hmmm ach achso herrje oje ohje huch hach oha puh hoppla
    oops whoops gosh blimey crikey uff ojemine jesses jessas mannomann
    uf bi sog"""
)
# Words a caller calls the receptionist by ("It's Rajesh Venkataraman, dear, ...").
VOCATIVES = _words("""dear darling luv mate sweetheart sweetie hun""")
ANSWERS = _words(
    """great perfect brilliant lovely wonderful excellent awesome fantastic cool nice fine good
    sure certainly absolutely definitely exactly correct true super prima toll wunderbar perfekt
    klasse spitze schön gut passt einverstanden richtig natürlich sicher freilich logo gerne gern
    happy glad ready done sounds wrong incorrect mistaken falsch verkehrt stimmt
    cheaper cheapest dearer better best easier cheap expensive günstiger günstigste billiger
    teurer besser"""
)
GREETINGS = _words(
    """hi hello hey hiya morning afternoon evening goodbye bye byebye farewell servus moin grüß
    grüezi guten tag abend tschüss tschüs ciao tschau ade adieu wiederhören wiedersehen
    welcome"""
)
PRONOUNS = _words(
    """i i'm i'd i'll me my mine myself you you're your yours he him his she her hers it it's its
    we we're us our ours they them their this that these those there here everything nothing
    something anything everyone everybody someone somebody anyone nobody all both each either
    neither ich mich mir mein meine meinen meinem meiner du dich dir dein deine er ihn ihm sein
    seine sie ihr ihre ihnen es wir uns unser unsere unseren unserem unserer euch alles nichts
    etwas jemand niemand
    man the a an der die das den dem des ein eine einen einem einer kein keine other another
    different same andere anderen anderer anderes neue neuen new somewhere anywhere nowhere
    place way kind sort irgendwo irgendwas"""
)
QUESTION_WORDS = _words(
    """who whom whose what when where why how which wer wen wem wessen was wann wo warum wieso
    weshalb weswegen wie welche welcher welches welchen wohin woher"""
)
# Common verbs and auxiliaries (EN/DE), as said in a turn; none of them names a person.
VERBS = _words(
    """am is are was were be been being do does did doing done have has had having can could would
    shall should might must need needs want wants wanted like likes love see seeing saw look looking
    think know knew mean meant say said tell told ask asked calling called check checking
    book booking booked stay staying stayed come coming go going gone get getting got make making
    take taking give try trying shut let hold hang speak speaking talk talking help find cancel
    change move keep put arrive arriving leave leaving travel travelling traveling bring bringing
    confirm wonder wondering hoping interested afraid sein bin bist ist sind seid war waren
    wäre wären gewesen haben habe hab hat hatte hätte hätten kann können könnte könnten muss
    müssen müsste soll sollen sollte sollten will wollen wollte möchte möchten mag würde würden
    werden wird wurde machen mache macht mach gemacht gehen gehe geht ging kommen komme kommt kam
    sagen sage sagt nehmen nehme nehm nimmt geben gebe gibt brauchen brauche braucht buchen buche
    buch bucht gebucht suchen suche sucht rufen rufe heißen heiße heißt lauten lautet laufen läuft
    warten sprechen spreche verbinden stornieren storniere ändern ändere prüfen prüfe checken
    reservieren reserviere bleiben bleibe übernachten anreisen abreisen erreichen versuche
    versuchen frage fragen wohnen wohnt eingecheckt angekommen ankommt täte mind gonna wanna
    gotta eintragen einzutragen hinschreiben aufschreiben notieren notiere notiert
    vermerken schauen schaun schau hin steht stehen stand drauf darauf drin"""
)
TIME_WORDS = _words(
    """today tomorrow yesterday tonight now later soon week weeks weekend month months year years
    night nights day days noon midnight next last first second third early late heute morgen
    gestern übermorgen jetzt später bald woche wochen wochenende monat monate jahr jahre nacht
    nächte tag tage mittag abends morgens nächste nächsten nächster letzte letzten erste ersten
    früh spät uhr o'clock"""
)
WEEKDAYS = _words(
    """monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch
    donnerstag freitag samstag sonnabend sonntag"""
)
# Months are first names too ("April", "June", "August"): never a name alone or last.
MONTHS = _words(
    """january february march april may june july august september october november december
    januar jänner februar märz mai juni juli oktober dezember"""
)
ROOM_WORDS = _words(
    """room rooms suite suites double twin single bed beds zimmer doppelzimmer einzelzimmer
    zweibettzimmer bett betten suiten people persons person guests guest adults adult children
    kids personen person gäste gast erwachsene kinder booking bookings reservation reservations
    buchung reservierung number nummer code confirmation reference tarif"""
)
PREPOSITIONS = _words(
    """in on at to into onto for from with without of by about under over after before until till
    through up down off out im am um an auf aus bei mit nach seit vom zum zur bis ab ohne für
    gegen durch unter über and und or oder but aber if wenn falls dass not nicht very sehr just
    only nur then dann also auch too again wieder still noch already schon really wirklich never
    nie always immer how quite rather pretty fairly somewhat kinda bit little bisschen ziemlich
    recht echt total zu behalf namens seitens"""
)
# Whom a caller books for, said before the name ("under our client X", "auf unseren Kunden
# buchen, X", "on behalf of a customer"): a role, never the name itself.
ROLES = _words(
    """client clients customer customers visitor visitors agency agent kunde kunden kundin
    kundinnen besucher besucherin reisebüro agentur firma company guest guests gast gäste"""
)
# Topic words of the hotel's guests (topics.yaml) and what every hotel has.
HOTEL_WORDS = _words(
    """hotel breakfast wifi wlan internet parking parkplatz garage pool gym spa sauna music
    restaurant bar checkout check-in check-out reception rezeption lobby frühstück inklusive
    included inclusive questions question frage fragen maschine machine telefon phone email
    mail business pleasure holiday holidays vacation urlaub dienstreise geschäftlich arbeit
    conference messe name names namen rubbish"""
)
_TOPICS = Path(__file__).parent / "topics.yaml"


def _topic_words() -> frozenset[str]:
    groups = yaml.safe_load(_TOPICS.read_text(encoding="utf-8"))
    return frozenset(w.lower() for g in groups for t in g for w in str(t).split() if len(w) > 2)


NEVER = (
    FILLERS
    | VOCATIVES
    | ANSWERS
    | GREETINGS
    | PRONOUNS
    | QUESTION_WORDS
    | VERBS
    | TIME_WORDS
    | WEEKDAYS
    | ROOM_WORDS
    | ROLES
    | PREPOSITIONS
    | HOTEL_WORDS
    | _topic_words()
) - _words(
    # words of those classes that are also common names or surnames: never ruled out
    """park price lake court golf hall hope will mark bill rose grace young king long little
    day may june april august early bell wood cook baker hunt black white green brown"""
)
# Titles of address (said before a name, not part of what is written on the booking).
TITLES = _words(
    """mr mr. mister mrs mrs. missus ms ms. miss dr dr. doctor doktor prof prof. professor sir
    madam madame herr herrn frau fräulein"""
)
# Name particles: lower-case words inside a surname ("von der Heide", "de la Cruz", "van Dijk").
PARTICLES = _words(
    """von van vom zu zum zur der den de del della la le les du di da das dos ten ter bin ibn
    al el st. st"""
)
