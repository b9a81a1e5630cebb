"""UI text in Dutch (default) and English. Indicator titles come from the catalogue."""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "nl": "Coronadashboard Sociaal Domein",
        "en": "Corona Dashboard Social Domain",
    },
    "skip": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "menu": {"nl": "Menu openen of sluiten", "en": "Open or close the menu"},
    "nav.overzicht": {"nl": "Overzicht", "en": "Overview"},
    "nav.domeinen": {"nl": "Domeinen", "en": "Domains"},
    "nav.gebieden": {"nl": "Gebieden", "en": "Areas"},
    "nav.vergelijken": {"nl": "Vergelijken", "en": "Compare"},
    "nav.corona": {"nl": "Corona", "en": "Corona"},
    "nav.data": {"nl": "Data", "en": "Data"},
    "nav.over": {"nl": "Over", "en": "About"},
    "language": {"nl": "English", "en": "Nederlands"},
    "source": {"nl": "Bron", "en": "Source"},
    "table": {"nl": "Tabel met de cijfers", "en": "Table with the figures"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    "no_data_set": {
        "nl": "geen gegevens in deze gegevensset",
        "en": "no data in this data set",
    },
    "estimate": {"nl": "schatting", "en": "estimate"},
    "period": {"nl": "Periode", "en": "Period"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "gebied": {"nl": "Gebied", "en": "Area"},
    "gebieden": {"nl": "Gebieden", "en": "Areas"},
    "gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "level": {"nl": "Kaartniveau", "en": "Map level"},
    "nederland": {"nl": "Nederland", "en": "Netherlands"},
    "invalid": {
        "nl": "Een waarde in het webadres is onbekend en is vervangen door de standaard",
        "en": "A value in the address is unknown and was replaced by the default",
    },
    "updated": {"nl": "Laatste gegevens", "en": "Latest data"},
    "licence": {"nl": "Licentie", "en": "Licence"},
}


def t(key: str, language: str = "nl") -> str:
    entry = TEXT.get(key)
    if entry is None:
        return key
    return entry.get(language if language in LANGUAGES else "nl", entry["nl"])
