//! Exporting a map to an image file: the pipeline shared by the command line and the app.
