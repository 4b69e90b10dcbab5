"""What SOVREN says, in English and German.

Why one table: the reply language follows the caller turn by turn, so every
sentence the agents can speak must exist in both languages, and a missing
translation must be visible in one place (tests check both tables have the
same keys and placeholders).
"""

from __future__ import annotations

import datetime as dt

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hello, this is {hotel}. How can I help you?",
        "goodbye": "Thank you for calling {hotel}. Goodbye!",
        "human": "Of course, I'll put you through to a colleague at the reception.",
        "ack": "One moment, let me check.",
        "not_understood": "Sorry, I didn't catch that. Could you say it again?",
        "cut": "Sorry, that was a lot at once. Could you tell me briefly what you need?",
        "how_help": "How can I help you?",
        "ask_dates": "For which dates would you like to stay?",
        "ask_arrival": "On which day would you like to arrive?",
        "ask_nights": "How many nights would you like to stay?",
        "ask_nights_from": "Arriving on {arrival}: for how many nights would you like to stay?",
        "ask_arrival_for": "For {nights}: on which day would you like to arrive?",
        "ask_guests": "For how many guests?",
        "ask_name": "May I have the name for the booking?",
        "ask_new_dates": "What are the new dates you would like?",
        "ask_verification": "Could you give me your confirmation number and the name on the booking?",
        "ask_confirmation": "Could you give me your confirmation number, please?",
        "ask_name_verify": "And the name on the booking, please?",
        "clarify_dates": "Just to be sure: from {arrival} to {departure} is {span} nights, not {nights}. Which is right?",
        "clarify_guests": "I heard both {a} and {b} guests. How many guests will there be?",
        "unsure_dates": "Just to be sure: arriving on which day, and for how many nights?",
        "bad_range": "The departure has to be after the arrival. For which dates would you like to stay?",
        "checking": "One moment, let me check availability from {arrival} to {departure} for {guests}.",
        "offer": "I have {a_room} from {arrival} to {departure}, {nights}, for {guests} at {total} {currency} in total{rate_terms}.",
        "offer_alt": "{wanted_cap} is not available, but I have {a_room} from {arrival} to {departure}, {nights}, for {guests} at {total} {currency} in total{rate_terms}.",
        "offer_then_name": "{offer} May I have the name for the booking?",
        "booked": "Your booking is confirmed. Your confirmation number is {confirmation}. I have {a_room} for you from {arrival} to {departure}.",
        "no_availability": "I'm sorry, we have no room available from {arrival} to {departure} for {guests}. Would you like to try other dates?",
        "near_code": "I have a booking under that name with the number {confirmation}.",
        "candidate": "I have a booking under {name}, number {confirmation}, from {arrival} to {departure}.",
        "candidate_ask": "Is that the one?",
        "found": "I found your booking: {a_room} from {arrival} to {departure} for {guests}.",
        "found_modify": "I found your booking from {arrival} to {departure}. What are the new dates?",
        "found_cancel": "I found your booking from {arrival} to {departure}. Shall I cancel it?",
        "not_verified": "I'm sorry, I can't find a booking that matches those details. For privacy I can only discuss a booking with the guest who made it.",
        "privacy": "I'm sorry, for privacy I can only discuss a booking with the guest who made it, with the confirmation number and the name on the booking.",
        "confirm_modify": "Shall I change your booking to {arrival} to {departure}, {nights}, {a_room} for {guests}, at {total} {currency} in total ({terms})?",
        "confirm_modify_unpriced": "Shall I change your booking to {arrival} to {departure}, {nights}, {a_room} for {guests} ({terms})? I will tell you the new total right after the change.",
        "modified": "Done: your booking {confirmation} is now from {arrival} to {departure}.",
        "confirm_cancel": "Shall I cancel your booking {confirmation} from {arrival} to {departure} ({terms})?",
        "cancelled": "Your booking {confirmation} is cancelled.",
        "denied": "All right, I won't do that. What would you like to change?",
        "anything_else": "Is there anything else I can do for you?",
        "pms_error": "I'm sorry, I can't reach our reservation system right now. Shall I put you through to a colleague?",
        "unsupported": "I'm sorry, I can't do that by phone automatically. Shall I put you through to a colleague?",
        "rejected": "I'm sorry, I can't do that right now. Shall I put you through to a colleague?",
        "rejected_ask": "Sorry, I'm not sure I understood you correctly. Could you say that again?",
        "decline": "I'm sorry, I can't help with that. Is there anything else I can do for you?",
        "unknown_fact": "I'm sorry, I don't know that. Shall I connect you with {reception}?",
        "unknown_fact_rest": "The rest I don't know, I'm afraid. Shall I connect you with {reception}?",
        "guests_1": "one guest",
        "guests_n": "{n} guests",
        "confirm_book": "Shall I book {a_room} from {arrival} to {departure}, {nights}, for {guests} under the name {name}, at {total} {currency} in total{rate_terms}?",
        "rate_option": "Alternatively, the {rate} costs {total} {currency} in total ({terms}).",
        "rate_chosen": "All right, the {rate}: {total} {currency} in total ({terms}).",
        "confirm_name": "I have the name {name}, spelled {spelling}. Is that right?",
        "name_spelled": "{name}, spelled {spelling}",
        "ask_spell_name": "Could you spell the name for me, please?",
        "repeat_confirmation": "Your confirmation number is {confirmation}. Once more: {confirmation}.",
        "nothing_to_repeat": "I haven't given you a confirmation number yet. How can I help you?",
        "no_such_fact": "I'm sorry, I don't have that information. Shall I connect you with {reception}?",
        "offer_reception": "Shall I connect you with {reception}?",
        "multi_room": "I'm sorry, I can book only one room per call, so I can't book all {rooms} rooms for you here. Shall I connect you with {reception}?",
        "group_too_big": "Our largest room, the {room}, takes at most {max} guests, so {guests} would need several rooms, which I can't book in one call. Shall I connect you with {reception}?",
        "one_room_instead": "All right. Shall I book one room for you instead?",
        "fewer_guests": "All right. Our rooms take at most {max} guests. For how many guests shall I book?",
        "too_long": "I can book at most {max} nights by phone. How many nights would you like to stay?",
        "past_date": "That date has already passed; today is {today}. From which date would you like to stay?",
        "wait": "Of course, take your time. Just tell me when you're ready.",
        "left_as_is": "All right, I'll leave everything as it is.",
        "reask_dates": "On which day would you arrive, and for how many nights?",
        "reask_nights": "How many nights will you be staying with us?",
        "reask_guests": "How many people will be staying, including yourself?",
        "reask_name": "Could you tell me your first and last name, please?",
        "reask_room": "Which kind of room would you like?",
        "reask_confirmation": "Could you read me the confirmation number from your booking e-mail?",
        "go_ahead": "Go ahead, please.",
        "reask_generic": "Could you put that another way, please?",
        "colleague": "Shall I put you through to a colleague?",
        "terms_unknown": "the cancellation terms of your booking stay as they are",
        "new_total": "The new total is {total} {currency}.",
        "nights_1": "one night",
        "nights_n": "{n} nights",
        # PMS failures, answered as a receptionist would (agents/intel/policy.py, on_failure)
        "room_taken": "I'm sorry, {the_room} was booked by another guest just a moment ago.",
        "dates_taken": "I'm sorry, your room is not available for those new dates. Which other dates would suit you?",
        "pms_down": "I'm sorry, our reservation system is not available at the moment, so I can't do that for you right now. You are welcome to call back later, or shall I connect you with {reception}?",
        "pms_slow": "I'm sorry, our reservation system is taking too long to answer right now, so I can't do that at the moment. Shall I connect you with {reception}?",
        "pms_slow_write": "I'm sorry, our reservation system did not answer in time, so I can't tell you yet whether that went through. Shall I connect you with {reception}? They can check it right away.",
        "not_found_spell": "I'm sorry, I can't find a booking under that number. Could you spell the confirmation number for me, letter by letter?",
        # the phone's keypad, offered on a SIP call when the number is asked again (docs/telephony.md)
        "keypad_offer": "You can also type the digits on your phone's keypad and finish with the hash key.",
        "keypad_unasked": "Thank you, but I'm not asking for a number just now.",
        "conflict": "I'm sorry, that booking can no longer be changed by phone. Shall I connect you with {reception}?",
        "invalid_value": "I'm sorry, our reservation system did not accept {what}.",
        "field_arrival": "the arrival date",
        "field_departure": "the departure date",
        "field_guests": "the number of guests",
        "field_room_type": "the room type",
        "field_guest_name": "the name",
        "field_confirmation": "the confirmation number",
        "field_other": "one of the details",
    },
    "de": {
        "greeting": "Guten Tag, hier ist das {hotel}. Wie kann ich Ihnen helfen?",
        "goodbye": "Vielen Dank für Ihren Anruf im {hotel}. Auf Wiederhören!",
        "human": "Gerne, ich verbinde Sie mit einer Kollegin an der Rezeption.",
        "ack": "Einen Moment, ich sehe nach.",
        "not_understood": "Entschuldigung, das habe ich nicht verstanden. Könnten Sie das wiederholen?",
        "cut": "Entschuldigung, das war sehr viel auf einmal. Was kann ich kurz gesagt für Sie tun?",
        "how_help": "Wie kann ich Ihnen helfen?",
        "ask_dates": "Für welche Daten möchten Sie buchen?",
        "ask_arrival": "An welchem Tag möchten Sie anreisen?",
        "ask_nights": "Wie viele Nächte möchten Sie bleiben?",
        "ask_nights_from": "Anreise am {arrival}: für wie viele Nächte möchten Sie bleiben?",
        "ask_arrival_for": "Für {nights}: an welchem Tag möchten Sie anreisen?",
        "ask_guests": "Für wie viele Personen?",
        "ask_name": "Auf welchen Namen darf ich buchen?",
        "ask_new_dates": "Welche neuen Daten möchten Sie?",
        "ask_verification": "Könnten Sie mir Ihre Bestätigungsnummer und den Namen der Buchung nennen?",
        "ask_confirmation": "Wie lautet Ihre Bestätigungsnummer?",
        "ask_name_verify": "Und auf welchen Namen läuft die Buchung?",
        "clarify_dates": "Nur zur Sicherheit: vom {arrival} bis {departure} sind {span} Nächte, nicht {nights}. Was stimmt?",
        "clarify_guests": "Ich habe {a} und {b} Personen gehört. Wie viele Personen sind es?",
        "unsure_dates": "Nur zur Sicherheit: an welchem Tag reisen Sie an, und für wie viele Nächte?",
        "bad_range": "Die Abreise muss nach der Anreise liegen. Für welche Daten möchten Sie buchen?",
        "checking": "Einen Moment, ich prüfe die Verfügbarkeit vom {arrival} bis {departure} für {guests}.",
        "offer": "Ich habe {a_room} von {arrival} bis {departure}, {nights}, für {guests} zu insgesamt {total} {currency}{rate_terms}.",
        "offer_alt": "{wanted_cap} ist nicht frei, aber ich habe {a_room} von {arrival} bis {departure}, {nights}, für {guests} zu insgesamt {total} {currency}{rate_terms}.",
        "offer_then_name": "{offer} Auf welchen Namen darf ich buchen?",
        "booked": "Ihre Buchung ist bestätigt. Ihre Bestätigungsnummer ist {confirmation}. Ich habe {a_room} von {arrival} bis {departure} für Sie reserviert.",
        "no_availability": "Leider ist vom {arrival} bis {departure} für {guests} nichts frei. Möchten Sie andere Daten versuchen?",
        "near_code": "Unter diesem Namen habe ich eine Buchung mit der Nummer {confirmation}.",
        "candidate": "Ich habe eine Buchung auf den Namen {name}, Nummer {confirmation}, von {arrival} bis {departure}.",
        "candidate_ask": "Ist das die richtige?",
        "found": "Ich habe Ihre Buchung gefunden: {a_room} von {arrival} bis {departure} für {guests}.",
        "found_modify": "Ich habe Ihre Buchung vom {arrival} bis {departure} gefunden. Welche neuen Daten möchten Sie?",
        "found_cancel": "Ich habe Ihre Buchung vom {arrival} bis {departure} gefunden. Soll ich sie stornieren?",
        "not_verified": "Leider finde ich keine Buchung zu diesen Angaben. Aus Datenschutzgründen kann ich eine Buchung nur mit dem Gast besprechen, der sie gemacht hat.",
        "privacy": "Aus Datenschutzgründen kann ich eine Buchung nur mit dem Gast besprechen, der sie gemacht hat, mit Bestätigungsnummer und Namen.",
        "confirm_modify": "Soll ich Ihre Buchung auf {arrival} bis {departure} ändern, {nights}, {a_room} für {guests}, zu insgesamt {total} {currency} ({terms})?",
        "confirm_modify_unpriced": "Soll ich Ihre Buchung auf {arrival} bis {departure} ändern, {nights}, {a_room} für {guests} ({terms})? Den neuen Gesamtpreis nenne ich Ihnen direkt nach der Änderung.",
        "modified": "Erledigt: Ihre Buchung {confirmation} ist jetzt vom {arrival} bis {departure}.",
        "confirm_cancel": "Soll ich Ihre Buchung {confirmation} von {arrival} bis {departure} stornieren ({terms})?",
        "cancelled": "Ihre Buchung {confirmation} ist storniert.",
        "denied": "In Ordnung, das mache ich nicht. Was möchten Sie ändern?",
        "anything_else": "Kann ich sonst noch etwas für Sie tun?",
        "pms_error": "Leider erreiche ich unser Reservierungssystem gerade nicht. Soll ich Sie mit einer Kollegin verbinden?",
        "unsupported": "Das kann ich am Telefon leider nicht automatisch erledigen. Soll ich Sie mit einer Kollegin verbinden?",
        "rejected": "Das kann ich gerade leider nicht tun. Soll ich Sie mit einer Kollegin verbinden?",
        "rejected_ask": "Entschuldigung, ich bin nicht sicher, ob ich Sie richtig verstanden habe. Könnten Sie das wiederholen?",
        "decline": "Damit kann ich leider nicht helfen. Kann ich sonst noch etwas für Sie tun?",
        "unknown_fact": "Das weiß ich leider nicht. {reception_cap} hilft Ihnen gern weiter: Soll ich Sie verbinden?",
        "unknown_fact_rest": "Das Weitere weiß ich leider nicht. {reception_cap} hilft Ihnen gern weiter: Soll ich Sie verbinden?",
        "guests_1": "eine Person",
        "guests_n": "{n} Personen",
        "confirm_book": "Soll ich {a_room} von {arrival} bis {departure}, {nights}, für {guests} auf den Namen {name} buchen, zu insgesamt {total} {currency}{rate_terms}?",
        "rate_option": "Alternativ: {rate} für insgesamt {total} {currency} ({terms}).",
        "rate_chosen": "Gern, {rate}: insgesamt {total} {currency} ({terms}).",
        "confirm_name": "Ich habe den Namen {name}, buchstabiert {spelling}. Ist das richtig?",
        "name_spelled": "{name}, buchstabiert {spelling}",
        "ask_spell_name": "Könnten Sie mir den Namen bitte buchstabieren?",
        "repeat_confirmation": "Ihre Bestätigungsnummer ist {confirmation}. Noch einmal: {confirmation}.",
        "nothing_to_repeat": "Ich habe Ihnen noch keine Bestätigungsnummer genannt. Wie kann ich Ihnen helfen?",
        "no_such_fact": "Das kann ich Ihnen leider nicht sagen. {reception_cap} hilft Ihnen gern weiter: Soll ich Sie verbinden?",
        "offer_reception": "{reception_cap} hilft Ihnen gern weiter: Soll ich Sie verbinden?",
        "multi_room": "Leider kann ich pro Anruf nur ein Zimmer buchen, nicht alle {rooms} Zimmer. {reception_cap} hilft Ihnen gern weiter: Soll ich Sie verbinden?",
        "group_too_big": "Unser größtes Zimmer ({room}) ist für höchstens {max} Personen; für {guests} bräuchten Sie mehrere Zimmer, die ich nicht in einem Anruf buchen kann. {reception_cap} hilft Ihnen gern weiter: Soll ich Sie verbinden?",
        "one_room_instead": "In Ordnung. Soll ich stattdessen ein Zimmer für Sie buchen?",
        "fewer_guests": "In Ordnung. Unsere Zimmer sind für höchstens {max} Personen. Für wie viele Personen soll ich buchen?",
        "too_long": "Ich kann telefonisch höchstens {max} Nächte buchen. Wie viele Nächte möchten Sie bleiben?",
        "past_date": "Dieses Datum liegt in der Vergangenheit; heute ist {today}. Ab welchem Datum möchten Sie buchen?",
        "wait": "Natürlich, lassen Sie sich Zeit. Sagen Sie mir einfach Bescheid.",
        "left_as_is": "In Ordnung, ich lasse alles, wie es ist.",
        "reask_dates": "An welchem Tag möchten Sie anreisen, und für wie viele Nächte?",
        "reask_nights": "Wie viele Nächte bleiben Sie bei uns?",
        "reask_guests": "Wie viele Personen übernachten, Sie selbst eingeschlossen?",
        "reask_name": "Wie ist bitte Ihr Vor- und Nachname?",
        "reask_room": "Welche Art von Zimmer möchten Sie?",
        "reask_confirmation": "Könnten Sie mir die Bestätigungsnummer aus Ihrer Buchungs-E-Mail vorlesen?",
        "go_ahead": "Ja, bitte.",
        "reask_generic": "Könnten Sie das bitte anders sagen?",
        "colleague": "Soll ich Sie mit einer Kollegin verbinden?",
        "terms_unknown": "die Stornobedingungen Ihrer Buchung bleiben unverändert",
        "new_total": "Der neue Gesamtpreis ist {total} {currency}.",
        "nights_1": "eine Nacht",
        "nights_n": "{n} Nächte",
        "room_taken": "Das tut mir leid, {the_room} wurde gerade eben von einem anderen Gast gebucht.",
        "dates_taken": "Leider ist Ihr Zimmer für diese neuen Daten nicht frei. Welche anderen Daten würden Ihnen passen?",
        "pms_down": "Leider ist unser Reservierungssystem gerade nicht erreichbar, deshalb kann ich das im Moment nicht für Sie erledigen. Sie können gern später noch einmal anrufen, oder soll ich Sie mit {reception} verbinden?",
        "pms_slow": "Leider antwortet unser Reservierungssystem gerade zu langsam, deshalb kann ich das im Moment nicht erledigen. Soll ich Sie mit {reception} verbinden?",
        "pms_slow_write": "Leider hat unser Reservierungssystem nicht rechtzeitig geantwortet, deshalb kann ich Ihnen noch nicht sagen, ob das geklappt hat. Soll ich Sie mit {reception} verbinden? Dort kann man es sofort prüfen.",
        "not_found_spell": "Leider finde ich unter dieser Nummer keine Buchung. Könnten Sie mir die Bestätigungsnummer bitte Zeichen für Zeichen buchstabieren?",
        "keypad_offer": "Sie können die Ziffern auch über die Tastatur Ihres Telefons eingeben und mit der Rautetaste abschließen.",
        "keypad_unasked": "Danke, aber ich frage gerade nach keiner Nummer.",
        "conflict": "Leider kann diese Buchung telefonisch nicht mehr geändert werden. Soll ich Sie mit {reception} verbinden?",
        "invalid_value": "Leider hat unser Reservierungssystem {what} nicht angenommen.",
        "field_arrival": "das Anreisedatum",
        "field_departure": "das Abreisedatum",
        "field_guests": "die Anzahl der Gäste",
        "field_room_type": "die Zimmerkategorie",
        "field_guest_name": "den Namen",
        "field_confirmation": "die Bestätigungsnummer",
        "field_other": "eine der Angaben",
    },
}

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def lang_of(lang: str) -> str:
    return lang if lang in TEXTS else "en"


