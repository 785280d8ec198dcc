"""The Vietnamese language and Vietnam time, for every other package of unionnews.

Text normalisation (NFC, one tone-mark style, folding for accent-free search), the one list of
union and administrative abbreviations, the +07:00 zone and the date formats the sites print.
It is the bottom layer: it imports nothing of the project, so the cleaner, the archive, search,
the crawler and the app can all agree on one spelling of a word and one reading of a date.
"""
