"""One reader per file format, each turning raw bytes into plain text: text (any of the usual Chinese
encodings), HTML (main text only), PDF with a text layer and DOCX. `sniff` tells the format from the
bytes themselves, so a page saved as .txt is still read as HTML."""