def say(
    key: str, lang: str, overrides: dict[str, dict[str, str]] | None = None, **kw: object
) -> str:
    """The sentence ``key`` in ``lang``; the hotel's own wording of it when ``overrides``
    (hotel.phrases: lang -> key -> text) has one and its placeholders can be filled."""
    template = (overrides or {}).get(lang_of(lang), {}).get(key)
    if template is not None:
        try:
            return template.format(**kw)
        except (KeyError, IndexError):  # `sovren config check` refuses such a phrase
            pass
    return TEXTS[lang_of(lang)][key].format(**kw)


def spoken_date(iso: str | dt.date, lang: str) -> str:
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    if lang_of(lang) == "de":
        return f"{d.day}. {_MONTHS_DE[d.month - 1]}"
    return f"{_MONTHS_EN[d.month - 1]} {d.day}"


_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
}


def spoken_day(iso: str | dt.date, lang: str) -> str:
    """Weekday, day and month ("Friday, March 6" / "Freitag, 6. März"): what a read-back names."""
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{_WEEKDAYS[lang_of(lang)][d.weekday()]}, {spoken_date(d, lang)}"


def spoken_nights(n: int, lang: str) -> str:
    return say("nights_1", lang) if n == 1 else say("nights_n", lang, n=n)


def spoken_guests(n: int, lang: str) -> str:
    return say("guests_1", lang) if n == 1 else say("guests_n", lang, n=n)
