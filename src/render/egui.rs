//! Drawing a scene on an egui painter, with pan and zoom.
