"""Date and number formats per language, as they are written in Luxembourg (FORMAT_MODULE_PATH).
A store's pages speak its language, but its customers and staff live here: day before month, a
24-hour clock, weeks from Monday, and in French, German and Luxembourgish 1.234,50 (CLDR's fr-LU,
de-LU and lb-LU). Django's own formats fill in what a module leaves out."""
