"""The library layer: files → reports, editions and passages. No Textual imports here."""
